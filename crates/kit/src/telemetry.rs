//! One function to build the tracing subscriber of a subgraph (or the one-process stack),
//! filtered by `RUST_LOG` (default `info`); the setup itself is the `telemetry` crate's, shared
//! with the router.

pub use ::telemetry::Telemetry;

/// Installs the global subscriber once; later calls (tests, the one-process stack) are no-ops.
/// `LOG_FORMAT=json` writes one JSON object per line, with the spans' fields (the
/// `request_id` of the request being served, see `server/request_span.rs`). With
/// `OTEL_EXPORTER_OTLP_ENDPOINT` set, spans are exported over OTLP as `OTEL_SERVICE_NAME`, else
/// as `service` (`iworkz-users`, …). Keep the value until the process ends: dropping it flushes
/// the spans not yet exported.
pub fn init(service: &str) -> Telemetry {
    ::telemetry::Setup::from_env(service)
        .without_targets()
        .init()
}
