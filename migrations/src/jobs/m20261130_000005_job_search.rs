//! The search index of published postings: one row per posting with what search filters and
//! facets on (normalised: yearly yen, JLPT as a number) and the posting's text as tokens the
//! jobs subgraph computes itself (whole Latin words, CJK bigrams), so both backends match the
//! same postings with no dictionary: PostgreSQL indexes them as a weighted `tsvector` (GIN),
//! SQLite as an FTS5 table kept in step by triggers. Skills and visa types are rows of
//! `job_search_terms`, which both backends filter and count the same way.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "job_search";
const TERMS: &str = "job_search_terms";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TABLE)
                    .if_not_exists()
                    .col(uuid("posting_id").primary_key())
                    .col(uuid("company_id"))
                    .col(timestamp_with_time_zone("published_at"))
                    .col(string_null("prefecture"))
                    .col(string_null("city"))
                    .col(string("remote_option"))
                    .col(string("employment_type"))
                    .col(string_null("industry"))
                    .col(string_null("company_size"))
                    .col(big_integer_null("salary_min_yearly"))
                    .col(big_integer_null("salary_max_yearly"))
                    .col(integer("min_experience_years"))
                    .col(small_integer("jlpt_level"))
                    .col(boolean("visa_sponsorship"))
                    .col(text("title_tokens"))
                    .col(text("skill_tokens"))
                    .col(text("company_tokens"))
                    .col(text("description_tokens"))
                    .to_owned(),
            )
            .await?;
        for column in [
            "published_at",
            "company_id",
            "prefecture",
            "salary_max_yearly",
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(format!("idx_{TABLE}_{column}"))
                        .table(TABLE)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(TERMS)
                    .if_not_exists()
                    .col(string("kind"))
                    .col(string("value"))
                    .col(uuid("posting_id"))
                    .primary_key(Index::create().col("kind").col("value").col("posting_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(format!("idx_{TERMS}_posting"))
                    .table(TERMS)
                    .col("posting_id")
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // Raw SQL: sea-query has no builder for generated tsvector columns, GIN or FTS5.
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                // Each token becomes `token:1` so that it has a position to carry its
                // field's weight (lexemes without positions lose their weights).
                db.execute_unprepared(
                    r"ALTER TABLE job_search ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                       setweight(CAST(regexp_replace(title_tokens, '(\S+)', '\1:1', 'g') AS tsvector), 'A') ||
                       setweight(CAST(regexp_replace(skill_tokens, '(\S+)', '\1:1', 'g') AS tsvector), 'B') ||
                       setweight(CAST(regexp_replace(company_tokens, '(\S+)', '\1:1', 'g') AS tsvector), 'C') ||
                       setweight(CAST(regexp_replace(description_tokens, '(\S+)', '\1:1', 'g') AS tsvector), 'D')
                     ) STORED",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX IF NOT EXISTS idx_job_search_vector ON job_search USING gin (search_vector)",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS job_search_fts USING fts5(
                       title_tokens, skill_tokens, company_tokens, description_tokens,
                       content='job_search', content_rowid='rowid',
                       tokenize='unicode61 remove_diacritics 0')",
                )
                .await?;
                for trigger in SQLITE_TRIGGERS {
                    db.execute_unprepared(trigger).await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DbBackend::Sqlite {
            db.execute_unprepared("DROP TABLE IF EXISTS job_search_fts")
                .await?;
        }
        for table in [TERMS, TABLE] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

/// SQLite's external-content FTS5 table follows `job_search` through these (the pattern of the
/// FTS5 documentation).
const SQLITE_TRIGGERS: [&str; 3] = [
    "CREATE TRIGGER IF NOT EXISTS job_search_ai AFTER INSERT ON job_search BEGIN
       INSERT INTO job_search_fts(rowid, title_tokens, skill_tokens, company_tokens, description_tokens)
       VALUES (new.rowid, new.title_tokens, new.skill_tokens, new.company_tokens, new.description_tokens);
     END",
    "CREATE TRIGGER IF NOT EXISTS job_search_ad AFTER DELETE ON job_search BEGIN
       INSERT INTO job_search_fts(job_search_fts, rowid, title_tokens, skill_tokens, company_tokens, description_tokens)
       VALUES ('delete', old.rowid, old.title_tokens, old.skill_tokens, old.company_tokens, old.description_tokens);
     END",
    "CREATE TRIGGER IF NOT EXISTS job_search_au AFTER UPDATE ON job_search BEGIN
       INSERT INTO job_search_fts(job_search_fts, rowid, title_tokens, skill_tokens, company_tokens, description_tokens)
       VALUES ('delete', old.rowid, old.title_tokens, old.skill_tokens, old.company_tokens, old.description_tokens);
       INSERT INTO job_search_fts(rowid, title_tokens, skill_tokens, company_tokens, description_tokens)
       VALUES (new.rowid, new.title_tokens, new.skill_tokens, new.company_tokens, new.description_tokens);
     END",
];
