//! Funnel analytics of postings, as daily rollups written in the transaction of each change
//! (a view counted, an application submitted, moved, offered, hired): one row per posting and
//! day, and one per company and day, so a report over any date range sums at most one row per
//! day instead of scanning applications. Views
//! count once per viewer, posting and day: `job_views` keeps a salted hash of the viewer (the
//! user, or an anonymous client's address and agent) under that day's random salt, and both
//! are forgotten after two days.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATS: &str = "job_daily_stats";
const COMPANY_STATS: &str = "job_company_daily_stats";
const VIEWS: &str = "job_views";
const SALTS: &str = "job_view_salts";

/// The counters of a day, each a column of `job_daily_stats`.
pub const COUNTERS: [&str; 17] = [
    "views",
    "views_search",
    "views_recommendation",
    "views_direct_link",
    "applications",
    "applications_search",
    "applications_recommendation",
    "applications_direct_link",
    "screened",
    "interviewed",
    "offered",
    "hired",
    "rejected",
    "withdrawn",
    "responses",
    "response_seconds",
    "hire_seconds",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut stats = Table::create();
        stats
            .table(STATS)
            .if_not_exists()
            .col(uuid("job_id"))
            .col(date("day"))
            .col(uuid("company_id"));
        for counter in COUNTERS {
            stats.col(big_integer(counter).default(0));
        }
        stats.primary_key(Index::create().col("job_id").col("day"));
        manager.create_table(stats.to_owned()).await?;
        let mut company = Table::create();
        company
            .table(COMPANY_STATS)
            .if_not_exists()
            .col(uuid("company_id"))
            .col(date("day"));
        for counter in COUNTERS {
            company.col(big_integer(counter).default(0));
        }
        company.primary_key(Index::create().col("company_id").col("day"));
        manager.create_table(company.to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(VIEWS)
                    .if_not_exists()
                    .col(uuid("job_id"))
                    .col(date("day"))
                    .col(string("viewer"))
                    .primary_key(Index::create().col("job_id").col("day").col("viewer"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SALTS)
                    .if_not_exists()
                    .col(date("day").primary_key())
                    .col(string("salt"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [SALTS, VIEWS, COMPANY_STATS, STATS] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
