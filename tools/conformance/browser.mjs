// A real browser against the router: headless Chromium loads a page this script serves (so the
// page has an origin of its own) and calls the API from it, as a web app would — once from an
// origin the router allows (`http://127.0.0.1:<port>`) and once from one it does not
// (`http://partner.example:<port>`, mapped to 127.0.0.1 inside the browser).
//
//   node browser.mjs <graphql url> <chromium executable> <scenario json>
//
// The scenario (built by the Rust test, which owns the GraphQL operations) is
//   {"login": {query, variables}, "authorized": {query},
//    "forged": [{"origin": "allowed" | "disallowed", "contentType": "text/plain" | null, "body": {query, variables}}]}
// `login` must answer `data.login.tokens.accessToken`. Prints one JSON document with what each
// origin saw: the fetch results, the preflights Chromium sent (from the DevTools protocol, the
// only place a page's preflights are visible), the forged "simple" POSTs and a WebSocket
// handshake. The Rust test judges them.
import { launchChromium, servePages } from "./chromium.mjs";
import { printJson, requireArgs } from "./output.mjs";

const [graphqlUrl, executablePath, scenarioJson] = requireArgs(["<graphql url>", "<chromium executable>", "<scenario json>"]);
const scenario = JSON.parse(scenarioJson);
const routerHost = new URL(graphqlUrl).host;
const websocketUrl = graphqlUrl.replace(/^http/, "ws");

// An empty page is enough: everything runs through page.evaluate, i.e. as the page's script.
const server = await servePages({
  "/": { type: "text/html; charset=utf-8", body: "<!doctype html><title>partner app</title><p>partner app</p>" },
});
const { port } = server;
const browser = await launchChromium(executablePath);

/** Opens the page at `origin` in a fresh context (own cookies and cache, so no preflight is cached). */
async function openAt(origin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const routerTraffic = new Map();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  cdp.on("Network.requestWillBeSent", (event) => {
    if (new URL(event.request.url).host !== routerHost) return;
    routerTraffic.set(event.requestId, { method: event.request.method, type: event.type ?? null, status: null, responseHeaders: null, failure: null });
  });
  cdp.on("Network.responseReceived", (event) => {
    const entry = routerTraffic.get(event.requestId);
    if (entry) Object.assign(entry, { status: event.response.status, responseHeaders: lowerCaseKeys(event.response.headers) });
  });
  cdp.on("Network.loadingFailed", (event) => {
    const entry = routerTraffic.get(event.requestId);
    if (entry) entry.failure = event.corsErrorStatus?.corsError ?? event.blockedReason ?? event.errorText ?? "failed";
  });
  await page.goto(`${origin}/`);
  return { context, page, routerTraffic };
}

function lowerCaseKeys(headers) {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

// Runs in the page: a web app's GraphQL call with a JSON body (so always preflighted
// cross-origin), optionally with a bearer token and cookies.
async function graphqlFetch({ url, body, token }) {
  const headers = { "content-type": "application/json", accept: "application/graphql-response+json, application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body), credentials: "include" });
    return { status: response.status, body: await response.json() };
  } catch (error) {
    return { error: `${error.name}: ${error.message}` };
  }
}

// Runs in the page: what a hostile page can send without asking — a no-cors POST whose body
// happens to be a GraphQL request, labelled `text/plain` or not labelled at all (a Blob without
// a type). The page never sees the answer; whether the operation ran is checked afterwards
// through the API.
async function forgedSimplePost({ url, contentType, body }) {
  const init = { method: "POST", mode: "no-cors", credentials: "include" };
  if (contentType) {
    init.headers = { "content-type": contentType };
    init.body = JSON.stringify(body);
  } else {
    init.body = new Blob([JSON.stringify(body)]);
  }
  try {
    const response = await fetch(url, init);
    return { contentType, type: response.type };
  } catch (error) {
    return { contentType, error: `${error.name}: ${error.message}` };
  }
}

// Runs in the page: a graphql-transport-ws handshake; collects what happened until the
// socket closes (closed by us after `connection_ack`) or 10 s pass.
function websocketHandshake({ url }) {
  return new Promise((resolve) => {
    const seen = { opened: false, protocol: null, messages: [], error: false, closeCode: null };
    const timer = setTimeout(() => resolve({ ...seen, timedOut: true }), 10_000);
    const socket = new WebSocket(url, "graphql-transport-ws");
    socket.onopen = () => {
      seen.opened = true;
      seen.protocol = socket.protocol;
      socket.send(JSON.stringify({ type: "connection_init", payload: {} }));
    };
    socket.onmessage = (message) => {
      seen.messages.push(message.data);
      if (message.data.includes("connection_ack")) socket.close(1000);
    };
    socket.onerror = () => {
      seen.error = true;
    };
    socket.onclose = (event) => {
      clearTimeout(timer);
      resolve({ ...seen, closeCode: event.code });
    };
  });
}

async function visit(origin, which, tokenFromElsewhere) {
  const { context, page, routerTraffic } = await openAt(origin);
  const result = { origin: await page.evaluate(() => location.origin) };
  result.login = await page.evaluate(graphqlFetch, { url: graphqlUrl, body: scenario.login });
  // The token signed in here, or else one obtained elsewhere: the request must carry the same
  // Authorization header either way.
  const token = result.login.body?.data?.login?.tokens?.accessToken ?? tokenFromElsewhere;
  result.authorized = await page.evaluate(graphqlFetch, { url: graphqlUrl, body: scenario.authorized, token });
  result.forged = [];
  for (const forged of scenario.forged.filter((forged) => forged.origin === which)) {
    result.forged.push(await page.evaluate(forgedSimplePost, { url: graphqlUrl, contentType: forged.contentType, body: forged.body }));
  }
  result.websocket = await page.evaluate(websocketHandshake, { url: websocketUrl });
  // Let the protocol events of the last requests arrive.
  await page.waitForTimeout(200);
  result.routerTraffic = [...routerTraffic.values()];
  await context.close();
  return result;
}

let output;
try {
  const allowed = await visit(`http://127.0.0.1:${port}`, "allowed", null);
  const token = allowed.login.body?.data?.login?.tokens?.accessToken ?? "no-token";
  const disallowed = await visit(`http://partner.example:${port}`, "disallowed", token);
  output = { chromium: browser.version(), allowed, disallowed };
} finally {
  await browser.close();
  server.close();
}
printJson(output);
