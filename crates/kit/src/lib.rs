//! Plumbing every subgraph shares, written once: typed settings, database connect + migrate,
//! the error → GraphQL mapping, the event pipeline (bus, transactional outbox and relay,
//! consumers with dead letters, versioned read-copies, live subscriptions with replay),
//! health, metrics and graceful shutdown, authentication (token
//! verification, revocations, rate limits, guards, trusted proxies), the limits on what one
//! operation may ask (`operation_limits`), the HTTP/WebSocket server and telemetry.
//! `auth` verifies tokens with the `access` crate, which the router uses too, so tokens are
//! verified by one implementation everywhere.
//! Domain code lives in the subgraph crates, never here.

pub mod auth;
pub mod config;
pub mod consumer;
pub mod copies;
pub mod db;
pub mod entity_errors;
pub mod error;
pub mod error_codes;
pub mod events;
pub mod field_errors;
pub mod health;
pub mod ids;
pub mod lifecycle;
pub mod live;
pub mod metrics;
pub mod operation_limits;
pub mod outbox;
pub mod pages;
pub mod reconcile;
pub mod scratch_db;
pub mod server;
pub mod telemetry;
#[cfg(test)]
mod test_databases;

pub use error::{ApiError, ApiResult, LoadError};
pub use events::{Event, EventBus};
