//! Interviews of applications, and who takes part in each scheduled one when: one row per
//! participant (the candidate and each interviewer) with the interview's start and end in UTC,
//! so "does anyone here already have an interview at that time" is one indexed query.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INTERVIEWS: &str = "job_interviews";
const PARTICIPANTS: &str = "job_interview_participants";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(INTERVIEWS)
                    .if_not_exists()
                    .col(uuid("id").primary_key())
                    .col(uuid("application_id"))
                    .col(uuid("job_id"))
                    .col(uuid("company_id"))
                    .col(uuid("candidate_id"))
                    .col(string("status"))
                    .col(string("kind"))
                    .col(timestamp_with_time_zone_null("starts_at"))
                    .col(integer("duration_minutes"))
                    .col(string("time_zone"))
                    .col(text_null("location"))
                    .col(json("interviewer_ids"))
                    .col(json("proposed_slots"))
                    .col(string("proposed_by"))
                    .col(integer("sequence"))
                    .col(text_null("message"))
                    .col(uuid("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(format!("idx_{INTERVIEWS}_application"))
                    .table(INTERVIEWS)
                    .col("application_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PARTICIPANTS)
                    .if_not_exists()
                    .col(uuid("interview_id"))
                    .col(uuid("user_id"))
                    .col(timestamp_with_time_zone("starts_at"))
                    .col(timestamp_with_time_zone("ends_at"))
                    .primary_key(Index::create().col("interview_id").col("user_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(format!("idx_{PARTICIPANTS}_user_start"))
                    .table(PARTICIPANTS)
                    .col("user_id")
                    .col("starts_at")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [PARTICIPANTS, INTERVIEWS] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
