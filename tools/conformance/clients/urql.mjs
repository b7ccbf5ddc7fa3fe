// urql 5 (`@urql/core`) as apps configure it: the cache and fetch exchanges for queries, and
// subscriptions either through `subscriptionExchange` over graphql-sse or through the fetch
// exchange itself (`fetchSubscriptions`, which streams SSE or multipart over fetch).
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "@urql/core";
import { createClient as createSseClient } from "graphql-sse";
import { JOB_STATUS, follow } from "./live.mjs";
import { recordingFetch } from "./wire.mjs";

const POSTING = `query UrqlPosting($id: ID!) { jobPosting(id: $id) { id title status } }`;

/** A query with the client's defaults, and with `preferGetMethod: "within-url-limit"`. */
export async function query({ url, token, jobId }) {
  const run = async (options) => {
    const wire = [];
    const urql = new Client({
      url,
      exchanges: [cacheExchange, fetchExchange],
      fetch: recordingFetch(wire),
      fetchOptions: { headers: { authorization: `Bearer ${token}` } },
      ...options,
    });
    const result = await urql.query(POSTING, { id: jobId }).toPromise();
    if (result.error) throw result.error;
    return { data: result.data, wire };
  };
  return {
    defaults: await run({}),
    preferGet: await run({ preferGetMethod: "within-url-limit" }),
  };
}

function subscribe(urql, jobId, sink) {
  const { unsubscribe } = urql.subscription(JOB_STATUS, { id: jobId }).subscribe((result) => {
    if (result.error && !result.data) sink.error(result.error);
    else sink.next(result);
  });
  return unsubscribe;
}

/** `jobStatusChanged` through `subscriptionExchange`, forwarded to a graphql-sse client. */
export function sseExchangeSubscription({ url, token, jobId }) {
  const wire = [];
  let established = () => {};
  const sse = createSseClient({
    url,
    headers: { Authorization: `Bearer ${token}` },
    fetchFn: recordingFetch(wire),
    retryAttempts: 0,
    on: { connected: () => established() },
  });
  const urql = new Client({
    url,
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: sse.subscribe(request, sink) }),
        }),
      }),
    ],
  });
  const live = follow((sink) => {
    established = sink.established;
    return subscribe(urql, jobId, sink);
  });
  const done = live.done.then((report) => {
    sse.dispose();
    return report;
  });
  return { established: live.established, done, wire };
}

/** `jobStatusChanged` through the fetch exchange's own streaming (`fetchSubscriptions: true`). */
export function fetchSubscription({ url, token, jobId }) {
  const wire = [];
  let established = () => {};
  const urql = new Client({
    url,
    exchanges: [cacheExchange, fetchExchange],
    fetchSubscriptions: true,
    fetch: recordingFetch(wire, () => established()),
    fetchOptions: { headers: { authorization: `Bearer ${token}` } },
  });
  const live = follow((sink) => {
    established = sink.established;
    return subscribe(urql, jobId, sink);
  });
  return { ...live, wire };
}
