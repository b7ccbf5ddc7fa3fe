//! The jobs subgraph stops owning companies: `companies` becomes a read-copy of the users
//! subgraph's company profiles (the columns only the profile needs go, the ones postings are
//! searched by come), and memberships are copied beside it, both fed by `company.*` events.
//! The consumer records applied event ids so redelivery changes nothing.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COMPANIES: &str = "companies";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One change per statement: SQLite alters one column at a time.
        for column in ["headquarters", "website"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(COMPANIES)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [string_null("name_kana"), json_null("supported_visa_types")] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(COMPANIES)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("job_company_members")
                    .if_not_exists()
                    .col(uuid("company_id"))
                    .col(uuid("user_id"))
                    .col(string("role"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .primary_key(Index::create().col("company_id").col("user_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_job_company_members_user")
                    .table("job_company_members")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("jobs_processed_events")
                    .if_not_exists()
                    .col(uuid("event_id").primary_key())
                    .col(timestamp_with_time_zone("processed_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["jobs_processed_events", "job_company_members"] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        for column in ["name_kana", "supported_visa_types"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(COMPANIES)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [string_null("headquarters"), string_null("website")] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(COMPANIES)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
