// GraphiQL, the IDE the router serves at /graphql, as a partner would run it from their own
// site: the same GraphiQL and React versions and the same fetcher setup as the router's page,
// served from node_modules (no CDN) at an allowed origin, pointed at the router. It introspects
// on load; the script opens its documentation explorer and reads what it shows.
//
//   node graphiql.mjs <graphql url> <chromium executable>
//
// Prints {"origin", "routerIsCrossOrigin", "rootTypes": {"query": …}, "jobPostingFields": [...],
// "externalRequests", "pageErrors"}.
import { readFileSync } from "node:fs";
import { launchChromium, servePages } from "./chromium.mjs";
import { printJson, readOrNull, requireArgs } from "./output.mjs";

const [graphqlUrl, executablePath] = requireArgs(["<graphql url>", "<chromium executable>"]);

const asset = (path, type) => ({ type, body: readFileSync(new URL(`./node_modules/${path}`, import.meta.url)) });
const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>GraphiQL</title>
    <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
    <link rel="stylesheet" href="/graphiql.min.css" />
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="/react.production.min.js"></script>
    <script src="/react-dom.production.min.js"></script>
    <script src="/graphiql.min.js"></script>
    <script>
      const url = ${JSON.stringify(graphqlUrl)};
      const fetcher = GraphiQL.createFetcher({ url, subscriptionUrl: url.replace(/^http/, "ws") });
      ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(GraphiQL, { fetcher }));
    </script>
  </body>
</html>`;
const server = await servePages({
  "/": { type: "text/html; charset=utf-8", body: page },
  // Browsers ask for it; a 404 would be logged as a page error.
  "/favicon.ico": { type: "image/x-icon", body: "" },
  "/graphiql.min.css": asset("graphiql/graphiql.min.css", "text/css"),
  "/graphiql.min.js": asset("graphiql/graphiql.min.js", "text/javascript"),
  "/react.production.min.js": asset("react/umd/react.production.min.js", "text/javascript"),
  "/react-dom.production.min.js": asset("react-dom/umd/react-dom.production.min.js", "text/javascript"),
});
const browser = await launchChromium(executablePath);

const output = { externalRequests: [], pageErrors: [] };
try {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const routerHost = new URL(graphqlUrl).host;
  context.on("request", (request) => {
    const url = new URL(request.url());
    if (url.hostname !== "127.0.0.1") output.externalRequests.push(request.url());
  });
  tab.on("pageerror", (error) => output.pageErrors.push(String(error)));
  tab.on("console", (message) => {
    if (message.type() === "error") output.pageErrors.push(message.text());
  });
  await tab.goto(`http://127.0.0.1:${server.port}/`);
  output.origin = await tab.evaluate(() => location.origin);
  output.routerIsCrossOrigin = new URL(output.origin).host !== routerHost;

  // The explorer lists the root types once the schema has loaded.
  const explorer = tab.locator(".graphiql-doc-explorer");
  await tab.getByRole("button", { name: /documentation explorer/i }).click({ timeout: 20_000 });
  output.rootTypes = await readOrNull(output, async () => {
    await explorer.getByText("Root Types").waitFor({ timeout: 20_000 });
    const lines = (await explorer.innerText()).split("\n");
    return Object.fromEntries(lines.map((line) => line.match(/^(query|mutation|subscription): (\S+)$/)?.slice(1)).filter(Boolean));
  });
  output.jobPostingFields = await readOrNull(output, async () => {
    await explorer.getByRole("link", { name: "JobPosting", exact: true }).first().click({ timeout: 10_000 });
    await explorer.locator(".graphiql-doc-explorer-title", { hasText: "JobPosting" }).waitFor({ timeout: 10_000 });
    return explorer.locator(".graphiql-doc-explorer-field-name").allInnerTexts();
  });
  await context.close();
} finally {
  await browser.close();
  server.close();
}
printJson(output);
