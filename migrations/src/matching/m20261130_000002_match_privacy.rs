//! Who may read matches: matching keeps a copy of company memberships (from the users
//! subgraph's `company.*` events) and the company of each posting, so an employer reads only
//! their own company's matches without a call to another subgraph. Candidates whose account
//! is deactivated are kept out of matching (`active`) until it is activated again.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const MEMBERS: &str = "match_company_members";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MEMBERS)
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
                    .name(format!("idx_{MEMBERS}_user"))
                    .table(MEMBERS)
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        // Postings seen before this migration learn their company from their next event;
        // until then only administrators read their matches.
        manager
            .alter_table(
                Table::alter()
                    .table("match_jobs")
                    .add_column(uuid_null("company_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("match_candidates")
                    .add_column(boolean("active").default(true))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_matches_candidate")
                    .table("matches")
                    .col("candidate_id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_matches_candidate")
                    .table("matches")
                    .to_owned(),
            )
            .await?;
        for (table, column) in [("match_candidates", "active"), ("match_jobs", "company_id")] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        manager
            .drop_table(Table::drop().table(MEMBERS).if_exists().to_owned())
            .await
    }
}
