//! Storage entities, grouped by the subgraph that owns (and alone writes) each table, each
//! group behind the feature of its subgraph's name: a subgraph depends on its own feature
//! only, so it cannot name another subgraph's tables.
//!
//! Outbox tables are not entities here: every subgraph has one with the same shape, so the
//! shared relay in `kit::outbox` addresses them by name through sea-query builders.

#[cfg(feature = "jobs")]
pub mod jobs;
#[cfg(feature = "matching")]
pub mod matching;
#[cfg(feature = "users")]
pub mod users;
