//! CORS: which browser origins may call the API, with credentials, which request headers they
//! may send and which response headers they may read (all configured, see `CorsConfig`). Preflights (`OPTIONS` with `Access-Control-Request-Method`) are answered here
//! without reaching a handler; an origin not on the list gets no `Access-Control-Allow-Origin`,
//! so the browser withholds the response from the page. WebSocket upgrades have no preflight:
//! `websocket_server` checks their `Origin` with [`origin_allowed`].

use crate::config::CorsConfig;
use http::{HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

pub fn cors_layer(config: &CorsConfig) -> CorsLayer {
    let origins = config.origins.clone();
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            origin
                .to_str()
                .is_ok_and(|origin| origins.iter().any(|allowed| allowed.matches(origin)))
        }))
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers(config.allow_headers.clone())
        .expose_headers(config.expose_headers.clone())
        .max_age(config.max_age)
}

/// Whether a request's `Origin` may open a WebSocket: requests without one (servers, tools)
/// may; so may an allowed origin, and the API's own origin (`Origin` naming the `Host` the
/// request went to). React Native sets that last one on both platforms (from the socket's URL:
/// `wss://api.example` gives `https://api.example`); a page that is not the API's own cannot
/// claim it, since browsers set `Origin` themselves.
pub fn origin_allowed(
    config: &CorsConfig,
    origin: Option<&HeaderValue>,
    host: Option<&HeaderValue>,
) -> bool {
    let Some(origin) = origin else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    config.origins.iter().any(|allowed| allowed.matches(origin)) || is_own_origin(origin, host)
}

/// `origin` (`scheme://authority`) names the `host` the request was sent to.
fn is_own_origin(origin: &str, host: Option<&HeaderValue>) -> bool {
    let Some(host) = host.and_then(|host| host.to_str().ok()) else {
        return false;
    };
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => return false,
    };
    let without_default = |value: &str| {
        value
            .to_ascii_lowercase()
            .trim_end_matches(default_port)
            .to_owned()
    };
    !authority.is_empty() && without_default(authority) == without_default(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(origin: Option<&str>, host: &str) -> bool {
        let config = CorsConfig {
            origins: crate::config::OriginPattern::parse_list(
                "router.cors.origins",
                ["https://app.iworkz.jp"],
            )
            .expect("origins"),
            ..CorsConfig::default()
        };
        origin_allowed(
            &config,
            origin
                .map(|origin| HeaderValue::from_str(origin).expect("origin"))
                .as_ref(),
            Some(&HeaderValue::from_str(host).expect("host")),
        )
    }

    #[test]
    fn websockets_open_from_listed_origins_the_apis_own_and_clients_without_one() {
        assert!(allowed(None, "api.iworkz.jp"));
        assert!(allowed(Some("https://app.iworkz.jp"), "api.iworkz.jp"));
        // React Native: the socket's own URL as the origin, default port or not.
        assert!(allowed(Some("https://api.iworkz.jp"), "api.iworkz.jp"));
        assert!(allowed(Some("https://api.iworkz.jp"), "api.iworkz.jp:443"));
        assert!(allowed(Some("http://10.0.2.2:4000"), "10.0.2.2:4000"));
        assert!(allowed(Some("HTTPS://API.iworkz.jp"), "api.iworkz.jp"));
        // Another site, or the same host on another port, is not the API.
        assert!(!allowed(Some("https://evil.example"), "api.iworkz.jp"));
        assert!(!allowed(
            Some("https://api.iworkz.jp.evil.example"),
            "api.iworkz.jp"
        ));
        assert!(!allowed(Some("http://10.0.2.2:5000"), "10.0.2.2:4000"));
        assert!(!allowed(Some("null"), "api.iworkz.jp"));
        assert!(!allowed(Some("file://"), "api.iworkz.jp"));
    }
}
