// Real GraphQL client libraries against the router, configured as apps configure them: Apollo
// Client 4 (HttpLink, persisted queries over POST and GET, BatchHttpLink, multipart and
// graphql-ws subscriptions), urql 5 (queries; subscriptions over graphql-sse and over its fetch
// exchange), graphql-sse's client, and GraphQL Code Generator introspecting the live endpoint.
// Each step catches its own failure into the report. The HTTP steps run first (the mutation
// renames the posting); then every subscription to the posting's status starts and waits for it
// to close: the caller closes it once they are all live (the test watches the subgraphs' bus),
// or, with --close, the script does when every client says its transport is up.
//
//   node clients.mjs <graphql url> <employer token> <published job id> <company id> [--close]
//
// Prints {"apolloHttp", "apolloPersisted", "apolloBatch", "urqlQuery", "codegen",
// "apolloMultipart", "apolloWebSocket", "urqlSse", "urqlFetch", "graphqlSse", "closedBy",
// "unhandledRejections"}; a failed step is {"error": {"message", "codes"}}, a subscription
// {"established", "results", "end", "error"?} with what its transport sent and received.
import * as apollo from "./clients/apollo.mjs";
import { codegen } from "./clients/codegen.mjs";
import { sseSubscription } from "./clients/sse.mjs";
import * as urql from "./clients/urql.mjs";
import { describeError } from "./clients/wire.mjs";
import { printJson, requireArgs } from "./output.mjs";

const [url, token, jobId, companyId] = requireArgs([
  "<graphql url>",
  "<employer token>",
  "<published job id>",
  "<company id>",
]);
const closeItself = process.argv.slice(6).includes("--close");
const context = { url, token, jobId, companyId };
// stdout carries the report alone; anything a library logs goes to stderr.
console.log = console.info = console.debug = (...args) => console.error(...args);

const report = { unhandledRejections: [] };
// A library that rejects a promise nobody awaits (a stream aborted on unsubscribe) is noted,
// not fatal.
process.on("unhandledRejection", (error) => {
  report.unhandledRejections.push(`${error?.name ?? "Error"}: ${error?.message ?? error}`);
});

async function step(name, run) {
  try {
    report[name] = await run();
  } catch (error) {
    report[name] = { error: describeError(error) };
  }
}

await step("apolloHttp", () => apollo.queryAndMutate(context));
await step("apolloPersisted", () => apollo.persistedQueries(context));
await step("apolloBatch", () => apollo.batched(context));
await step("urqlQuery", () => urql.query(context));
await step("codegen", () => codegen(context));

const subscriptions = {
  apolloMultipart: apollo.multipartSubscription,
  apolloWebSocket: apollo.webSocketSubscription,
  urqlSse: urql.sseExchangeSubscription,
  urqlFetch: urql.fetchSubscription,
  graphqlSse: sseSubscription,
};
const live = Object.entries(subscriptions).map(([name, start]) => {
  try {
    return [name, start(context)];
  } catch (error) {
    const failed = Promise.resolve({ established: false, results: [], end: "error", error: describeError(error) });
    return [name, { established: failed, done: failed }];
  }
});
await Promise.all(live.map(([, subscription]) => subscription.established));
report.closedBy = closeItself ? await closePosting() : "caller";
for (const [name, { established, done, ...transport }] of live) {
  report[name] = { ...(await done), ...transport };
}

printJson(report);
// Keep-alive sockets would hold the process open for a few seconds more.
process.stdout.write("", () => process.exit(0));

async function closePosting() {
  // Every transport is up; the server subscribes to the bus just after.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: "mutation($id: ID!) { closeJobPosting(id: $id) { status } }",
      variables: { id: jobId },
    }),
  });
  return { script: await response.json() };
}
