//! The relay: publishes a subgraph's unsent outbox rows to the bus, and keeps the outbox and
//! the bus in agreement.
//!
//! - **Claims.** Each pass takes up to a batch of unsent rows in one write transaction (on
//!   PostgreSQL `FOR UPDATE SKIP LOCKED`, so relays of several instances never take the same
//!   row; SQLite has one writer at a time), publishes them in one step and records each one's
//!   position before the transaction commits. A crash between publishing and committing leaves
//!   the rows unsent and they go out again: at-least-once, and consumers and subscribers skip
//!   ids they have seen.
//! - **Lost by the broker.** Before publishing, and every few seconds when idle, the relay
//!   compares the bus's watermark for this outbox with the newest position it recorded as sent
//!   and unconfirmed. Behind (or gone: Redis restarted without its data, or a new process on the
//!   in-process bus) means those events may never reach their consumers: the rows after the
//!   watermark that no group confirmed are marked unsent again and republished.
//! - **Confirmation and retention.** Every few seconds the rows below the point every consumer
//!   group acknowledged get `confirmed_at`; confirmed rows are deleted after the retention
//!   window, unconfirmed ones after four windows (a group that never reads again must not keep
//!   the table growing).

use super::Outbox;
use crate::events::{BusError, Event, SharedBus, StreamPosition};
use crate::lifecycle::Shutdown;
use crate::metrics::Metrics;
use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, LockBehavior, LockType, Order, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Fallback poll interval: rows written by other instances (or before a crash) still go out.
const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// How often the watermark is compared while idle, and confirmations and gauges refreshed.
const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(2);

#[derive(Clone, Copy, Debug)]
pub struct RelaySettings {
    /// How long rows stay after every consumer group acknowledged them.
    pub retention: Duration,
    /// Rows per pass.
    pub batch: u64,
}

impl Default for RelaySettings {
    fn default() -> Self {
        Self {
            retention: Duration::from_secs(7 * 24 * 3600),
            batch: 100,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error("outbox: {0}")]
    Database(#[from] DbErr),
    #[error("bus: {0}")]
    Bus(#[from] BusError),
}

pub struct Relay {
    outbox: Outbox,
    db: DatabaseConnection,
    bus: SharedBus,
    metrics: Metrics,
    settings: RelaySettings,
}

impl Relay {
    pub fn new(
        outbox: Outbox,
        db: DatabaseConnection,
        bus: SharedBus,
        metrics: Metrics,
        settings: RelaySettings,
    ) -> Self {
        Self {
            outbox,
            db,
            bus,
            metrics,
            settings,
        }
    }

    /// Runs until `shutdown`, finishing the pass in hand.
    pub fn spawn(self, mut shutdown: Shutdown) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut last_housekeeping: Option<Instant> = None;
            let mut failing = false;
            while !shutdown.is_requested() {
                if last_housekeeping.is_none_or(|at| at.elapsed() >= HOUSEKEEPING_EVERY) {
                    last_housekeeping = Some(Instant::now());
                    self.housekeeping().await;
                }
                match self.publish_batch().await {
                    Ok(sent) => {
                        if failing {
                            tracing::info!(table = self.outbox.table(), "outbox relay works again");
                            failing = false;
                        }
                        if sent as u64 == self.settings.batch {
                            continue;
                        }
                    }
                    Err(err) => {
                        self.metrics.relay_errors.inc();
                        if !failing {
                            tracing::warn!(table = self.outbox.table(), error = %err, "outbox relay failed; retrying");
                            failing = true;
                        }
                    }
                }
                tokio::select! {
                    () = shutdown.requested() => break,
                    () = self.outbox.woken().notified() => {}
                    () = tokio::time::sleep(POLL_INTERVAL) => {}
                }
            }
            // Record what was acknowledged meanwhile, so a restart republishes less.
            self.housekeeping().await;
        })
    }

    async fn housekeeping(&self) {
        if let Err(err) = self.repair_lost().await {
            tracing::debug!(table = self.outbox.table(), error = %err, "comparing the outbox with the bus failed");
        }
        if let Err(err) = self.confirm_and_purge().await {
            tracing::debug!(table = self.outbox.table(), error = %err, "confirming outbox rows failed");
        }
        if let Err(err) = self.sample().await {
            tracing::debug!(table = self.outbox.table(), error = %err, "sampling the outbox failed");
        }
    }

