//! CSRF prevention, as Apollo Router does it: a browser sends some requests cross-site without
//! asking the server first (a "simple" request: GET, or POST with a `text/plain`, form or
//! multipart body — or no content type at all). The page cannot read the answer, but the
//! operation would still run with the user's cookies or ambient credentials. Such a request
//! runs only when it carries a non-empty `x-apollo-operation-name` or `apollo-require-preflight`
//! header, which a browser only sends after a preflight that CORS governs; anything else is
//! refused with 400 before it is parsed.

use super::PipelineError;
use http::HeaderMap;
use http::header::CONTENT_TYPE;

/// Headers a browser sends cross-site only after a preflight.
const PREFLIGHT_HEADERS: [&str; 2] = ["x-apollo-operation-name", "apollo-require-preflight"];
/// Content types a browser may send cross-site without a preflight.
const SIMPLE_CONTENT_TYPES: [&str; 3] = [
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
];

/// Refuses a request a browser could have sent without a preflight.
pub fn check(headers: &HeaderMap) -> Result<(), PipelineError> {
    if is_preflighted(headers) {
        Ok(())
    } else {
        Err(PipelineError::CsrfPrevented)
    }
}

fn is_preflighted(headers: &HeaderMap) -> bool {
    let non_simple_content_type = headers.get_all(CONTENT_TYPE).iter().any(|value| {
        let media_type = value
            .to_str()
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        !media_type.is_empty() && !SIMPLE_CONTENT_TYPES.contains(&media_type.as_str())
    });
    non_simple_content_type
        || PREFLIGHT_HEADERS.iter().any(|name| {
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
    fn simple_requests_are_refused() {
        for simple in [
            headers(&[]),
            headers(&[("content-type", "text/plain;charset=UTF-8")]),
            headers(&[("content-type", "application/x-www-form-urlencoded")]),
            headers(&[("content-type", "multipart/form-data; boundary=x")]),
            headers(&[("x-apollo-operation-name", "")]),
        ] {
            assert!(check(&simple).is_err(), "{simple:?}");
        }
    }

    #[test]
    fn preflighted_requests_pass() {
        for preflighted in [
            headers(&[("content-type", "application/json")]),
            headers(&[("content-type", "application/graphql-response+json")]),
            headers(&[("x-apollo-operation-name", "Jobs")]),
            headers(&[
                ("apollo-require-preflight", "true"),
                ("content-type", "text/plain"),
            ]),
        ] {
            assert!(check(&preflighted).is_ok(), "{preflighted:?}");
        }
    }
}
