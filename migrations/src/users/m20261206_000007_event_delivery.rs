//! Delivery tracking on the users outbox (aggregate versions, stream positions, confirmation;
//! see `outbox::add_delivery_tracking`) and the `events:manage` permission: administrators
//! (who hold `*`) list, retry and discard the events a consumer could not apply.

use crate::event_tables::ProducerTables;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const EVENTS_MANAGE: &str = "events:manage";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::outbox::add_delivery_tracking(manager, super::EVENTS).await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table("permissions")
                    .columns(["name", "description"])
                    .values_panic([
                        EVENTS_MANAGE.into(),
                        "see, retry and discard events the subgraphs could not apply".into(),
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
                    .and_where(Expr::col("name").eq(EVENTS_MANAGE))
                    .to_owned(),
            )
            .await?;
        let tables: ProducerTables = super::EVENTS;
        crate::outbox::drop_delivery_tracking(manager, tables).await
    }
}
