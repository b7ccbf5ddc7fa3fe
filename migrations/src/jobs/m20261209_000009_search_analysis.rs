//! The search index remembers which version of the text analysis wrote its tokens
//! (`job_search_state.analysis`), so that an instance started with another version rebuilds
//! the index tables from the postings before it serves (see `service::search::index`).
//! Existing rows start at 0: every index written before the analysis was versioned is rebuilt.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("job_search_state")
                    .add_column(big_integer("analysis").default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("job_search_state")
                    .drop_column("analysis")
                    .to_owned(),
            )
            .await
    }
}
