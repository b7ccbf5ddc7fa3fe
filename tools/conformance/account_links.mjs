// Links from account mail, opened as their recipient would: each page the scenario names is
// loaded in Chromium, its form filled and submitted, and what the page then says is read back.
//
//   node account_links.mjs <chromium executable> <scenario json>
//
// The scenario is {"visits": [{"url", "fields": {"<input id>": "<value>"}, "form": "<form id>"}]}.
// Prints {"visits": [{"url", "status", "headers", "visibleForm", "result", "resultIsError",
// "requests", "pageErrors"}]}: `requests` are the page's calls (method and path, on any host).
import { launchChromium } from "./chromium.mjs";
import { printJson, requireArgs } from "./output.mjs";

const [executablePath, scenarioJson] = requireArgs(["<chromium executable>", "<scenario json>"]);
const scenario = JSON.parse(scenarioJson);
const browser = await launchChromium(executablePath);

const visits = [];
try {
  for (const visit of scenario.visits) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const record = { url: visit.url, requests: [], pageErrors: [] };
    tab.on("pageerror", (error) => record.pageErrors.push(String(error)));
    tab.on("console", (message) => {
      if (message.type() === "error") record.pageErrors.push(message.text());
    });
    context.on("request", (request) => {
      const url = new URL(request.url());
      record.requests.push(`${request.method()} ${url.host}${url.pathname}`);
    });
    const response = await tab.goto(visit.url, { waitUntil: "load" });
    record.status = response.status();
    record.headers = response.headers();
    record.visibleForm = await tab.evaluate(
      () => [...document.querySelectorAll("form")].filter((form) => !form.hidden).map((form) => form.id),
    );
    // Nothing may happen before the recipient acts: a mail scanner opening the link is not a click.
    record.resultBeforeSubmit = await tab.textContent("#result");
    for (const [id, value] of Object.entries(visit.fields || {})) {
      await tab.fill(`#${id}`, value);
    }
    await tab.click(`#${visit.form} button[type=submit]`);
    await tab.waitForFunction(() => document.getElementById("result").textContent.trim() !== "", null, {
      timeout: 20_000,
    });
    record.result = await tab.textContent("#result");
    record.resultIsError = await tab.evaluate(() => document.getElementById("result").className === "error");
    visits.push(record);
    await context.close();
  }
} finally {
  await browser.close();
}
printJson({ visits });
