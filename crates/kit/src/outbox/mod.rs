//! The transactional outbox, the record of every event a subgraph raises: a service writes its
//! change and the event describing it in one transaction ([`Outbox::enqueue`], which also stamps
//! the aggregate's next version on the event), and the relay (`relay.rs`) publishes unsent rows
//! to the bus. Rows stay after they are sent: for a retention window after every consumer group
//! acknowledged them, so a broker that lost its data can be refilled and a subscriber that
//! reconnects can be replayed what it missed ([`Outbox::replay`]).
//!
//! The table names differ per subgraph (they may share a PostgreSQL database), so rows are
//! addressed through sea-query builders with a dynamic table instead of a static entity.

mod relay;

pub use relay::{Relay, RelaySettings};

use crate::events::{Event, StreamPosition};
use migrations::ProducerTables;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Order, Query};
use sea_orm::{ConnectionTrait, DbErr};
use std::sync::Arc;
use tokio::sync::Notify;
use uuid::Uuid;

#[derive(Clone)]
pub struct Outbox {
    tables: ProducerTables,
    wake: Arc<Notify>,
}

/// Where a replay starts, for an event id a subscriber last saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplayStart {
    /// After this position.
    After(StreamPosition),
    /// The event is not published yet: it and what follows will arrive live.
    NotYetPublished,
    /// No such event here (never raised by this subgraph, or purged after its retention).
    Unknown,
}

impl Outbox {
    pub fn new(tables: ProducerTables) -> Self {
        Self {
            tables,
            wake: Arc::new(Notify::new()),
        }
    }

    pub fn table(&self) -> &'static str {
        self.tables.outbox
    }

    pub fn tables(&self) -> ProducerTables {
        self.tables
    }

    /// Adds `event` on `conn`, which should be the transaction that makes the change, with the
    /// next version of its aggregate stamped on it; returns the event as written.
    ///
    /// The version row is written with an upsert whose row lock is held until the transaction
    /// ends, so two transactions changing one aggregate take versions in the order they commit.
    pub async fn enqueue<C: ConnectionTrait>(
        &self,
        conn: &C,
        event: &Event,
    ) -> Result<Event, DbErr> {
        let mut event = event.clone();
        event.aggregate_version = self.next_version(conn, &event.aggregate_id).await?;
        let payload = serde_json::to_string(&event).map_err(|err| DbErr::Json(err.to_string()))?;
        let insert = Query::insert()
            .into_table(Alias::new(self.tables.outbox))
            .columns([
                "id",
                "event_type",
                "aggregate_id",
                "aggregate_version",
                "payload",
                "created_at",
                "attempts",
            ])
            .values([
                event.id.into(),
                event.event_type.clone().into(),
                event.aggregate_id.clone().into(),
                event.aggregate_version.into(),
                payload.into(),
                event.occurred_at.into(),
                0i32.into(),
            ])
            .map_err(|err| DbErr::Custom(err.to_string()))?
            .to_owned();
        conn.execute(&insert).await?;
        Ok(event)
    }

    async fn next_version<C: ConnectionTrait>(
        &self,
        conn: &C,
        aggregate: &str,
    ) -> Result<i64, DbErr> {
        let table = Alias::new(self.tables.versions);
        let upsert = Query::insert()
            .into_table(table.clone())
            .columns(["aggregate_id", "version"])
            .values([aggregate.into(), 1i64.into()])
            .map_err(|err| DbErr::Custom(err.to_string()))?
            .on_conflict(
                OnConflict::column("aggregate_id")
                    .value("version", Expr::col((table, Alias::new("version"))).add(1))
                    .to_owned(),
            )
            .returning_col("version")
            .to_owned();
        let row = conn
            .query_one(&upsert)
            .await?
            .ok_or_else(|| DbErr::Custom("the version upsert returned no row".into()))?;
        row.try_get("", "version")
    }

    /// Tells the relay that committed rows are waiting (call after the transaction commits).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub(crate) fn woken(&self) -> &Notify {
        &self.wake
    }

    /// Where to replay from for a subscriber that last saw event `id`.
    pub async fn replay_start<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: Uuid,
    ) -> Result<ReplayStart, DbErr> {
        let select = Query::select()
            .columns(["stream_position"])
            .from(Alias::new(self.tables.outbox))
            .and_where(Expr::col("id").eq(id))
            .to_owned();
        let Some(row) = conn.query_one(&select).await? else {
            return Ok(ReplayStart::Unknown);
        };
        let position: Option<String> = row.try_get("", "stream_position")?;
        Ok(match position.as_deref().and_then(StreamPosition::parse) {
            Some(position) => ReplayStart::After(position),
            None => ReplayStart::NotYetPublished,
        })
    }

    /// Up to `limit` published events of `types` after `after`, in bus order (optionally only
    /// those of one aggregate).
    pub async fn replay<C: ConnectionTrait>(
        &self,
        conn: &C,
        after: StreamPosition,
        types: &[&str],
        aggregate: Option<&str>,
        limit: u64,
    ) -> Result<Vec<(StreamPosition, Event)>, DbErr> {
        let mut select = Query::select()
            .columns(["stream_position", "payload"])
            .from(Alias::new(self.tables.outbox))
            .and_where(Expr::col("stream_position").gt(after.to_stored()))
            .and_where(Expr::col("event_type").is_in(types.iter().copied()))
            .order_by("stream_position", Order::Asc)
            .limit(limit)
            .to_owned();
        if let Some(aggregate) = aggregate {
            select.and_where(Expr::col("aggregate_id").eq(aggregate));
        }
        let mut events = Vec::new();
        for row in conn.query_all(&select).await? {
            let position: String = row.try_get("", "stream_position")?;
            let payload: String = row.try_get("", "payload")?;
            if let (Some(position), Ok(event)) = (
                StreamPosition::parse(&position),
                serde_json::from_str::<Event>(&payload),
            ) {
                events.push((position, event));
            }
        }
        Ok(events)
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
