//! The router's spans exported over OTLP/HTTP to a fake collector, and the trace context the
//! subgraphs receive. A test binary of its own: the subscriber and its exporter are global to
//! the process, and the other router tests expect a client's trace context to pass through
//! unchanged, as it does when nothing is exported.

#[allow(dead_code, unused_imports)]
#[path = "../api/helpers.rs"]
mod helpers;
#[allow(dead_code, unused_imports)]
#[path = "../api/subgraphs.rs"]
mod subgraphs;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::trace::v1::Span;
use prost::Message;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A span as the collector received it, with the `service.name` of its resource.
#[derive(Clone, Debug)]
struct Exported {
    service: String,
    span: Span,
}

/// An OTLP/HTTP collector on a random port, keeping every span posted to `/v1/traces`.
#[derive(Clone, Default)]
struct Collector(Arc<Mutex<Vec<Exported>>>);

impl Collector {
    async fn start() -> (Self, String) {
        let collector = Self::default();
        let app = axum::Router::new()
            .route("/v1/traces", post(receive))
            .with_state(collector.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the collector");
        let port = listener.local_addr().expect("collector address").port();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        (collector, format!("http://127.0.0.1:{port}/v1/traces"))
    }

    fn spans(&self) -> Vec<Exported> {
        self.0.lock().map(|spans| spans.clone()).unwrap_or_default()
    }
}

async fn receive(State(collector): State<Collector>, body: Bytes) -> StatusCode {
    let Ok(request) = ExportTraceServiceRequest::decode(body) else {
        return StatusCode::BAD_REQUEST;
    };
    let mut spans = collector.0.lock().expect("collector lock");
    for resource_spans in request.resource_spans {
        let service = resource_spans
            .resource
            .iter()
            .flat_map(|resource| &resource.attributes)
            .find(|attribute| attribute.key == "service.name")
            .and_then(|attribute| attribute.value.as_ref()?.value.clone())
            .map(|value| match value {
                AnyValue::StringValue(name) => name,
                other => format!("{other:?}"),
            })
            .unwrap_or_default();
        for scope_spans in resource_spans.scope_spans {
            for span in scope_spans.spans {
                spans.push(Exported {
                    service: service.clone(),
                    span,
                });
            }
        }
    }
    StatusCode::OK
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const CLIENT_SPAN_ID: &str = "00f067aa0ba902b7";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn router_spans_continue_the_clients_trace_and_parent_the_subgraph_requests() {
    let (collector, endpoint) = Collector::start().await;
    let telemetry = Arc::new(
        telemetry::Setup::from_env(router::telemetry::SERVICE_NAME)
            .with_export(Some(telemetry::Export {
                endpoint,
                service_name: router::telemetry::SERVICE_NAME.into(),
                schedule_delay: Some(Duration::from_millis(50)),
            }))
            .init(),
    );
    assert!(
        telemetry.exporting(),
        "the test installs the only subscriber"
    );
    let app = helpers::spawn_app().await;

    let reply = app
        .http
        .post(&app.url)
        .header("traceparent", format!("00-{TRACE_ID}-{CLIENT_SPAN_ID}-01"))
        .header("baggage", "tenant=sakura")
        .json(&json!({"query": "{ product(id: \"1\") { name } }"}))
        .send()
        .await
        .expect("router answers");
    assert!(reply.status().is_success(), "{}", reply.status());
    let body: serde_json::Value = reply.json().await.expect("a JSON reply");
    assert_eq!(body["data"]["product"]["name"], "Keyboard", "{body}");

    // The subgraph request continues the client's trace from one of the router's spans, with
    // the client's baggage.
    let seen = app
        .seen_by_products
        .last()
        .expect("the subgraph was called");
    let forwarded = seen["traceparent"]
        .as_str()
        .expect("a traceparent")
        .to_owned();
    let parts: Vec<&str> = forwarded.split('-').collect();
    assert_eq!(parts.len(), 4, "{forwarded}");
    assert_eq!(parts[1], TRACE_ID, "{forwarded}");
    let subgraph_parent = parts[2].to_owned();
    assert_ne!(subgraph_parent, CLIENT_SPAN_ID, "{forwarded}");
    assert_eq!(seen["baggage"], "tenant=sakura", "{seen}");

    // Flushed until both spans arrived: the router's `request` span, a child of the client's,
    // and the span the subgraph request names as its parent.
    let found = helpers::eventually(10, || {
        let (collector, telemetry) = (collector.clone(), telemetry.clone());
        let subgraph_parent = subgraph_parent.clone();
        async move {
            tokio::task::spawn_blocking(move || telemetry.force_flush())
                .await
                .expect("flush");
            let spans = collector.spans();
            let in_trace: Vec<Exported> = spans
                .into_iter()
                .filter(|exported| hex(&exported.span.trace_id) == TRACE_ID)
                .collect();
            let request = in_trace.iter().find(|exported| {
                exported.span.name == "request"
                    && hex(&exported.span.parent_span_id) == CLIENT_SPAN_ID
            })?;
            let parent = in_trace
                .iter()
                .find(|exported| hex(&exported.span.span_id) == subgraph_parent)?;
            Some((request.clone(), parent.clone(), in_trace))
        }
    })
    .await;
    let (request, parent, in_trace) = found.unwrap_or_else(|| {
        panic!(
            "spans exported: {:#?}",
            collector
                .spans()
                .iter()
                .map(|exported| (
                    &exported.span.name,
                    hex(&exported.span.trace_id),
                    hex(&exported.span.span_id),
                    hex(&exported.span.parent_span_id)
                ))
                .collect::<Vec<_>>()
        )
    });
    assert_eq!(request.service, "iworkz-router");
    assert_eq!(parent.service, "iworkz-router");
    // The subgraph's parent is the router's `request` span or one of its descendants.
    let mut ancestor = Some(parent.span.clone());
    let mut chain = Vec::new();
    while let Some(span) = ancestor {
        chain.push(span.name.clone());
        if span.span_id == request.span.span_id {
            break;
        }
        ancestor = in_trace
            .iter()
            .find(|exported| exported.span.span_id == span.parent_span_id)
            .map(|exported| exported.span.clone());
    }
    assert_eq!(
        chain.last().map(String::as_str),
        Some("request"),
        "subgraph parent not under the router's request span: {chain:?}"
    );
}
