//! A match's workflow: the employer's status (`viewed`, `shortlisted`, `contacted`,
//! `rejected`), the candidate's interest, when each side first looked, and who changed it last.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [&str; 5] = [
    "candidate_interest",
    "viewed_by_company_at",
    "viewed_by_candidate_at",
    "status_changed_by",
    "status_changed_at",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        let columns = [
            string_null("candidate_interest"),
            timestamp_with_time_zone_null("viewed_by_company_at"),
            timestamp_with_time_zone_null("viewed_by_candidate_at"),
            uuid_null("status_changed_by"),
            timestamp_with_time_zone_null("status_changed_at"),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table("matches")
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table("matches")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
