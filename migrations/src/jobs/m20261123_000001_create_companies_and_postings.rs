//! Companies, job postings and the jobs outbox.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("companies")
                    .if_not_exists()
                    .col(uuid("id").primary_key())
                    .col(string("name"))
                    .col(string_null("name_ja"))
                    .col(string_null("industry"))
                    .col(string_null("size"))
                    .col(string_null("headquarters"))
                    .col(string_null("website"))
                    .col(boolean("visa_sponsorship").default(false))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("job_postings")
                    .if_not_exists()
                    .col(uuid("id").primary_key())
                    .col(uuid("company_id"))
                    .col(uuid("posted_by_id"))
                    .col(string("title"))
                    .col(string_null("title_ja"))
                    .col(text("description"))
                    .col(text_null("description_ja"))
                    .col(string("location"))
                    .col(string_null("location_ja"))
                    .col(string("employment_type"))
                    .col(string("remote_option"))
                    .col(big_integer_null("salary_min"))
                    .col(big_integer_null("salary_max"))
                    .col(string("currency"))
                    .col(json("required_skills"))
                    .col(integer("min_experience_years").default(0))
                    .col(string_null("jlpt_required"))
                    .col(boolean("visa_sponsorship").default(false))
                    .col(string("status"))
                    .col(timestamp_with_time_zone_null("published_at"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_job_postings_company")
                            .from("job_postings", "company_id")
                            .to("companies", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_job_postings_company")
                    .table("job_postings")
                    .col("company_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_job_postings_status_created")
                    .table("job_postings")
                    .col("status")
                    .col("created_at")
                    .to_owned(),
            )
            .await?;
        crate::outbox::create(manager, super::OUTBOX_TABLE).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::outbox::drop(manager, super::OUTBOX_TABLE).await?;
        manager
            .drop_table(Table::drop().table("job_postings").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("companies").to_owned())
            .await
    }
}
