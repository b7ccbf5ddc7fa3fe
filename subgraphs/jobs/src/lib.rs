//! The jobs subgraph: job postings and their lifecycle, search and compliance (companies are
//! the users subgraph's; jobs keeps a read-copy of them and their members).
//!
//! Reads top-down: `schema` (GraphQL types and thin resolvers) → `service` (rules,
//! transactions, events) → `entities::jobs` (storage).

pub mod schema;
pub mod seed;
pub mod service;
mod startup;

pub use schema::sdl;
pub use startup::{Application, DEFAULT_PORT, build};
