//! Delivery tracking on the matching outbox (see `outbox::add_delivery_tracking`), the
//! consumer's copy-version ledger and failed-event record (see `consumer::create`), and
//! `match_candidate_accounts`: each candidate's account status as `user.activated` /
//! `user.deactivated` last said, kept apart from the profile copy because the two arrive as
//! separate events, in any order (a deactivation can arrive before the first profile).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const ACCOUNTS: &str = "match_candidate_accounts";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::outbox::add_delivery_tracking(manager, super::EVENTS).await?;
        crate::consumer::create(manager, super::CONSUMER).await?;
        manager
            .create_table(
                Table::create()
                    .table(ACCOUNTS)
                    .if_not_exists()
                    .col(uuid("user_id").primary_key())
                    .col(boolean("active"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ACCOUNTS).if_exists().to_owned())
            .await?;
        crate::consumer::drop(manager, super::CONSUMER).await?;
        crate::outbox::drop_delivery_tracking(manager, super::EVENTS).await
    }
}
