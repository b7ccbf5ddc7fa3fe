//! Offers to candidates, and the copy of candidates' right to work (status of residence, work
//! authorisation) the offer's visa check reads, kept from `candidate.profile_updated`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const OFFERS: &str = "job_offers";
const FACTS: &str = "job_candidate_facts";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OFFERS)
                    .if_not_exists()
                    .col(uuid("id").primary_key())
                    .col(uuid("application_id"))
                    .col(uuid("job_id"))
                    .col(uuid("company_id"))
                    .col(uuid("candidate_id"))
                    .col(string("status"))
                    .col(big_integer("salary"))
                    .col(string("salary_period"))
                    .col(string("currency"))
                    .col(string("employment_type"))
                    .col(double_null("weekly_hours"))
                    .col(date("start_date"))
                    .col(string("status_of_residence"))
                    .col(json("visa_steps"))
                    .col(json("findings"))
                    .col(text_null("message"))
                    .col(text_null("response_message"))
                    .col(uuid("made_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("answered_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(format!("idx_{OFFERS}_application"))
                    .table(OFFERS)
                    .col("application_id")
                    .to_owned(),
            )
            .await?;
        // One pending offer per application, even when two members make one at once.
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE UNIQUE INDEX IF NOT EXISTS ux_{OFFERS}_pending \
                 ON {OFFERS} (application_id) WHERE status = 'pending'"
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FACTS)
                    .if_not_exists()
                    .col(uuid("candidate_id").primary_key())
                    .col(string_null("visa_status"))
                    .col(boolean("work_authorization"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [FACTS, OFFERS] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
