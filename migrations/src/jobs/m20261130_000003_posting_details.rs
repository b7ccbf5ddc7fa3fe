//! What a candidate decides on besides title, pay and skills: department, level, category,
//! preferred skills, languages, visas, benefits, education, dates, structured location, pay
//! period, hours and headcount. Every new column is nullable or has a default, so postings
//! written before keep working (as yearly pay, one opening, no deadline).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "job_postings";

fn columns() -> Vec<ColumnDef> {
    vec![
        string_null("department"),
        string_null("job_level"),
        string_null("job_category"),
        json_null("preferred_skills"),
        json_null("language_requirements"),
        json_null("supported_visa_types"),
        json_null("benefits"),
        string_null("education"),
        date_null("start_date"),
        timestamp_with_time_zone_null("application_deadline"),
        boolean("relocation_support").default(false).to_owned(),
        string_null("prefecture"),
        string_null("city"),
        string("salary_period").default("yearly").to_owned(),
        double_null("weekly_hours"),
        integer("headcount").default(1).to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        for mut column in columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(TABLE)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        // The deadline scheduler looks for published postings whose deadline has passed.
        manager
            .create_index(
                Index::create()
                    .name("idx_job_postings_status_deadline")
                    .table(TABLE)
                    .col("status")
                    .col("application_deadline")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_job_postings_status_deadline")
                    .table(TABLE)
                    .to_owned(),
            )
            .await?;
        for column in columns() {
            let name = column.get_column_name();
            manager
                .alter_table(Table::alter().table(TABLE).drop_column(name).to_owned())
                .await?;
        }
        Ok(())
    }
}
