//! What matching needs to show companies only what candidates disclose to them:
//!
//! - each candidate copy's visibility (`hidden`, `anonymous`, `visible`): a company's lists
//!   leave out hidden candidates who did not answer "interested";
//! - a copy of each company's verification (from `company.verification_changed`): only a
//!   verified company reads the private parts of an explanation;
//! - when the company first contacted the candidate (`contacted_at`), the one step of the
//!   company's workflow the candidate is told about; it stays when the company moves on.
//!
//! SQLite alters one column per statement.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    boolean, string, timestamp_with_time_zone, timestamp_with_time_zone_null, uuid,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const VERIFICATIONS: &str = "match_company_verifications";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            ("matches", timestamp_with_time_zone_null("contacted_at")),
            (
                "match_candidates",
                string("visibility").default("anonymous").to_owned(),
            ),
        ];
        for (table, mut column) in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(VERIFICATIONS)
                    .if_not_exists()
                    .col(uuid("company_id").primary_key())
                    .col(boolean("verified"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(VERIFICATIONS).to_owned())
            .await?;
        for (table, column) in [
            ("match_candidates", "visibility"),
            ("matches", "contacted_at"),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
