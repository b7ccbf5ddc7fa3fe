//! Logging for the router binary. Libraries only emit `tracing` events; the binary decides
//! where they go, so tests and the `stack` binary can install their own subscriber.

use tracing_subscriber::EnvFilter;

/// Installs a formatted subscriber filtered by `RUST_LOG` (default `info`). Does nothing when
/// one is already installed.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}
