//! Logging for the router binary. Libraries only emit `tracing` events; the binary decides
//! where they go, so tests and the `stack` binary can install their own subscriber.

use settings::LogFormat;
use tracing_subscriber::EnvFilter;

/// Installs a subscriber filtered by `RUST_LOG` (default `info`), writing text or, with
/// `LOG_FORMAT=json`, one JSON object per line. Does nothing when one is already installed.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match LogFormat::from_env() {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}
