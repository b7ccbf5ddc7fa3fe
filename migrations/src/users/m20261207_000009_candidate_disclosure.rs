//! Candidates decide who sees them. Each candidate profile gets a visibility (`hidden`,
//! `anonymous` — the default — or `visible`), and the users subgraph keeps a copy of the
//! candidate's relationships with companies, fed by the matching subgraph's events: one row per
//! match (the posting's company, and whether the candidate said they are interested). A
//! verified company reads a candidate's private fields only through such a row. Consuming those
//! events takes the consumer's tables: processed event ids, the copy-version ledger and the
//! failed-event record.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{boolean, string, timestamp_with_time_zone, uuid};

#[derive(DeriveMigrationName)]
pub struct Migration;

const DISCLOSURES: &str = "candidate_disclosures";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("candidate_profiles")
                    .add_column(string("visibility").default("anonymous"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DISCLOSURES)
                    .if_not_exists()
                    .col(uuid("match_id").primary_key())
                    .col(uuid("candidate_id"))
                    .col(uuid("company_id"))
                    .col(uuid("job_id"))
                    .col(boolean("interested").default(false))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_candidate_disclosures_candidate_company")
                    .table(DISCLOSURES)
                    .col("candidate_id")
                    .col("company_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(super::CONSUMER.processed)
                    .if_not_exists()
                    .col(uuid("event_id").primary_key())
                    .col(timestamp_with_time_zone("processed_at"))
                    .to_owned(),
            )
            .await?;
        crate::consumer::create(manager, super::CONSUMER).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::consumer::drop(manager, super::CONSUMER).await?;
        for table in [super::CONSUMER.processed, DISCLOSURES] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("candidate_profiles")
                    .drop_column("visibility")
                    .to_owned(),
            )
            .await
    }
}