    fn table(&self) -> Alias {
        Alias::new(self.outbox.table())
    }

    /// Publishes up to one batch of unsent rows, oldest first; returns how many went out.
    pub async fn publish_batch(&self) -> Result<usize, RelayError> {
        let txn = crate::db::begin_write(&self.db).await?;
        let mut select = Query::select()
            .columns(["id", "payload"])
            .from(self.table())
            .and_where(Expr::col("sent_at").is_null())
            .order_by("created_at", Order::Asc)
            .order_by("id", Order::Asc)
            .limit(self.settings.batch)
            .to_owned();
        if txn.get_database_backend() == DbBackend::Postgres {
            select.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let rows = txn.query_all(&select).await?;
        if rows.is_empty() {
            txn.commit().await?;
            return Ok(0);
        }
        let mut ids = Vec::with_capacity(rows.len());
        let mut events = Vec::with_capacity(rows.len());
        let now = Utc::now();
        for row in rows {
            let id: Uuid = row.try_get("", "id")?;
            let payload: String = row.try_get("", "payload")?;
            match serde_json::from_str::<Event>(&payload) {
                Ok(event) => {
                    ids.push(id);
                    events.push(event);
                }
                Err(err) => {
                    // Written by this code, so only corruption gets here; publishing it would
                    // only move the problem to every consumer.
                    tracing::error!(%id, error = %err, "undecodable outbox row; marking it sent unpublished");
                    self.mark_sent(&txn, id, None, now).await?;
                }
            }
        }
        // Checked with the publish, atomically: a broker that lost what this outbox sent must
        // not take anything newer before the loss is repaired.
        let expected = self.newest_unconfirmed(&txn).await?;
        let published = self
            .bus
            .publish_after(self.outbox.table(), expected, &events)
            .await;
        let positions = match published {
            Ok(positions) => positions,
            Err(BusError::WatermarkBehind) => {
                // Released now, not when a dropped transaction is rolled back later: the
                // repair and the next pass must see these rows unlocked.
                txn.rollback().await?;
                self.repair_lost().await?;
                self.outbox.wake();
                return Ok(0);
            }
            Err(err) => {
                drop(txn);
                self.count_attempts(&ids).await;
                return Err(err.into());
            }
        };
        for (id, position) in ids.iter().zip(&positions) {
            self.mark_sent(&txn, *id, Some(*position), now).await?;
        }
        txn.commit().await?;
        self.metrics.outbox_published.inc_by(events.len() as u64);
        Ok(events.len())
    }

    async fn mark_sent<C: ConnectionTrait>(
        &self,
        conn: &C,
        id: Uuid,
        position: Option<StreamPosition>,
        at: chrono::DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let update = Query::update()
            .table(self.table())
            .value("sent_at", at)
            .value("stream_position", position.map(StreamPosition::to_stored))
            .and_where(Expr::col("id").eq(id))
            .to_owned();
        conn.execute(&update).await?;
        Ok(())
    }

    /// Counts a failed publication on the rows (best effort: the bus, not the database, failed).
    async fn count_attempts(&self, ids: &[Uuid]) {
        let update = Query::update()
            .table(self.table())
            .value("attempts", Expr::col("attempts").add(1))
            .and_where(Expr::col("id").is_in(ids.iter().copied()))
            .to_owned();
        if let Err(err) = self.db.execute(&update).await {
            tracing::debug!(error = %err, "counting publish attempts failed");
        }
    }

    /// The newest position recorded as sent and not yet confirmed.
    async fn newest_unconfirmed<C: ConnectionTrait>(
        &self,
        conn: &C,
    ) -> Result<Option<StreamPosition>, DbErr> {
        let select = Query::select()
            .expr_as(Expr::col("stream_position").max(), Alias::new("newest"))
            .from(self.table())
            .and_where(Expr::col("confirmed_at").is_null())
            .and_where(Expr::col("stream_position").is_not_null())
            .to_owned();
        let newest: Option<String> = match conn.query_one(&select).await? {
            Some(row) => row.try_get("", "newest")?,
            None => None,
        };
        Ok(newest.as_deref().and_then(StreamPosition::parse))
    }

    /// Republishes what the bus lost: rows sent after its watermark that no group confirmed.
    /// Returns how many.
    pub async fn repair_lost(&self) -> Result<u64, RelayError> {
        let Some(newest) = self.newest_unconfirmed(&self.db).await? else {
            return Ok(0);
        };
        let watermark = self.bus.watermark(self.outbox.table()).await?;
        if watermark.is_some_and(|watermark| watermark >= newest) {
            return Ok(0);
        }
        // Another instance may be repairing too: one at a time, each looking again inside.
        let txn = crate::db::begin_write(&self.db).await?;
        crate::db::serialize_writers(&txn, self.outbox.table()).await?;
        let watermark = self.bus.watermark(self.outbox.table()).await?;
        let mut update = Query::update()
            .table(self.table())
            .value(
                "sent_at",
                Expr::value(Option::<chrono::DateTime<Utc>>::None),
            )
            .value("stream_position", Expr::value(Option::<String>::None))
            .and_where(Expr::col("confirmed_at").is_null())
            .and_where(Expr::col("stream_position").is_not_null())
            .to_owned();
        if let Some(watermark) = watermark {
            update.and_where(Expr::col("stream_position").gt(watermark.to_stored()));
        }
        let republished = txn.execute(&update).await?.rows_affected();
        txn.commit().await?;
        if republished > 0 {
            self.metrics
                .republished
                .with_label_values(&["broker_lost"])
                .inc_by(republished);
            tracing::warn!(
                table = self.outbox.table(),
                republished,
                watermark = ?watermark,
                "the event bus no longer holds events this outbox sent and no consumer group confirmed; republishing them"
            );
            self.outbox.wake();
        }
        Ok(republished)
    }

    /// Marks what every consumer group acknowledged, and deletes rows past retention.
    pub async fn confirm_and_purge(&self) -> Result<(), RelayError> {
        let now = Utc::now();
        if let Some(below) = self.bus.acknowledged_below().await? {
            let confirm = Query::update()
                .table(self.table())
                .value("confirmed_at", now)
                .and_where(Expr::col("confirmed_at").is_null())
                .and_where(Expr::col("stream_position").lt(below.to_stored()))
                .to_owned();
            self.db.execute(&confirm).await?;
        }
        let retention = chrono::Duration::from_std(self.settings.retention)
            .unwrap_or(chrono::Duration::days(7));
        let purge = Query::delete()
            .from_table(self.table())
            .and_where(Expr::col("confirmed_at").lt(now - retention))
            .to_owned();
        self.db.execute(&purge).await?;
        let abandoned = Query::delete()
            .from_table(self.table())
            .and_where(Expr::col("sent_at").lt(now - retention * 4))
            .to_owned();
        self.db.execute(&abandoned).await?;
        Ok(())
    }

    async fn sample(&self) -> Result<(), DbErr> {
        let unsent = Query::select()
            .expr_as(Expr::col("id").count(), Alias::new("rows"))
            .expr_as(Expr::col("created_at").min(), Alias::new("oldest"))
            .from(self.table())
            .and_where(Expr::col("sent_at").is_null())
            .to_owned();
        if let Some(row) = self.db.query_one(&unsent).await? {
            let rows: i64 = row.try_get("", "rows")?;
            let oldest: Option<chrono::DateTime<Utc>> = row.try_get("", "oldest")?;
            self.metrics.outbox_backlog.set(rows);
            let age = oldest.map_or(0.0, |oldest| {
                Ord::max((Utc::now() - oldest).num_milliseconds(), 0) as f64 / 1000.0
            });
            self.metrics.outbox_oldest_unsent_seconds.set(age);
        }
        let unconfirmed = Query::select()
            .expr_as(Expr::col("id").count(), Alias::new("rows"))
            .from(self.table())
            .and_where(Expr::col("sent_at").is_not_null())
            .and_where(Expr::col("confirmed_at").is_null())
            .to_owned();
        if let Some(row) = self.db.query_one(&unconfirmed).await? {
            let rows: i64 = row.try_get("", "rows")?;
            self.metrics.outbox_unconfirmed.set(rows);
        }
        Ok(())
    }
}
