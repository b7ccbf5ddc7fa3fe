//! Employers and HR managers run their hiring: the `employer` role is granted `analytics:read`
//! (HR managers held it already; recruiters do not) and `interviews:create` (which recruiters
//! held already), and the `hr_manager` role `interviews:create`. Company membership still
//! decides whose analytics and interviews they touch.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const GRANTS: [(&str, &str); 3] = [
    ("employer", "analytics:read"),
    ("employer", "interviews:create"),
    ("hr_manager", "interviews:create"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (role, permission) in GRANTS {
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table("role_permissions")
                        .columns(["role", "permission"])
                        .values_panic([role.into(), permission.into()])
                        .on_conflict(OnConflict::new().do_nothing().to_owned())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (role, permission) in GRANTS {
            manager
                .exec_stmt(
                    Query::delete()
                        .from_table("role_permissions")
                        .and_where(Expr::col("role").eq(role))
                        .and_where(Expr::col("permission").eq(permission))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
