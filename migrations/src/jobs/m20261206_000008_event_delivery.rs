//! Delivery tracking on the jobs outbox (see `outbox::add_delivery_tracking`), and the
//! consumer's copy-version ledger and failed-event record (see `consumer::create`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::outbox::add_delivery_tracking(manager, super::EVENTS).await?;
        crate::consumer::create(manager, super::CONSUMER).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::consumer::drop(manager, super::CONSUMER).await?;
        crate::outbox::drop_delivery_tracking(manager, super::EVENTS).await
    }
}
