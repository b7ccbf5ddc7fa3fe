//! GraphiQL for browsers opening `/graphql`. The page loads GraphiQL from a CDN, so the router
//! ships no front-end assets; it talks to the same endpoint (HTTP for queries and mutations,
//! graphql-transport-ws for subscriptions).

use axum::response::{Html, IntoResponse, Response};

const PAGE: &str = r#"<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>iworkz GraphQL</title>
    <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
    <link rel="stylesheet" href="https://unpkg.com/graphiql@3.9.0/graphiql.min.css" />
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script crossorigin src="https://unpkg.com/react@18.3.1/umd/react.production.min.js"></script>
    <script crossorigin src="https://unpkg.com/react-dom@18.3.1/umd/react-dom.production.min.js"></script>
    <script crossorigin src="https://unpkg.com/graphiql@3.9.0/graphiql.min.js"></script>
    <script>
      const url = new URL("/graphql", window.location.href);
      const subscriptionUrl = url.href.replace(/^http/, "ws");
      const fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl });
      ReactDOM.createRoot(document.getElementById("graphiql")).render(
        React.createElement(GraphiQL, { fetcher, shouldPersistHeaders: true }),
      );
    </script>
  </body>
</html>
"#;

pub fn page() -> Response {
    Html(PAGE).into_response()
}
