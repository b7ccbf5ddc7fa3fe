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

/// What the relay and the delivery guarantees need beyond the first outbox columns:
/// - `aggregate_version`: the aggregate's version stamped on the event in its transaction;
/// - `stream_position`: where the event went on the bus (sortable text, see
///   `kit::events::StreamPosition`), for replays and for noticing a broker that lost it;
/// - `confirmed_at`: when every consumer group had acknowledged it; rows are purged a
///   retention window after that, and only unconfirmed ones are republished after a broker
///   lost its data.
///
/// Rows sent before this migration count as confirmed, so an upgrade republishes nothing.
pub async fn add_delivery_tracking(
    manager: &SchemaManager<'_>,
    tables: crate::event_tables::ProducerTables,
) -> Result<(), DbErr> {
    let table = tables.outbox;
    // One column per statement: SQLite's ALTER TABLE adds one at a time.
    for column in [
        big_integer("aggregate_version").default(0).to_owned(),
        string_len_null("stream_position", 48).to_owned(),
        timestamp_with_time_zone_null("confirmed_at").to_owned(),
    ] {
        manager
            .alter_table(
                Table::alter()
                    .table(table)
                    .add_column(column.to_owned())
                    .to_owned(),
            )
            .await?;
    }
    manager
        .exec_stmt(
            Query::update()
                .table(table)
                .value("confirmed_at", Expr::col("sent_at"))
                .and_where(Expr::col("sent_at").is_not_null())
                .to_owned(),
        )
        .await?;
    for (name, column) in [
        ("position", "stream_position"),
        ("confirmed", "confirmed_at"),
    ] {
        manager
            .create_index(
                Index::create()
                    .name(format!("idx_{table}_{name}"))
                    .table(table)
                    .col(column)
                    .to_owned(),
            )
            .await?;
    }
    manager
        .create_table(
            Table::create()
                .table(tables.versions)
                .if_not_exists()
                .col(string_len("aggregate_id", 128).primary_key())
                .col(big_integer("version"))
                .to_owned(),
        )
        .await
}

pub async fn drop_delivery_tracking(
    manager: &SchemaManager<'_>,
    tables: crate::event_tables::ProducerTables,
) -> Result<(), DbErr> {
    manager
        .drop_table(Table::drop().table(tables.versions).if_exists().to_owned())
        .await?;
    for name in ["position", "confirmed"] {
        manager
            .drop_index(
                Index::drop()
                    .name(format!("idx_{}_{name}", tables.outbox))
                    .table(tables.outbox)
                    .to_owned(),
            )
            .await?;
    }
    for column in ["confirmed_at", "stream_position", "aggregate_version"] {
        manager
            .alter_table(
                Table::alter()
                    .table(tables.outbox)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}
