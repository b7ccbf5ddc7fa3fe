//! Why the router could not start, or could not (re)load a supergraph.
//!
//! Request failures are not here: they become GraphQL responses and live in
//! `pipeline/error.rs`. These errors reach the operator (the `main` result or a log line when a
//! hot reload is rejected), never a client.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum RouterError {
    /// The supergraph file could not be read; at start-up the router refuses to run.
    #[error("cannot read the supergraph {path}: {source}")]
    SupergraphRead {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file was read but is not a supergraph the planner accepts; a reload keeps the
    /// previous schema.
    #[error("invalid supergraph {path}: {reason}")]
    SupergraphInvalid { path: PathBuf, reason: String },
    /// The subgraph executors could not be built (e.g. an unusable subgraph URL).
    #[error("cannot set up subgraph executors: {0}")]
    Executors(String),
    /// The listener could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: String,
        source: std::io::Error,
    },
    /// The thread that runs subgraph subscriptions could not be started.
    #[error("cannot start the subscription runtime: {0}")]
    SubscriptionRuntime(std::io::Error),
    /// Token verification cannot be set up (no JWKS URL, Redis unreachable): the router
    /// refuses to run rather than serve without verifying credentials.
    #[error("cannot set up token verification: {0}")]
    Auth(String),
    /// The trusted documents' manifest cannot be read, or the persisted queries' Redis is
    /// unreachable.
    #[error("cannot set up persisted documents: {0}")]
    PersistedDocuments(String),
}
