//! Applying events from other subgraphs exactly once: each subgraph that keeps read-copies
//! joins a consumer group, applies each event in one transaction together with the record of
//! its id (so a redelivery after a crash changes nothing) and any events it raises in turn,
//! and acknowledges only after commit (so a failure means redelivery, not loss).
//!
//! Written here once because every consumer needs the same delivery guarantees; what an event
//! does to the copies is the subgraph's [`EventApplier`].

use crate::events::{BusError, Delivery, SharedBus};
use crate::outbox::Outbox;
use crate::{ApiError, ApiResult, Event};
use contracts::EventPayload;
use futures::StreamExt;
use sea_orm::sea_query::{Alias, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction};

/// `P`'s payload of `event`, which must travel under one of `P`'s names: a payload that does
/// not decode is an internal error, so the event stays pending and is looked at.
pub fn payload<P: EventPayload>(event: &Event) -> ApiResult<P> {
    match event.decode::<P>() {
        Some(Ok(payload)) => Ok(payload),
        Some(Err(err)) => Err(ApiError::internal(
            format!("malformed {} payload", event.event_type),
            err,
        )),
        None => Err(ApiError::defect(format!(
            "{} does not carry this payload",
            event.event_type
        ))),
    }
}

/// What a subgraph does with the events it follows.
pub trait EventApplier: Clone + Send + Sync + 'static {
    /// Whether `event` concerns this subgraph; others are acknowledged untouched.
    fn interested_in(&self, event: &Event) -> bool;

    /// Applies `event` inside `txn` and returns the events it raises (enqueued in the same
    /// transaction).
    fn apply(
        &self,
        txn: &DatabaseTransaction,
        event: &Event,
    ) -> impl Future<Output = ApiResult<Vec<Event>>> + Send;

    /// Slow work `apply` will need that touches no table (e.g. computing an embedding into a
    /// cache), done before the write transaction opens: on SQLite that transaction holds the
    /// database's one write lock until it commits.
    fn prepare(&self, event: &Event) -> impl Future<Output = ApiResult<()>> + Send {
        let _ = event;
        async { Ok(()) }
    }
}

/// A consumer group, where its applied event ids are recorded and where it raises events.
#[derive(Clone)]
pub struct Consumer<A> {
    /// Every instance of a subgraph joins the same group: each event reaches one of them.
    pub group: &'static str,
    /// A table with an `event_id` key and a `processed_at` time.
    pub processed_table: &'static str,
    pub db: DatabaseConnection,
    pub bus: SharedBus,
    pub outbox: Outbox,
    pub applier: A,
}

impl<A: EventApplier> Consumer<A> {
    /// Joins the group and handles deliveries until the task is aborted. Join before serving,
    /// so no event published from then on is missed.
    pub async fn spawn(self) -> Result<tokio::task::JoinHandle<()>, BusError> {
        let name = format!("{}-{}", self.group, uuid::Uuid::now_v7());
        let mut deliveries = self.bus.consume(self.group, &name).await?;
        Ok(tokio::spawn(async move {
            while let Some(delivery) = deliveries.next().await {
                self.deliver(&delivery).await;
            }
        }))
    }

    async fn deliver(&self, delivery: &Delivery) {
        match self.handle(&delivery.event).await {
            Ok(()) => {
                if let Err(err) = self.bus.ack(self.group, delivery).await {
                    tracing::warn!(error = %err, "acknowledging event failed");
                }
            }
            Err(err) => tracing::warn!(
                group = self.group,
                event = %delivery.event.id,
                event_type = %delivery.event.event_type,
                code = err.code(),
                error = %err.report(),
                "handling event failed; it stays pending"
            ),
        }
    }

    /// Applies one event unless its id was applied before.
    pub async fn handle(&self, event: &Event) -> ApiResult<()> {
        if !self.applier.interested_in(event) {
            return Ok(());
        }
        self.applier.prepare(event).await?;
        let txn = crate::db::begin_write(&self.db).await?;
        if !self.record(&txn, event).await? {
            return Ok(());
        }
        let raised = self.applier.apply(&txn, event).await?;
        for next in &raised {
            self.outbox.enqueue(&txn, next).await?;
        }
        txn.commit().await?;
        if !raised.is_empty() {
            self.outbox.wake();
        }
        Ok(())
    }

    /// Records `event` as applied; `false` when it already was.
    async fn record(&self, txn: &DatabaseTransaction, event: &Event) -> ApiResult<bool> {
        let insert = Query::insert()
            .into_table(Alias::new(self.processed_table))
            .columns([Alias::new("event_id"), Alias::new("processed_at")])
            .values([event.id.into(), chrono::Utc::now().into()])
            .map_err(|err| ApiError::internal("recording an applied event", err))?
            .on_conflict(
                OnConflict::column(Alias::new("event_id"))
                    .do_nothing()
                    .to_owned(),
            )
            .to_owned();
        let inserted = txn.execute(&insert).await?.rows_affected();
        Ok(inserted == 1)
    }
}
