//! Migrations of the jobs subgraph.

use sea_orm_migration::prelude::*;

mod m20261123_000001_create_companies_and_postings;
mod m20261130_000002_company_copies;
mod m20261130_000003_posting_details;
mod m20261130_000004_job_audit_logs;
mod m20261130_000005_job_search;
mod m20261130_000006_job_search_rank;
mod m20261130_000007_search_changes;
mod m20261206_000008_event_delivery;
mod m20261209_000009_search_analysis;
mod m20261211_000010_night_shifts;
mod m20261214_000011_applications;
mod m20261215_000012_offers;
mod m20261216_000013_analytics;
mod m20261217_000014_interviews;
mod m20261218_000015_profile_versions;

pub struct JobsMigrator;

/// The daily counters of postings' analytics (`job_daily_stats` columns).
pub use m20261216_000013_analytics::COUNTERS as ANALYTICS_COUNTERS;

/// The outbox table of the jobs subgraph.
pub const OUTBOX_TABLE: &str = "jobs_outbox";

/// The tables of the jobs subgraph's own events.
pub const EVENTS: crate::ProducerTables = crate::ProducerTables {
    outbox: OUTBOX_TABLE,
    versions: "jobs_aggregate_versions",
};

/// The tables of the events the jobs subgraph applies (company copies).
pub const CONSUMER: crate::ConsumerTables = crate::ConsumerTables {
    processed: "jobs_processed_events",
    copy_versions: "jobs_copy_versions",
    failures: "jobs_event_failures",
};

#[async_trait::async_trait]
impl MigratorTrait for JobsMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_companies_and_postings::Migration),
            Box::new(m20261130_000002_company_copies::Migration),
            Box::new(m20261130_000003_posting_details::Migration),
            Box::new(m20261130_000004_job_audit_logs::Migration),
            Box::new(m20261130_000005_job_search::Migration),
            Box::new(m20261130_000006_job_search_rank::Migration),
            Box::new(m20261130_000007_search_changes::Migration),
            Box::new(m20261206_000008_event_delivery::Migration),
            Box::new(m20261209_000009_search_analysis::Migration),
            Box::new(m20261211_000010_night_shifts::Migration),
            Box::new(m20261214_000011_applications::Migration),
            Box::new(m20261215_000012_offers::Migration),
            Box::new(m20261216_000013_analytics::Migration),
            Box::new(m20261217_000014_interviews::Migration),
            Box::new(m20261218_000015_profile_versions::Migration),
        ]
    }

    fn migration_table_name() -> DynIden {
        "seaql_migrations_jobs".into_iden()
    }
}
