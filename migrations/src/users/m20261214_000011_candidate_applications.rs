//! The users subgraph's copy of candidates' applications (owned by the jobs subgraph, copied from
//! `application.submitted` and `application.status_changed`): applying shares the candidate's
//! private fields with the posting's company (when it is verified), and withdrawing takes them
//! back.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{boolean, timestamp_with_time_zone, uuid};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "candidate_applications";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TABLE)
                    .if_not_exists()
                    .col(uuid("application_id").primary_key())
                    .col(uuid("candidate_id"))
                    .col(uuid("company_id"))
                    .col(uuid("job_id"))
                    .col(boolean("shared").default(true))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_candidate_applications_candidate_company")
                    .table(TABLE)
                    .col("candidate_id")
                    .col("company_id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TABLE).if_exists().to_owned())
            .await
    }
}
