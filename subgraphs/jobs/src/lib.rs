//! The jobs subgraph: companies, job postings and their lifecycle.
//!
//! Reads top-down: `schema` (GraphQL types and thin resolvers) → `service` (rules,
//! transactions, events) → `entities::jobs` (storage).

pub mod schema;
pub mod seed;
pub mod service;
mod startup;

pub use schema::sdl;
pub use startup::{Application, DEFAULT_PORT, build};
