//! Keeps the 384-dimension vectors (1.5 KB each) out of the read-copies' rows on PostgreSQL.
//!
//! The lexical side of retrieval filters every candidate row by the gates; with the vector
//! inline a row is about 1.5 KB and that scan reads 150 MB at 100,000 candidates. pgvector
//! already stores vectors `EXTERNAL` (out of line, uncompressed), but PostgreSQL moves values
//! out only from rows over `toast_tuple_target` (2 KB by default), which these rows are not;
//! a target of 256 bytes moves every vector out and the rows shrink about five times. The HNSW index holds its own copy of each vector, so the nearest-vector search
//! never reads them from the rows. Rows written earlier move out when next updated.
//! SQLite has no such storage setting; nothing to do there.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["match_candidates", "match_jobs"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for table in TABLES {
            db.execute_unprepared(&format!(
                "ALTER TABLE {table} SET (toast_tuple_target = 256)"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for table in TABLES {
            db.execute_unprepared(&format!("ALTER TABLE {table} RESET (toast_tuple_target)"))
                .await?;
        }
        Ok(())
    }
}
