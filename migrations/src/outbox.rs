//! The transactional outbox table every subgraph has: events are written here in the same
//! transaction as the change they describe, then relayed to the bus by `kit::outbox`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

/// Creates `<table>` with the outbox columns and the index the relay polls on.
pub async fn create(manager: &SchemaManager<'_>, table: &'static str) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(table)
                .if_not_exists()
                .col(uuid("id").primary_key())
                .col(string("event_type"))
                .col(string("aggregate_id"))
                .col(text("payload"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .col(integer("attempts").default(0))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name(format!("idx_{table}_unsent"))
                .table(table)
                .col("sent_at")
                .col("created_at")
                .to_owned(),
        )
        .await
}

pub async fn drop(manager: &SchemaManager<'_>, table: &'static str) -> Result<(), DbErr> {
    manager
        .drop_table(Table::drop().table(table).if_exists().to_owned())
        .await
}
