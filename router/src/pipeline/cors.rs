//! CORS: which browser origins may call the API, with credentials, and which request headers
//! they may send. Preflights (`OPTIONS` with `Access-Control-Request-Method`) are answered here
//! without reaching a handler; an origin not on the list gets no `Access-Control-Allow-Origin`,
//! so the browser withholds the response from the page. WebSocket upgrades have no preflight:
//! `websocket_server` checks their `Origin` with [`origin_allowed`].

use crate::config::CorsConfig;
use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName};
use http::{HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The request headers browsers may send: credentials, JSON, Apollo client identification and
/// the CSRF-prevention headers.
const ALLOWED_HEADERS: [&str; 4] = [
    "apollographql-client-name",
    "apollographql-client-version",
    "x-apollo-operation-name",
    "apollo-require-preflight",
];

pub fn cors_layer(config: &CorsConfig) -> CorsLayer {
    let origins = config.origins.clone();
    let headers = [AUTHORIZATION, CONTENT_TYPE]
        .into_iter()
        .chain(ALLOWED_HEADERS.map(HeaderName::from_static));
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            origin
                .to_str()
                .is_ok_and(|origin| origins.iter().any(|allowed| allowed.matches(origin)))
        }))
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers(headers.collect::<Vec<_>>())
        .max_age(config.max_age)
}

/// Whether a request's `Origin` may open a WebSocket; requests without one (non-browser
/// clients) may.
pub fn origin_allowed(config: &CorsConfig, origin: Option<&HeaderValue>) -> bool {
    let Some(origin) = origin else {
        return true;
    };
    origin
        .to_str()
        .is_ok_and(|origin| config.origins.iter().any(|allowed| allowed.matches(origin)))
}
