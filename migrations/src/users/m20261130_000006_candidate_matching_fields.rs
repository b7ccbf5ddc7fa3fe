//! What matching reads about a candidate besides skills: the role they look for, a free-text
//! summary of past work, and whether they would move for a job.
//!
//! SQLite alters one column per statement, so each column is its own `ALTER TABLE`; the
//! boolean gets a constant default so existing rows read as not willing to relocate.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{boolean, string_null, text_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: &[&str] = &["desired_role", "experience_summary", "willing_to_relocate"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            string_null("desired_role"),
            text_null("experience_summary"),
            boolean("willing_to_relocate").default(false).to_owned(),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table("candidate_profiles")
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
                        .table("candidate_profiles")
                        .drop_column(*column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
