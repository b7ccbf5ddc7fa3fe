//! Employers read their own postings' analytics: the `employer` role is granted
//! `analytics:read` (HR managers held it already; recruiters do not). Company membership still
//! decides whose analytics they read.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const ROLE: &str = "employer";
const PERMISSION: &str = "analytics:read";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::insert()
                    .into_table("role_permissions")
                    .columns(["role", "permission"])
                    .values_panic([ROLE.into(), PERMISSION.into()])
                    .on_conflict(OnConflict::new().do_nothing().to_owned())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::delete()
                    .from_table("role_permissions")
                    .and_where(Expr::col("role").eq(ROLE))
                    .and_where(Expr::col("permission").eq(PERMISSION))
                    .to_owned(),
            )
            .await
    }
}
