//! Applications and their history, the screening questions of a posting, and the copy of match
//! scores that ranks applications by match.
//!
//! One candidate holds at most one open application per posting: a partial unique index over
//! the open rows (`closed_at` is null), which SQLite and PostgreSQL both enforce, so two
//! concurrent applies cannot both win.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const APPLICATIONS: &str = "job_applications";
const HISTORY: &str = "job_application_history";
const SCORES: &str = "job_match_scores";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("job_postings")
                    .add_column(json_null("screening_questions"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(APPLICATIONS)
                    .if_not_exists()
                    .col(uuid("id").primary_key())
                    .col(uuid("job_id"))
                    .col(uuid("company_id"))
                    .col(uuid("candidate_id"))
                    .col(string("status"))
                    .col(string("source"))
                    .col(uuid_null("match_id"))
                    .col(double_null("match_score"))
                    .col(text_null("cover_letter"))
                    .col(string("language"))
                    .col(json("answers"))
                    .col(string_null("rejection_reason"))
                    .col(text_null("rejection_message"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("first_response_at"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("job_created", &["job_id", "created_at"][..]),
            ("candidate", &["candidate_id", "created_at"][..]),
            ("company", &["company_id"][..]),
        ] {
            let mut index = Index::create();
            index
                .name(format!("idx_{APPLICATIONS}_{name}"))
                .table(APPLICATIONS);
            for column in columns {
                index.col(*column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE UNIQUE INDEX IF NOT EXISTS ux_{APPLICATIONS}_open \
                 ON {APPLICATIONS} (job_id, candidate_id) WHERE closed_at IS NULL"
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(HISTORY)
                    .if_not_exists()
                    .col(uuid("id").primary_key())
                    .col(uuid("application_id"))
                    .col(string_null("from_status"))
                    .col(string("to_status"))
                    .col(string("actor"))
                    .col(uuid_null("actor_id"))
                    .col(string_null("reason"))
                    .col(text_null("message"))
                    .col(text_null("note"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(format!("idx_{HISTORY}_application"))
                    .table(HISTORY)
                    .col("application_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SCORES)
                    .if_not_exists()
                    .col(uuid("match_id").primary_key())
                    .col(uuid("job_id"))
                    .col(uuid("candidate_id"))
                    .col(double("score"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(format!("idx_{SCORES}_pair"))
                    .table(SCORES)
                    .col("job_id")
                    .col("candidate_id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [SCORES, HISTORY, APPLICATIONS] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("job_postings")
                    .drop_column("screening_questions")
                    .to_owned(),
            )
            .await
    }
}
