//! The federation router: one GraphQL endpoint in front of the users, jobs and matching
//! subgraphs.
//!
//! The query planner and executor come from Hive (`hive-router-query-planner`,
//! `hive-router-plan-executor`); they plan and run operations but leave the request pipeline
//! to the host. This crate is that host: GraphQL over HTTP and graphql-transport-ws, parsing,
//! validation against the API schema, variable coercion, normalization, a plan cache, and the
//! mapping of every failure to a GraphQL response (see `pipeline/`). Access tokens are verified
//! with the subgraphs' own implementation (the `access` crate), and the issuer's key set is republished
//! at `/.well-known/jwks.json` (`jwks.rs`). The supergraph is read from a file and swapped
//! atomically when the file changes (`supergraph.rs`).

mod account_pages;
mod config;
mod error;
mod graphiql;
mod health;
mod jwks;
mod metrics;
mod operation_cache;
mod persisted;
mod pipeline;
mod plan_cache;
mod reachability;
mod request_id;
mod startup;
mod state;
mod subscription_runtime;
mod supergraph;
pub mod telemetry;
mod workers;

#[cfg(test)]
mod patched_executor_tests;

/// The verification types a host passes in [`RouterConfig::verifier`].
pub use access::{SessionRevocations, TokenVerifier};
pub use config::{CorsConfig, EdgeConfig, OperationLimits, OriginPattern, RouterConfig};
pub use error::RouterError;
pub use metrics::RouterMetrics;
pub use operation_cache::OperationCacheStats;
pub use plan_cache::PlanCacheStats;
pub use startup::{Application, RouterStats};
pub use workers::serve_on_workers;

/// rustls needs one process-wide crypto provider, and both `ring` and `aws-lc-rs` are in the
/// dependency graph, so none is picked implicitly. Installing fails harmlessly when another
/// part of the process (a test, the `stack` binary) already chose one. At the crate root: the
/// supergraph loader and start-up both need it, and neither should depend on the other.
pub(crate) fn install_crypto_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}
