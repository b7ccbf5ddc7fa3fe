//! The transactional outbox: a service writes its change and the event describing it in one
//! transaction (`Outbox::enqueue`), and the relay publishes unsent rows to the bus and marks
//! them sent. Delivery is at least once; consumers dedupe by event id.
//!
//! The table name differs per subgraph (they may share a PostgreSQL database), so rows are
//! addressed through sea-query builders with a dynamic table instead of a static entity.

use crate::events::{Event, SharedBus};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use uuid::Uuid;

/// Fallback poll interval: rows written by other instances (or before a crash) still go out.
const POLL_INTERVAL: Duration = Duration::from_millis(500);
const BATCH: u64 = 100;

#[derive(Clone)]
pub struct Outbox {
    table: &'static str,
    wake: Arc<Notify>,
}

impl Outbox {
    pub fn new(table: &'static str) -> Self {
        Self {
            table,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Adds `event` on `conn`, which should be the transaction that makes the change.
    pub async fn enqueue<C: ConnectionTrait>(&self, conn: &C, event: &Event) -> Result<(), DbErr> {
        let payload = serde_json::to_string(event).map_err(|err| DbErr::Json(err.to_string()))?;
        let insert = Query::insert()
            .into_table(self.table)
            .columns([
                "id",
                "event_type",
                "aggregate_id",
                "payload",
                "created_at",
                "attempts",
            ])
            .values([
                event.id.into(),
                event.event_type.clone().into(),
                event.aggregate_id.clone().into(),
                payload.into(),
                event.occurred_at.into(),
                0i32.into(),
            ])
            .map_err(|err| DbErr::Custom(err.to_string()))?
            .to_owned();
        conn.execute(&insert).await?;
        Ok(())
    }

    /// Tells the relay that committed rows are waiting (call after the transaction commits).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Starts the relay loop for this outbox.
    pub fn spawn_relay(
        &self,
        db: DatabaseConnection,
        bus: SharedBus,
    ) -> tokio::task::JoinHandle<()> {
        let outbox = self.clone();
        tokio::spawn(async move {
            loop {
                match outbox.relay_batch(&db, &bus).await {
                    Ok(sent) if sent as u64 == BATCH => continue,
                    Ok(_) => {}
                    Err(err) => {
                        tracing::warn!(table = outbox.table, error = %err, "outbox relay failed")
                    }
                }
                let _ = tokio::time::timeout(POLL_INTERVAL, outbox.wake.notified()).await;
            }
        })
    }

    /// Publishes up to one batch of unsent rows, oldest first; returns how many went out.
    pub async fn relay_batch(
        &self,
        db: &DatabaseConnection,
        bus: &SharedBus,
    ) -> Result<usize, DbErr> {
        let select = Query::select()
            .columns(["id", "payload"])
            .from(self.table)
            .and_where(Expr::col("sent_at").is_null())
            .order_by("created_at", Order::Asc)
            .order_by("id", Order::Asc)
            .limit(BATCH)
            .to_owned();
        let rows = db.query_all(&select).await?;
        let mut sent = 0;
        for row in rows {
            let id: Uuid = row.try_get("", "id")?;
            let payload: String = row.try_get("", "payload")?;
            let event: Event = match serde_json::from_str(&payload) {
                Ok(event) => event,
                Err(err) => {
                    tracing::error!(%id, error = %err, "undecodable outbox row; marking it sent");
                    self.mark_sent(db, id, Utc::now()).await?;
                    continue;
                }
            };
            if let Err(err) = bus.publish(&event).await {
                // Keep the row unsent: the next pass retries it in order.
                tracing::warn!(%id, error = %err, "publishing event failed");
                self.count_attempt(db, id).await?;
                break;
            }
            self.mark_sent(db, id, Utc::now()).await?;
            sent += 1;
        }
        Ok(sent)
    }

    async fn mark_sent(
        &self,
        db: &DatabaseConnection,
        id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let update = Query::update()
            .table(self.table)
            .value("sent_at", at)
            .and_where(Expr::col("id").eq(id))
            .to_owned();
        db.execute(&update).await?;
        Ok(())
    }

    async fn count_attempt(&self, db: &DatabaseConnection, id: Uuid) -> Result<(), DbErr> {
        let update = Query::update()
            .table(self.table)
            .value("attempts", Expr::col("attempts").add(1))
            .and_where(Expr::col("id").eq(id))
            .to_owned();
        db.execute(&update).await?;
        Ok(())
    }
}
