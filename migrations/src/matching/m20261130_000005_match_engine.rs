//! The matching engine's inputs and outputs.
//!
//! * Read-copies keep the whole profile or posting the score reads (`profile`, `details`),
//!   the columns retrieval filters on in SQL (a candidate's JLPT rank, prefectures and
//!   willingness to relocate, the status of residence the visa gate reads), and which model and text produced the stored vector
//!   (`embedding_model`, `embedding_hash`), so a model change re-embeds.
//! * On SQLite the vector is a little-endian `f32` blob (`embedding`) searched by an exact
//!   scan; PostgreSQL already has its pgvector column and HNSW index.
//! * `match_candidate_terms` and `match_job_terms` are the lexical side of retrieval: the
//!   normalised skills and words of a candidate or posting, one row each.
//! * `match_skill_vectors` caches the embedding of each skill name, for near-matches
//!   ("postgresql" and "sql") without embedding the same name twice.
//! * Each match stores every score component, a confidence, its explanation and the model id.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const MATCH_SCORES: [&str; 7] = [
    "experience_score",
    "language_score",
    "salary_score",
    "location_score",
    "semantic_score",
    "culture_score",
    "confidence",
];

async fn add_columns(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    // One column per statement: SQLite adds one at a time.
    for mut column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new(table))
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

async fn drop_columns(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: &[&str],
) -> Result<(), DbErr> {
    for column in columns {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new(table))
                    .drop_column(Alias::new(*column))
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sqlite = manager.get_database_backend() == DbBackend::Sqlite;
        let mut candidate_columns = vec![
            json_null("profile"),
            string_null("visa_gate"),
            integer_null("jlpt_rank"),
            string("location_codes").default("").to_owned(),
            boolean("willing_to_relocate").default(false).to_owned(),
            string_null("embedding_model"),
            string_null("embedding_hash"),
        ];
        let mut job_columns = vec![
            string("title").default("").to_owned(),
            json_null("details"),
            string_null("embedding_model"),
            string_null("embedding_hash"),
        ];
        if sqlite {
            candidate_columns.push(blob_null("embedding"));
            job_columns.push(blob_null("embedding"));
        }
        add_columns(manager, "match_candidates", candidate_columns).await?;
        add_columns(manager, "match_jobs", job_columns).await?;
        let mut match_columns: Vec<ColumnDef> = MATCH_SCORES
            .iter()
            .map(|name| double(Alias::new(*name)).default(0.0).to_owned())
            .collect();
        match_columns.push(json_null("explanation"));
        match_columns.push(string_null("model_id"));
        add_columns(manager, "matches", match_columns).await?;

        manager
            .create_table(
                Table::create()
                    .table("match_candidate_terms")
                    .if_not_exists()
                    .col(uuid("user_id"))
                    .col(string_len("term", 64))
                    .col(double("weight"))
                    .primary_key(Index::create().col("user_id").col("term"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("match_job_terms")
                    .if_not_exists()
                    .col(uuid("job_id"))
                    .col(string_len("term", 64))
                    .col(double("weight"))
                    .primary_key(Index::create().col("job_id").col("term"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_match_job_terms_term")
                    .table("match_job_terms")
                    .col("term")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_match_candidate_terms_term")
                    .table("match_candidate_terms")
                    .col("term")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("match_skill_vectors")
                    .if_not_exists()
                    .col(string("model_id"))
                    .col(string_len("name", 128))
                    .col(blob("vector"))
                    .primary_key(Index::create().col("model_id").col("name"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_matches_candidate_score")
                    .table("matches")
                    .col("candidate_id")
                    .col("score")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sqlite = manager.get_database_backend() == DbBackend::Sqlite;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_matches_candidate_score")
                    .table("matches")
                    .to_owned(),
            )
            .await?;
        for table in [
            "match_skill_vectors",
            "match_job_terms",
            "match_candidate_terms",
        ] {
            manager
                .drop_table(
                    Table::drop()
                        .table(Alias::new(table))
                        .if_exists()
                        .to_owned(),
                )
                .await?;
        }
        let mut match_columns = MATCH_SCORES.to_vec();
        match_columns.extend(["explanation", "model_id"]);
        drop_columns(manager, "matches", &match_columns).await?;
        let mut job_columns = vec!["title", "details", "embedding_model", "embedding_hash"];
        let mut candidate_columns = vec![
            "profile",
            "visa_gate",
            "jlpt_rank",
            "location_codes",
            "willing_to_relocate",
            "embedding_model",
            "embedding_hash",
        ];
        if sqlite {
            job_columns.push("embedding");
            candidate_columns.push("embedding");
        }
        drop_columns(manager, "match_jobs", &job_columns).await?;
        drop_columns(manager, "match_candidates", &candidate_columns).await
    }
}
