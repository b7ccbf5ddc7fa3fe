// GraphQL over HTTP conformance: graphql-http's server audits (the checks its maintainers run
// against every server they list) against one endpoint.
//
//   node http-audit.mjs <graphql url>
//
// Prints one JSON document: {"results": [{id, name, status, reason?, exchanges}]} where status is
// "ok", or "error" / "warn" / "notice" for a failing MUST / SHOULD / MAY, and exchanges are the
// requests the audit made with the responses they got. The audits run one after another so that
// every exchange belongs to exactly one audit. Judging the results is the caller's job: the
// script exits non-zero only when it could not run the audits at all.
import { serverAudits } from "graphql-http";
import { printJson, requireArgs } from "./output.mjs";

const [url] = requireArgs(["<graphql url>"]);

let exchanges = [];

// Reads each response once, keeps a copy for the report and hands the audit an equivalent,
// unread one (the audits read bodies themselves).
async function recordingFetch(input, init = {}) {
  const request = {
    method: init.method ?? "GET",
    url: String(input),
    headers: Object.fromEntries(new Headers(init.headers ?? {})),
    body: typeof init.body === "string" ? init.body : null,
  };
  // Bytes, not a string: fetch would label a string body `text/plain;charset=UTF-8` on its own,
  // and the audits must send exactly the headers they name (9ABE sends none).
  const body = typeof init.body === "string" ? new TextEncoder().encode(init.body) : init.body;
  const response = await fetch(input, { ...init, body, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  exchanges.push({
    request,
    response: {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: text,
    },
  });
  const bodyless = [101, 204, 205, 304].includes(response.status);
  return new Response(bodyless ? null : text, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

const results = [];
for (const audit of serverAudits({ url, fetchFn: recordingFetch })) {
  exchanges = [];
  const result = await audit.fn();
  results.push({
    id: result.id,
    name: result.name,
    status: result.status,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    exchanges,
  });
}
printJson({ results });
