//! W3C trace context (`traceparent`, `tracestate`) and baggage over HTTP headers, so a
//! service's `request` span continues the caller's trace and its own calls continue it in turn.
//!
//! Everything here acts only when spans are exported (an OpenTelemetry layer is installed,
//! see the crate doc): otherwise a span has no trace context, and headers are left as they came,
//! so a client's trace context still reaches the subgraphs unchanged.

use http::{HeaderMap, HeaderName};
use opentelemetry::Context;
use opentelemetry::propagation::{TextMapCompositePropagator, TextMapPropagator};
use opentelemetry::trace::TraceContextExt;
use opentelemetry_http::{HeaderExtractor, HeaderInjector};
use opentelemetry_sdk::propagation::{BaggagePropagator, TraceContextPropagator};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, Ordering};
use tracing_opentelemetry::OpenTelemetrySpanExt;

pub const TRACEPARENT: HeaderName = HeaderName::from_static("traceparent");
pub const TRACESTATE: HeaderName = HeaderName::from_static("tracestate");

/// Set once this process installed a subscriber that exports spans: until then the request
/// path reads no headers for trace context at all.
static EXPORTING: AtomicBool = AtomicBool::new(false);

static PROPAGATOR: LazyLock<TextMapCompositePropagator> = LazyLock::new(|| {
    TextMapCompositePropagator::new(vec![
        Box::new(TraceContextPropagator::new()),
        Box::new(BaggagePropagator::new()),
    ])
});

pub(crate) fn exporting_from_now_on() {
    EXPORTING.store(true, Ordering::Relaxed);
}

fn exporting() -> bool {
    EXPORTING.load(Ordering::Relaxed)
}

/// The caller's trace context and baggage, as the headers carry them (an empty context when
/// they carry none, or nothing readable).
pub fn extract(headers: &HeaderMap) -> Context {
    PROPAGATOR.extract(&HeaderExtractor(headers))
}

/// Replaces `traceparent` and `tracestate` with the span context of `cx`, when it has one;
/// `baggage` is left alone.
pub fn inject_trace_context(cx: &Context, headers: &mut HeaderMap) {
    if !cx.span().span_context().is_valid() {
        return;
    }
    headers.remove(TRACEPARENT);
    headers.remove(TRACESTATE);
    TraceContextPropagator::new().inject_context(cx, &mut HeaderInjector(headers));
    if headers
        .get(TRACESTATE)
        .is_some_and(|value| value.is_empty())
    {
        headers.remove(TRACESTATE);
    }
}

/// Makes the caller's span (from `headers`) the parent of `span`, which must not have been
/// entered yet. No-op when the headers carry no trace context or spans are not exported.
pub fn adopt_parent(span: &tracing::Span, headers: &HeaderMap) {
    if !exporting() {
        return;
    }
    let parent = extract(headers);
    if parent.span().span_context().is_valid() {
        let _ = span.set_parent(parent);
    }
}

/// [`adopt_parent`], then writes `span`'s own trace context into `headers` (replacing the
/// caller's `traceparent` and `tracestate`), so whatever forwards these headers continues the
/// trace from `span`. Returns whether the headers were changed (only when spans are exported).
pub fn continue_trace(span: &tracing::Span, headers: &mut HeaderMap) -> bool {
    if !exporting() {
        return false;
    }
    adopt_parent(span, headers);
    let own = span.context();
    if !own.span().span_context().is_valid() {
        return false;
    }
    inject_trace_context(&own, headers);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;
    use opentelemetry::trace::{SpanContext, SpanId, TraceFlags, TraceId, TraceState};

    const PARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                )
            })
            .collect()
    }

    #[test]
    fn the_callers_context_and_baggage_are_read() {
        let cx = extract(&headers(&[
            ("traceparent", PARENT),
            ("baggage", "tenant=sakura"),
        ]));
        let span = cx.span();
        let context = span.span_context();
        assert!(context.is_remote() && context.is_sampled());
        assert_eq!(
            context.trace_id().to_string(),
            "4bf92f3577b34da6a3ce929d0e0e4736"
        );
        assert_eq!(context.span_id().to_string(), "00f067aa0ba902b7");
        use opentelemetry::baggage::BaggageExt;
        assert_eq!(
            cx.baggage().get("tenant").map(|value| value.as_str()),
            Some("sakura")
        );
        assert!(
            !extract(&headers(&[("traceparent", "garbage")]))
                .span()
                .span_context()
                .is_valid()
        );
    }

    #[test]
    fn injecting_replaces_the_trace_context_and_keeps_baggage() {
        let mut map = headers(&[
            ("traceparent", PARENT),
            ("tracestate", "vendor=1"),
            ("baggage", "tenant=sakura"),
        ]);
        let own = SpanContext::new(
            TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736").expect("trace id"),
            SpanId::from_hex("1111111111111111").expect("span id"),
            TraceFlags::SAMPLED,
            false,
            TraceState::default(),
        );
        inject_trace_context(&Context::new().with_remote_span_context(own), &mut map);
        assert_eq!(
            map[TRACEPARENT],
            "00-4bf92f3577b34da6a3ce929d0e0e4736-1111111111111111-01"
        );
        assert!(map.get(TRACESTATE).is_none(), "{map:?}");
        assert_eq!(map["baggage"], "tenant=sakura");

        let before = map.clone();
        inject_trace_context(&Context::new(), &mut map);
        assert_eq!(map, before, "no context: the headers stay");
    }

    #[test]
    fn with_export_the_span_continues_the_callers_trace_and_is_forwarded() {
        use opentelemetry::trace::TracerProvider as _;
        use tracing_subscriber::layer::SubscriberExt;
        let provider = opentelemetry_sdk::trace::SdkTracerProvider::builder().build();
        let subscriber = tracing_subscriber::registry()
            .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("test")));
        exporting_from_now_on();
        tracing::subscriber::with_default(subscriber, || {
            let mut map = headers(&[("traceparent", PARENT), ("baggage", "tenant=sakura")]);
            let span = tracing::info_span!("request");
            assert!(continue_trace(&span, &mut map));
            let own = span.context().span().span_context().clone();
            assert_eq!(
                own.trace_id().to_string(),
                "4bf92f3577b34da6a3ce929d0e0e4736"
            );
            assert_ne!(own.span_id().to_string(), "00f067aa0ba902b7");
            assert_eq!(
                map[TRACEPARENT],
                format!("00-4bf92f3577b34da6a3ce929d0e0e4736-{}-01", own.span_id())
            );
            assert_eq!(map["baggage"], "tenant=sakura");

            let root = tracing::info_span!("request");
            let mut none = HeaderMap::new();
            assert!(continue_trace(&root, &mut none), "a new trace starts here");
            assert_ne!(
                root.context().span().span_context().trace_id(),
                own.trace_id()
            );
        });
    }

    #[test]
    fn without_export_headers_pass_through() {
        let mut map = headers(&[("traceparent", PARENT), ("baggage", "tenant=sakura")]);
        let before = map.clone();
        let span = tracing::info_span!("request");
        assert!(!continue_trace(&span, &mut map));
        assert_eq!(map, before);
    }
}
