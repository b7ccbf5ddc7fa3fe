//! The matching subgraph: scores candidates against published jobs from its own read-copies
//! (kept current from events), and serves ranked, explained matches.
//!
//! Reads top-down: `schema` (GraphQL types and thin resolvers) → `service` (event handling,
//! scoring, recomputation) → `entities::matching` (storage).

pub mod schema;
pub mod service;
mod startup;

pub use schema::sdl;
pub use startup::{Application, DEFAULT_PORT, build};
