// One subscription as a client library runs it: started, marked established when the library
// says its transport is up, and followed until the posting reports CLOSED (then unsubscribed),
// the stream ends or fails, or the wait runs out.
import { describeError } from "./wire.mjs";

/** How long a subscription waits for the posting to close. */
export const CLOSE_WAIT_MS = 90_000;

export const JOB_STATUS = `subscription JobStatus($id: ID!) { jobStatusChanged(jobId: $id) { id status } }`;

/**
 * Runs `start({established, next, error, complete})`, which subscribes and returns its
 * unsubscribe function. `next` takes a result as the library delivers it. Returns
 * `{established, done}`: promises of the transport being up and of the report
 * `{established, results, end, error?}`.
 */
export function follow(start) {
  const report = { established: false, results: [], end: null };
  let markEstablished;
  const established = new Promise((resolve) => (markEstablished = resolve));
  let settle;
  const done = new Promise((resolve) => (settle = resolve));
  let stop = () => {};
  const finish = (end, error) => {
    if (report.end) return;
    report.end = end;
    if (error !== undefined) report.error = describeError(error);
    clearTimeout(timer);
    try {
      stop();
    } catch {
      // The library already tore the stream down.
    }
    markEstablished();
    settle(report);
  };
  const timer = setTimeout(() => finish("timeout"), CLOSE_WAIT_MS);
  try {
    stop =
      start({
        established: () => {
          report.established = true;
          markEstablished();
        },
        next: (result) => {
          report.results.push(normalize(result));
          const posting = result?.data?.jobStatusChanged;
          if (posting?.status === "CLOSED") finish("closed");
        },
        error: (error) => finish("error", error),
        complete: () => finish("complete"),
      }) ?? stop;
  } catch (error) {
    finish("error", error);
  }
  return { established, done };
}

/** A result from any of the libraries as `{data, errors, eventId}`. */
function normalize(result) {
  const errors = result?.errors ?? result?.error?.graphQLErrors ?? result?.error?.errors ?? [];
  const normalized = {
    data: result?.data ?? null,
    errors: errors.map((error) => ({ message: error.message, code: error.extensions?.code ?? null })),
    eventId: result?.extensions?.eventId ?? null,
  };
  if (result?.error && errors.length === 0) normalized.errors.push({ message: result.error.message, code: null });
  return normalized;
}
