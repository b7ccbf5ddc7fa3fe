//! CSRF prevention. A browser sends some requests cross-site without asking the server first:
//! form submissions and links (navigations), images and scripts (`no-cors` loads), and "simple"
//! POSTs (a `text/plain`, form or multipart body, or none). The page cannot read the answer,
//! but the operation would still run, from the user's browser and network.
//!
//! - **POST** runs when its body says it is JSON (any other content type: a browser sends that
//!   cross-site only after a CORS preflight) or it carries a non-empty `x-apollo-operation-name`
//!   or `apollo-require-preflight` header (likewise preflighted), as in Apollo Router.
//! - **GET** runs queries only (a mutation over GET is 405), and the API takes credentials only
//!   from `Authorization`, which a cross-site page cannot set without a preflight: a GET can do
//!   nothing but read anonymously. So GETs from scripts run without extra headers (urql's and
//!   Apollo's defaults), and what browsers mark as a cross-site navigation or `no-cors` load
//!   (`Sec-Fetch-Site: cross-site`/`same-site` with `Sec-Fetch-Mode: navigate`, `no-cors` or
//!   `nested-navigate`: a form, a link, an `<img>` or `<script>` on another site) is refused,
//!   unless it carries one of the two headers above.
//!
//! Refused requests get 400 `CSRF_PREVENTION_FAILED` before they are parsed.

use super::PipelineError;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, Method};

/// Headers a browser sends cross-site only after a preflight.
const PREFLIGHT_HEADERS: [&str; 2] = ["x-apollo-operation-name", "apollo-require-preflight"];
/// Content types a browser may send cross-site without a preflight.
const SIMPLE_CONTENT_TYPES: [&str; 3] = [
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
];
/// `Sec-Fetch-Mode` values of requests a page makes without CORS: navigations and loads.
const UNCHECKED_MODES: [&str; 3] = ["navigate", "nested-navigate", "no-cors"];

/// Refuses a request a browser could have sent cross-site without a preflight.
pub fn check(method: &Method, headers: &HeaderMap) -> Result<(), PipelineError> {
    let allowed = if method == Method::GET {
        !is_cross_site_load(headers) || has_preflight_header(headers)
    } else {
        has_json_like_content_type(headers) || has_preflight_header(headers)
    };
    if allowed {
        Ok(())
    } else {
        Err(PipelineError::CsrfPrevented)
    }
}

/// What a browser marks (Fetch Metadata, which pages cannot set) as a navigation or load
/// started by another site.
fn is_cross_site_load(headers: &HeaderMap) -> bool {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_ascii_lowercase)
    };
    let from_another_site = matches!(
        header("sec-fetch-site").as_deref(),
        Some("cross-site" | "same-site")
    );
    let without_cors =
        header("sec-fetch-mode").is_some_and(|mode| UNCHECKED_MODES.contains(&mode.as_str()));
    from_another_site && without_cors
}

fn has_json_like_content_type(headers: &HeaderMap) -> bool {
    headers.get_all(CONTENT_TYPE).iter().any(|value| {
        let media_type = value
            .to_str()
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        !media_type.is_empty() && !SIMPLE_CONTENT_TYPES.contains(&media_type.as_str())
    })
}

fn has_preflight_header(headers: &HeaderMap) -> bool {
    PREFLIGHT_HEADERS.iter().any(|name| {
        headers
            .get(*name)
            .is_some_and(|value| !value.as_bytes().is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn simple_posts_are_refused() {
        for simple in [
            headers(&[]),
            headers(&[("content-type", "text/plain;charset=UTF-8")]),
            headers(&[("content-type", "application/x-www-form-urlencoded")]),
            headers(&[("content-type", "multipart/form-data; boundary=x")]),
            headers(&[("x-apollo-operation-name", "")]),
        ] {
            assert!(check(&Method::POST, &simple).is_err(), "{simple:?}");
        }
    }

    #[test]
    fn preflighted_posts_pass() {
        for preflighted in [
            headers(&[("content-type", "application/json")]),
            headers(&[("content-type", "application/graphql-response+json")]),
            headers(&[("x-apollo-operation-name", "Jobs")]),
            headers(&[
                ("apollo-require-preflight", "true"),
                ("content-type", "text/plain"),
            ]),
        ] {
            assert!(
                check(&Method::POST, &preflighted).is_ok(),
                "{preflighted:?}"
            );
        }
    }

    #[test]
    fn gets_from_scripts_pass_and_cross_site_navigations_and_loads_do_not() {
        for script in [
            // Servers and tools send no Fetch Metadata.
            headers(&[]),
            // urql's default GET from a page of another origin (CORS then decides).
            headers(&[("sec-fetch-site", "cross-site"), ("sec-fetch-mode", "cors")]),
            // A link opened from the API's own GraphiQL, or typed in the address bar.
            headers(&[
                ("sec-fetch-site", "same-origin"),
                ("sec-fetch-mode", "navigate"),
            ]),
            headers(&[("sec-fetch-site", "none"), ("sec-fetch-mode", "navigate")]),
            // A preflight header makes any GET acceptable.
            headers(&[
                ("sec-fetch-site", "cross-site"),
                ("sec-fetch-mode", "no-cors"),
                ("apollo-require-preflight", "true"),
            ]),
        ] {
            assert!(check(&Method::GET, &script).is_ok(), "{script:?}");
        }
        for load in [
            headers(&[
                ("sec-fetch-site", "cross-site"),
                ("sec-fetch-mode", "navigate"),
            ]),
            headers(&[
                ("sec-fetch-site", "same-site"),
                ("sec-fetch-mode", "no-cors"),
            ]),
            headers(&[
                ("sec-fetch-site", "cross-site"),
                ("sec-fetch-mode", "nested-navigate"),
            ]),
        ] {
            assert!(check(&Method::GET, &load).is_err(), "{load:?}");
        }
    }
}
