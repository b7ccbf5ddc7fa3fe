//! Which saved version of a candidate's profile an application sends: the application keeps
//! the number, and the copy of the candidate (`job_candidate_facts`, from
//! `candidate.profile_updated`) keeps the latest version seen, which a chosen version is checked
//! against and which an application sends by default.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::integer_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [(&str, &str); 2] = [
    ("job_candidate_facts", "profile_version"),
    ("job_applications", "profile_version"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(integer_null(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in COLUMNS {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
