//! Schema migrations, one migrator per subgraph so each owns (and alone changes) its tables.
//!
//! Each migrator records its progress in its own table (`seaql_migrations_<subgraph>`), so the
//! three subgraphs can share one PostgreSQL database or use separate ones. Migration files are
//! named by date and purpose and never edited after they land.

pub use sea_orm_migration::MigratorTrait;

mod consumer;
pub mod event_tables;
pub mod jobs;
pub mod matching;
mod outbox;
pub mod users;

pub use event_tables::{ConsumerTables, ProducerTables};
pub use jobs::JobsMigrator;
pub use matching::MatchingMigrator;
pub use users::UsersMigrator;
