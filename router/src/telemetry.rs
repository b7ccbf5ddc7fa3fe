//! Logging and trace export for the router binary (`telemetry`, the crate the subgraphs use
//! too). Libraries only emit `tracing` events and spans; the binary decides where they go, so
//! tests and the `stack` binary can install their own subscriber.

pub use ::telemetry::Telemetry;

/// The service name spans are exported as when `OTEL_SERVICE_NAME` is unset.
pub const SERVICE_NAME: &str = "iworkz-router";

/// Installs a subscriber filtered by `RUST_LOG` (default `info`), writing text or, with
/// `LOG_FORMAT=json`, one JSON object per line, and exporting spans over OTLP when
/// `OTEL_EXPORTER_OTLP_ENDPOINT` is set. Does nothing when one is already installed. Keep the
/// value until the process ends: dropping it flushes the spans not yet exported.
pub fn init() -> Telemetry {
    ::telemetry::Setup::from_env(SERVICE_NAME).init()
}
