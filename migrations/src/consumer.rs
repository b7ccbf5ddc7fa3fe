//! The tables every subgraph that keeps read-copies has besides its processed-events table:
//! the copy-version ledger and the record of failed events (dead letters among them). Read by
//! `kit::copies` and `kit::consumer`.

use crate::event_tables::ConsumerTables;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub async fn create(manager: &SchemaManager<'_>, tables: ConsumerTables) -> Result<(), DbErr> {
    // One row per copied thing: `copy` names the kind (`job`, `company_member`, …), `key`
    // the thing; `removed` marks a tombstone, so an older event never brings it back.
    manager
        .create_table(
            Table::create()
                .table(tables.copy_versions)
                .if_not_exists()
                .col(string_len("copy", 64))
                .col(string_len("key", 128))
                .col(big_integer("version"))
                .col(boolean("removed").default(false))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(Index::create().col("copy").col("key"))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(tables.failures)
                .if_not_exists()
                .col(uuid("event_id").primary_key())
                .col(string_len("consumer_group", 64))
                .col(string("event_type"))
                .col(string("aggregate_id"))
                .col(text("event"))
                .col(text("error"))
                .col(integer("attempts"))
                .col(timestamp_with_time_zone("first_failed_at"))
                .col(timestamp_with_time_zone("last_failed_at"))
                .col(timestamp_with_time_zone_null("dead_at"))
                .col(string_len_null("resolution", 16))
                .col(timestamp_with_time_zone_null("resolved_at"))
                .col(uuid_null("resolved_by"))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name(format!("idx_{}_dead", tables.failures))
                .table(tables.failures)
                .col("dead_at")
                .to_owned(),
        )
        .await
}

pub async fn drop(manager: &SchemaManager<'_>, tables: ConsumerTables) -> Result<(), DbErr> {
    for table in [tables.failures, tables.copy_versions] {
        manager
            .drop_table(Table::drop().table(table).if_exists().to_owned())
            .await?;
    }
    Ok(())
}
