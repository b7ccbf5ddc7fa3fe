//! Migrations of the users subgraph.

use sea_orm_migration::prelude::*;

mod m20261123_000001_create_users;
mod m20261123_000002_identity;
mod m20261123_000003_profiles;
mod m20261123_000004_jobs_manage;
mod m20261130_000005_company_name_ja;
mod m20261130_000006_candidate_matching_fields;
mod m20261206_000007_event_delivery;
mod m20261207_000008_company_verification;
mod m20261207_000009_candidate_disclosure;
mod m20261208_000010_company_invitations;
mod m20261214_000011_candidate_applications;
mod m20261216_000012_employer_permissions;
mod m20261218_000013_candidate_profile_versions;

pub struct UsersMigrator;

/// The outbox table of the users subgraph.
pub const OUTBOX_TABLE: &str = "users_outbox";

/// The tables of the users subgraph's events.
pub const EVENTS: crate::ProducerTables = crate::ProducerTables {
    outbox: OUTBOX_TABLE,
    versions: "users_aggregate_versions",
};

/// The tables of the events the users subgraph applies (its copy of candidates' matches).
pub const CONSUMER: crate::ConsumerTables = crate::ConsumerTables {
    processed: "users_processed_events",
    copy_versions: "users_copy_versions",
    failures: "users_event_failures",
};

#[async_trait::async_trait]
impl MigratorTrait for UsersMigrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_users::Migration),
            Box::new(m20261123_000002_identity::Migration),
            Box::new(m20261123_000003_profiles::Migration),
            Box::new(m20261123_000004_jobs_manage::Migration),
            Box::new(m20261130_000005_company_name_ja::Migration),
            Box::new(m20261130_000006_candidate_matching_fields::Migration),
            Box::new(m20261206_000007_event_delivery::Migration),
            Box::new(m20261207_000008_company_verification::Migration),
            Box::new(m20261207_000009_candidate_disclosure::Migration),
            Box::new(m20261208_000010_company_invitations::Migration),
            Box::new(m20261214_000011_candidate_applications::Migration),
            Box::new(m20261216_000012_employer_permissions::Migration),
            Box::new(m20261218_000013_candidate_profile_versions::Migration),
        ]
    }

    fn migration_table_name() -> DynIden {
        "seaql_migrations_users".into_iden()
    }
}
