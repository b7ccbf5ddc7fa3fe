//! Who did what to which posting and when: created, edited (with the fields), published,
//! closed (by a person or by its deadline), archived, deleted. Written in the same transaction
//! as the change; read by `audit:read` holders.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "job_audit_logs";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TABLE)
                    .if_not_exists()
                    .col(uuid("id").primary_key())
                    .col(uuid_null("actor_id"))
                    .col(string("action"))
                    .col(uuid("target_id"))
                    .col(uuid("company_id"))
                    .col(json("details"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        for column in ["target_id", "company_id", "actor_id"] {
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
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TABLE).if_exists().to_owned())
            .await
    }
}
