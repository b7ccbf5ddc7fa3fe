//! A request id on every request: the client's `x-request-id` when it sent a usable one (a
//! load balancer or app that already numbers its calls), else a new UUID. The id is set on the
//! request (so the subgraphs receive it, see `state::subgraph_header_rules`), returned in the
//! response's `x-request-id`, and carried by the `request` span every log line of the request
//! is written in.
//!
//! When spans are exported (`telemetry`), that span continues the client's W3C trace context
//! (`traceparent`, `tracestate`, `baggage`), and the request's `traceparent` and `tracestate`
//! are replaced by the span's own before any stage reads them, so every subgraph request (the
//! executor forwards them, see `state::subgraph_header_rules`, and writes the context of its own
//! fetch span over them) is a child of the router's spans. Baggage goes on as the client sent it.
//! Without export the client's headers pass through unchanged.
//!
//! A client-sent id is only believed when it is short and plain (`contracts::request_id`, the
//! rule the subgraphs apply too): it ends up in logs and other services' headers.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderName, HeaderValue};
use tracing::Instrument;

pub const X_REQUEST_ID: HeaderName = HeaderName::from_static(contracts::request_id::X_REQUEST_ID);

fn usable(value: &HeaderValue) -> bool {
    contracts::request_id::is_plain(value.as_bytes())
}

/// The middleware (`axum::middleware::from_fn(request_id::assign)`).
pub async fn assign(mut request: Request, next: Next) -> Response {
    let id = match request.headers().get(&X_REQUEST_ID) {
        Some(value) if usable(value) => value.clone(),
        _ => {
            let id = uuid::Uuid::now_v7().to_string();
            let value = HeaderValue::from_str(&id).expect("a UUID is a header value");
            request.headers_mut().insert(X_REQUEST_ID, value.clone());
            value
        }
    };
    let span = tracing::info_span!(
        "request",
        request_id = %id.to_str().unwrap_or_default(),
        method = %request.method(),
        path = %request.uri().path(),
    );
    ::telemetry::propagation::continue_trace(&span, request.headers_mut());
    let mut response = next.run(request).instrument(span).await;
    response.headers_mut().insert(X_REQUEST_ID, id);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_plain_ids_are_kept() {
        let kept = |value: &str| usable(&HeaderValue::from_str(value).expect("header value"));
        assert!(kept("01HZX3K9-req"));
        assert!(kept("f1e2d3c4b5a6/1"));
        assert!(!kept(""));
        assert!(!kept(&"a".repeat(129)));
        assert!(!kept("id with spaces"));
        assert!(!kept("<script>"));
    }
}
