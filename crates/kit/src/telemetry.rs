//! One function to build the tracing subscriber, filtered by `RUST_LOG` (default `info`).

use settings::LogFormat;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber once; later calls (tests, the one-process stack) are no-ops.
/// `LOG_FORMAT=json` writes one JSON object per line, with the spans' fields (the
/// `request_id` of the request being served, see `server/request_span.rs`).
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    let _ = match LogFormat::from_env() {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}
