//! Migrations of the matching subgraph.

use sea_orm_migration::prelude::*;

mod m20261123_000001_create_matching;
mod m20261130_000002_match_privacy;
mod m20261130_000003_match_opt_outs;
mod m20261130_000004_match_workflow;
mod m20261130_000005_match_engine;
mod m20261130_000006_vectors_out_of_line;
mod m20261130_000007_covering_retrieval_indexes;
mod m20261206_000008_event_delivery;
mod m20261207_000009_candidate_disclosure;
mod m20261210_000010_scoring_model;

pub struct MatchingMigrator;

/// The outbox table of the matching subgraph.
pub const OUTBOX_TABLE: &str = "matching_outbox";

/// The tables of the matching subgraph's own events.
pub const EVENTS: crate::ProducerTables = crate::ProducerTables {
    outbox: OUTBOX_TABLE,
    versions: "matching_aggregate_versions",
};

/// The tables of the events the matching subgraph applies (candidate, posting and company
/// copies).
pub const CONSUMER: crate::ConsumerTables = crate::ConsumerTables {
    processed: "match_processed_events",
    copy_versions: "match_copy_versions",
    failures: "match_event_failures",
};

#[async_trait::async_trait]
impl MigratorTrait for MatchingMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_matching::Migration),
            Box::new(m20261130_000002_match_privacy::Migration),
            Box::new(m20261130_000003_match_opt_outs::Migration),
            Box::new(m20261130_000004_match_workflow::Migration),
            Box::new(m20261130_000005_match_engine::Migration),
            Box::new(m20261130_000006_vectors_out_of_line::Migration),
            Box::new(m20261130_000007_covering_retrieval_indexes::Migration),
            Box::new(m20261206_000008_event_delivery::Migration),
            Box::new(m20261207_000009_candidate_disclosure::Migration),
            Box::new(m20261210_000010_scoring_model::Migration),
        ]
    }

    fn migration_table_name() -> DynIden {
        "seaql_migrations_matching".into_iden()
    }
}
