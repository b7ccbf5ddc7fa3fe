//! Matching's read-copies of jobs and candidates, match results, processed-event ids and its
//! outbox. On PostgreSQL the read-copies also get a pgvector `embedding` column with an HNSW
//! index, which the embedding-based ranking fills; SQLite scores without it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// Dimension of the sentence embeddings (MiniLM-L6: 384).
const EMBEDDING_DIMENSIONS: u32 = 384;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("match_candidates")
                    .if_not_exists()
                    .col(uuid("user_id").primary_key())
                    .col(json("skills"))
                    .col(string_null("jlpt_level"))
                    .col(string_null("visa_status"))
                    .col(integer("years_experience").default(0))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("match_jobs")
                    .if_not_exists()
                    .col(uuid("job_id").primary_key())
                    .col(json("required_skills"))
                    .col(integer("min_experience_years").default(0))
                    .col(string_null("jlpt_required"))
                    .col(string("status"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("matches")
                    .if_not_exists()
                    .col(uuid("id").primary_key())
                    .col(uuid("job_id"))
                    .col(uuid("candidate_id"))
                    .col(double("score"))
                    .col(double("skill_score"))
                    .col(json("matched_skills"))
                    .col(integer("score_version"))
                    .col(string("status"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_matches_job_candidate")
                    .table("matches")
                    .col("job_id")
                    .col("candidate_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_matches_job_score")
                    .table("matches")
                    .col("job_id")
                    .col("score")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("match_processed_events")
                    .if_not_exists()
                    .col(uuid("event_id").primary_key())
                    .col(timestamp_with_time_zone("processed_at"))
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            add_vector_columns(manager).await?;
        }
        crate::outbox::create(manager, super::OUTBOX_TABLE).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::outbox::drop(manager, super::OUTBOX_TABLE).await?;
        for table in [
            "match_processed_events",
            "matches",
            "match_jobs",
            "match_candidates",
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

/// Raw SQL because sea-query has no builder for extensions, the `vector(n)` type or
/// HNSW index methods; PostgreSQL only.
async fn add_vector_columns(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS vector")
        .await?;
    for table in ["match_candidates", "match_jobs"] {
        db.execute_unprepared(&format!(
            "ALTER TABLE {table} ADD COLUMN IF NOT EXISTS embedding vector({EMBEDDING_DIMENSIONS})"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE INDEX IF NOT EXISTS idx_{table}_embedding_hnsw \
             ON {table} USING hnsw (embedding vector_cosine_ops)"
        ))
        .await?;
    }
    Ok(())
}
