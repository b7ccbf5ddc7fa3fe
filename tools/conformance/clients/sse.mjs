// graphql-sse's own client, in its default "distinct connections" mode: one HTTP stream per
// subscription, signed in with an Authorization header.
import { createClient } from "graphql-sse";
import { JOB_STATUS, follow } from "./live.mjs";
import { recordingFetch } from "./wire.mjs";

/** `jobStatusChanged` through `createClient({url, headers})`, with the events it received. */
export function sseSubscription({ url, token, jobId }) {
  const wire = [];
  const events = [];
  const sse = createClient({
    url,
    headers: { Authorization: `Bearer ${token}` },
    fetchFn: recordingFetch(wire),
    retryAttempts: 0,
  });
  const live = follow((sink) =>
    sse.subscribe({ query: JOB_STATUS, variables: { id: jobId } }, sink, {
      connected: () => sink.established(),
      message: (message) => events.push(message.event),
    }),
  );
  const done = live.done.then((report) => {
    sse.dispose();
    return report;
  });
  return { established: live.established, done, wire, events };
}
