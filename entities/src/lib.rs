//! Storage entities, grouped by the subgraph that owns (and alone writes) each table.
//!
//! Outbox tables are not entities here: every subgraph has one with the same shape, so the
//! shared relay in `kit::outbox` addresses them by name through sea-query builders.

pub mod jobs;
pub mod matching;
pub mod users;
