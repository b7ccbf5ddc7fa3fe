//! The `jobs:manage` permission: change any job posting, not only one's own. Administrators
//! hold it through `*`; roles granted it later (e.g. platform moderators) may too.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const JOBS_MANAGE: &str = "jobs:manage";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::insert()
                    .into_table("permissions")
                    .columns(["name", "description"])
                    .values_panic([
                        JOBS_MANAGE.into(),
                        "change any job posting, not only one's own".into(),
                    ])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::delete()
                    .from_table("permissions")
                    .and_where(Expr::col("name").eq(JOBS_MANAGE))
                    .to_owned(),
            )
            .await
    }
}
