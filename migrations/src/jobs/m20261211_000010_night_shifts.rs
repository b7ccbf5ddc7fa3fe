//! Whether a posting's work includes night shifts (夜勤), on the posting and in its search
//! index row, so that `夜勤なし` and `no night shifts` are matched on a field rather than on
//! words. Null on both for postings written before: they do not say.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["job_postings", "job_search"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(boolean_null("night_shifts"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .drop_column("night_shifts")
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
