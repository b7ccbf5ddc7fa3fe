// Starts GraphiQL on the router's own page: queries and mutations over HTTP to the endpoint the
// page came from, subscriptions over graphql-transport-ws to the same path. The header editor's
// headers go with every request, and open subscriptions with them as `connection_init`'s
// payload (browsers cannot set headers on a WebSocket), so `{"Authorization": "Bearer …"}`
// signs in both. A separate file rather than an inline script, so the page's
// Content-Security-Policy allows scripts from the router only.
(function () {
  const url = new URL(document.body.dataset.endpoint || "/graphql", window.location.href);
  const subscriptionUrl = url.href.replace(/^http/, "ws");
  // One fetcher (and so one WebSocket) per set of headers.
  const fetchers = new Map();
  function fetcher(params, options) {
    const headers = (options && options.headers) || {};
    const key = JSON.stringify(headers);
    let forHeaders = fetchers.get(key);
    if (!forHeaders) {
      forHeaders = GraphiQL.createFetcher({
        url: url.href,
        subscriptionUrl,
        wsConnectionParams: headers,
      });
      fetchers.set(key, forHeaders);
    }
    return forHeaders(params, options);
  }
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher,
      shouldPersistHeaders: true,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: "headers",
    }),
  );
})();
