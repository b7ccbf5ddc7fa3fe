// The router's own GraphiQL page, offline: headless Chromium opens <router>/graphql with every
// request to another host refused, reads the documentation explorer, runs a query and a
// subscription from the editor, and closes the posting (as its employer, through the router)
// while the subscription listens. The subscription is the employer's: their token is in the
// header editor (as GraphiQL keeps it between visits), which signs in the WebSocket too.
//
//   node router-graphiql.mjs <graphql url> <chromium executable> <published job id> <employer token>
//
// Prints {"title", "contentSecurityPolicy", "headersEditor", "jobPostingFields", "queryResult",
// "subscriptionResult", "socketFrames", "blockedRequests", "pageErrors"}.
import { launchChromium } from "./chromium.mjs";
import { printJson, readOrNull, requireArgs } from "./output.mjs";

const [graphqlUrl, executablePath, jobId, token] = requireArgs([
  "<graphql url>",
  "<chromium executable>",
  "<published job id>",
  "<employer token>",
]);
const routerHost = new URL(graphqlUrl).host;
const browser = await launchChromium(executablePath);
const output = { blockedRequests: [], pageErrors: [] };
try {
  const context = await browser.newContext();
  // No internet: anything not served by the router is refused, and recorded.
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.host === routerHost) return route.continue();
    output.blockedRequests.push(url.href);
    return route.abort("internetdisconnected");
  });
  await context.addInitScript((headers) => {
    localStorage.setItem("graphiql:headers", headers);
  }, JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2));
  const tab = await context.newPage();
  output.socketFrames = [];
  tab.on("websocket", (socket) => {
    socket.on("framesent", (frame) => output.socketFrames.push(`> ${String(frame.payload).slice(0, 200)}`));
    socket.on("framereceived", (frame) => output.socketFrames.push(`< ${String(frame.payload).slice(0, 200)}`));
    socket.on("socketerror", (error) => output.pageErrors.push(`websocket: ${error}`));
  });
  tab.on("pageerror", (error) => output.pageErrors.push(String(error)));
  tab.on("console", (message) => {
    if (message.type() === "error") output.pageErrors.push(message.text());
  });
  const page = await tab.goto(graphqlUrl);
  output.title = await tab.title();
  output.contentSecurityPolicy = page.headers()["content-security-policy"] ?? null;

  // The docs explorer, once the schema has loaded.
  const explorer = tab.locator(".graphiql-doc-explorer");
  await tab.getByRole("button", { name: /documentation explorer/i }).click({ timeout: 30_000 });
  output.jobPostingFields = await readOrNull(output, async () => {
    await explorer.getByText("Root Types").waitFor({ timeout: 20_000 });
    await explorer.getByRole("link", { name: "JobPosting", exact: true }).first().click({ timeout: 10_000 });
    await explorer.locator(".graphiql-doc-explorer-title", { hasText: "JobPosting" }).waitFor({ timeout: 10_000 });
    return explorer.locator(".graphiql-doc-explorer-field-name").allInnerTexts();
  });
  output.headersEditor = await tab
    .locator(".graphiql-editor-tools")
    .getByRole("button", { name: "Headers", exact: true })
    .count() > 0;

  // A query from the editor.
  output.queryResult = await readOrNull(output, () =>
    runInEditor(`{ jobPosting(id: "${jobId}") { title status } }`, '"status"'),
  );

  // A subscription from the editor, then the posting closes.
  output.subscriptionResult = await readOrNull(output, async () => {
    await setEditor(`subscription { jobStatusChanged(jobId: "${jobId}") { id status } }`);
    await tab.locator(".graphiql-execute-button").click();
    // The subscription is live once its socket has opened and the server acknowledged it.
    await tab.waitForTimeout(1500);
    const closed = await fetch(graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: "mutation($id: ID!) { closeJobPosting(id: $id) { status } }",
        variables: { id: jobId },
      }),
    }).then((response) => response.json());
    if (closed.errors) throw new Error(`closing failed: ${JSON.stringify(closed.errors)}`);
    return waitForResponse("CLOSED");
  });
  await context.close();

  async function setEditor(text) {
    await tab.locator(".graphiql-query-editor .CodeMirror").waitFor({ timeout: 10_000 });
    await tab.evaluate((value) => {
      document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror.setValue(value);
    }, text);
    // GraphiQL parses the editor's text after a short debounce; it decides from that parse
    // whether an operation is a subscription (WebSocket) or not (HTTP).
    await tab.waitForTimeout(500);
  }

  async function runInEditor(text, needle) {
    await setEditor(text);
    await tab.locator(".graphiql-execute-button").click();
    return waitForResponse(needle);
  }

  /** The response pane's text once it contains `needle` (within 15 s), parsed as JSON. */
  async function waitForResponse(needle) {
    const shown = () =>
      tab.evaluate(() => document.querySelector(".graphiql-response .CodeMirror")?.CodeMirror.getValue() ?? "");
    const handle = await tab.waitForFunction(
      (needle) => {
        const pane = document.querySelector(".graphiql-response .CodeMirror");
        const text = pane?.CodeMirror.getValue() ?? "";
        return text.includes(needle) ? text : null;
      },
      needle,
      { timeout: 15_000 },
    ).catch(async (error) => {
      throw new Error(`${error.message.split("\n")[0]} (the response pane shows ${JSON.stringify(await shown())})`);
    });
    return JSON.parse(await handle.jsonValue());
  }
} finally {
  await browser.close();
}
printJson(output);
