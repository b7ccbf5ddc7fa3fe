//! Search moves into the jobs subgraph's memory (see `service::search::engine`): the index
//! tables stay the source of truth, and every change to them is numbered so each instance can
//! bring its in-memory index up to date before it answers a search.
//!
//! - `job_search_state` is one row: `version` counts changes to the index tables, and
//!   `generation` counts whole rebuilds (an instance that sees a new generation reloads
//!   everything). A writer increments `version` as the last statement of its transaction, so
//!   the row lock orders index writers and every change numbered at or below the committed
//!   version is committed too.
//! - `job_search_changes` holds, per posting, the version of its latest change (a removed
//!   posting keeps its row, so instances learn that it left).
//!
//! The full-text structures of the earlier migrations (PostgreSQL's generated vectors and GIN
//! index, SQLite's FTS5 table and triggers) are dropped: matching now happens in memory over
//! the same tokens, identically on both backends.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATE: &str = "job_search_state";
const CHANGES: &str = "job_search_changes";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(STATE)
                    .if_not_exists()
                    .col(small_integer("id").primary_key())
                    .col(big_integer("version"))
                    .col(big_integer("generation"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CHANGES)
                    .if_not_exists()
                    .col(uuid("posting_id").primary_key())
                    .col(big_integer("version"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(format!("idx_{CHANGES}_version"))
                    .table(CHANGES)
                    .col("version")
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "INSERT INTO job_search_state (id, version, generation) VALUES (1, 0, 0) \
             ON CONFLICT (id) DO NOTHING",
        )
        .await?;
        // Raw SQL: generated columns, GIN and FTS5 have no sea-query builders.
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared("DROP INDEX IF EXISTS idx_job_search_vector")
                    .await?;
                db.execute_unprepared(
                    "ALTER TABLE job_search DROP COLUMN IF EXISTS search_vector, \
                     DROP COLUMN IF EXISTS rank_vector",
                )
                .await?;
            }
            _ => {
                for trigger in ["job_search_ai", "job_search_ad", "job_search_au"] {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {trigger}"))
                        .await?;
                }
                db.execute_unprepared("DROP TABLE IF EXISTS job_search_fts")
                    .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [CHANGES, STATE] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
