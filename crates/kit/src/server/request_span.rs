//! The span every log line of a `/graphql` request is written in, carrying the router's
//! request id, so a subgraph's lines (`LOG_FORMAT=json`: the `span` and `spans` fields) can be
//! found from the router's line of the same request.
//!
//! The id is the `x-request-id` the router sends. It is taken only when plain, by the rule the
//! router keeps client ids by (`contracts::request_id`): anything else is left out, as a
//! header from a caller reaching the subgraph directly ends up in the logs. A WebSocket
//! connection's lines are not in the span of its upgrade request: the router shares one
//! connection among the subscriptions of many of its requests.
//!
//! When spans are exported (`telemetry`), the span continues the caller's W3C trace context
//! (`traceparent`, `baggage`): the router sends the context of its own span, so the subgraph's
//! span is its child in one trace.

use axum::extract::Request;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use contracts::request_id::X_REQUEST_ID;

/// The middleware (`axum::middleware::from_fn(request_span::in_request_span)`).
pub async fn in_request_span(request: Request, next: Next) -> Response {
    let span = tracing::info_span!("request", request_id = tracing::field::Empty);
    if let Some(id) = request_id(request.headers()) {
        span.record("request_id", id);
    }
    ::telemetry::propagation::adopt_parent(&span, request.headers());
    next.run(request).instrument(span).await
}

/// The request's `x-request-id`, when it is one plain id.
fn request_id(headers: &HeaderMap) -> Option<&str> {
    let mut values = headers.get_all(X_REQUEST_ID).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    contracts::request_id::is_plain(value.as_bytes())
        .then(|| value.to_str().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn id_of(values: &[&str]) -> Option<String> {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(
                X_REQUEST_ID,
                HeaderValue::from_str(value).expect("header value"),
            );
        }
        request_id(&headers).map(str::to_owned)
    }

    #[test]
    fn only_one_plain_short_id_is_taken() {
        let uuid = "0191b2c3-d4e5-7f60-8a9b-0c1d2e3f4a5b";
        assert_eq!(id_of(&[uuid]).as_deref(), Some(uuid));
        assert_eq!(id_of(&["lb.req_42-a"]).as_deref(), Some("lb.req_42-a"));
        assert_eq!(id_of(&["app-7f3a/42"]).as_deref(), Some("app-7f3a/42"));
        assert_eq!(id_of(&[&"a".repeat(128)]), Some("a".repeat(128)));
        assert_eq!(id_of(&[&"a".repeat(129)]), None);
        assert_eq!(id_of(&[]), None);
        assert_eq!(id_of(&[""]), None);
        for unusable in ["id with spaces", "<script>", "\"quoted\""] {
            assert_eq!(id_of(&[unusable]), None, "{unusable}");
        }
        assert_eq!(id_of(&["one", "two"]), None, "two ids: neither");
    }

    #[test]
    fn a_non_ascii_header_is_ignored() {
        let mut headers = HeaderMap::new();
        headers.insert(
            X_REQUEST_ID,
            HeaderValue::from_bytes("idé".as_bytes()).expect("header value"),
        );
        assert_eq!(request_id(&headers), None);
    }
}
