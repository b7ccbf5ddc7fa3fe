// The browser the scripts drive and the pages they serve it. Pages come from a local HTTP
// server of the script's own, so each has an origin that is not the router's — the situation
// of a web app or a partner's site calling the API.
import { createServer } from "node:http";
import { chromium } from "playwright-core";

/**
 * Starts headless Chromium with a fresh profile and nothing but the test's own traffic;
 * `partner.example` resolves to 127.0.0.1, giving pages an origin the router does not allow.
 */
export function launchChromium(executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    timeout: 60_000,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--host-resolver-rules=MAP partner.example 127.0.0.1",
    ],
  });
}

/**
 * Serves `pages` (path → {type, body}) on 127.0.0.1 at a free port; anything else is a 404.
 * Resolves to the port and a function that stops the server.
 */
export async function servePages(pages) {
  const server = createServer((request, response) => {
    const page = pages[new URL(request.url, "http://page").pathname];
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": page.type });
    response.end(page.body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: server.address().port, close: () => server.close() };
}
