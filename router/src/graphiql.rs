//! GraphiQL for browsers opening `/graphql`, served entirely by the router: the page and a
//! pinned GraphiQL build (`router/assets/graphiql/`, compiled into the binary), so it works
//! offline and behind firewalls that block CDNs. It talks to the endpoint it came from (HTTP for
//! queries and mutations, graphql-transport-ws for subscriptions), with the documentation
//! explorer and the header editor (for `Authorization: Bearer …`).
//!
//! The assets' paths carry GraphiQL's version and are cached for a year: a new build gets new
//! paths, so a browser never mixes a cached old file with a new page. The page itself is not
//! cached, and its Content-Security-Policy allows scripts and styles from the router only
//! (GraphiQL sets inline styles, hence `'unsafe-inline'` for styles) and connections to the
//! router. `router.graphiql` (`ROUTER_GRAPHIQL`) turns it off, for production.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The GraphiQL release the assets come from; part of every asset path.
pub const VERSION: &str = "3.9.0";

/// Where the assets are served (`/graphiql/<version>/<file>`), as the router's route.
pub const ASSETS_ROUTE: &str = "/graphiql/{version}/{file}";

/// (file name, content type, bytes).
const ASSETS: [(&str, &str, &[u8]); 5] = [
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/graphiql.min.js"),
    ),
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/graphiql/graphiql.min.css"),
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/react-dom.production.min.js"),
    ),
    (
        "init.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/init.js"),
    ),
];

const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
     connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

fn page_html() -> String {
    let asset = |file: &str| format!("/graphiql/{VERSION}/{file}");
    format!(
        r#"<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>iworkz GraphQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="{css}" />
  </head>
  <body data-endpoint="/graphql" style="margin: 0; height: 100vh">
    <div id="graphiql" style="height: 100vh">Loading GraphiQL…</div>
    <script src="{react}"></script>
    <script src="{react_dom}"></script>
    <script src="{graphiql}"></script>
    <script src="{init}"></script>
  </body>
</html>
"#,
        css = asset("graphiql.min.css"),
        react = asset("react.production.min.js"),
        react_dom = asset("react-dom.production.min.js"),
        graphiql = asset("graphiql.min.js"),
        init = asset("init.js"),
    )
}

/// The GraphiQL page.
pub fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        page_html(),
    )
        .into_response()
}

/// `GET /graphiql/<version>/<file>`: one of the assets, for this version only.
pub async fn asset(Path((version, file)): Path<(String, String)>) -> Response {
    let found = ASSETS
        .iter()
        .find(|(name, _, _)| version == VERSION && *name == file);
    let Some((_, content_type, bytes)) = found else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_loads_every_asset_from_the_router_itself() {
        let html = page_html();
        for (file, _, bytes) in ASSETS {
            assert!(
                html.contains(&format!("\"/graphiql/{VERSION}/{file}\"")),
                "{file}"
            );
            assert!(!bytes.is_empty(), "{file} is empty");
        }
        assert!(!html.contains("https://"), "the page names no other host");
    }
}
