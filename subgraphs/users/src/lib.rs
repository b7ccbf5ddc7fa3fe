//! The users subgraph: identity (accounts, tokens, sessions, MFA, RBAC, audit) and profiles.
//!
//! Reads top-down: `schema` (GraphQL types and thin resolvers) → `service` (rules,
//! transactions, events) → `entities::users` (storage).

mod config;
pub mod schema;
pub mod seed;
pub mod service;
mod startup;

pub use config::IdentityConfig;
pub use schema::sdl;
pub use startup::{Application, DEFAULT_PORT, build};
