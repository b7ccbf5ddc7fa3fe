//! The delivery loop of one consumer instance, and the administrators' operations on its dead
//! letters.
//!
//! Each delivery is handled until it is settled: applied (or found stale or a duplicate) and
//! acknowledged, or made a dead letter and acknowledged. A failure because the database is
//! unreachable is retried with back-off for as long as it lasts (nothing can be applied
//! meanwhile, and the event is not at fault); any other failure counts as an attempt, retried
//! after 0.2 s, 0.4 s, … until `max_attempts`. Retrying in place keeps the group's order and
//! works the same on the in-process bus, which does not redeliver.
//!
//! On shutdown the loop finishes the event in hand, then hands what it holds back to the group
//! so another instance takes it at once.

use super::{Consumer, DeadLetter, EventApplier, Outcome, Resolution};
use crate::events::{BusError, Delivery};
use crate::lifecycle::Shutdown;
use crate::{ApiError, ApiResult};
use futures::StreamExt;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How often lag and dead letters are sampled into the metrics.
const SAMPLE_EVERY: Duration = Duration::from_secs(5);
/// How often members that are gone are looked for.
const CLEAN_EVERY: Duration = Duration::from_secs(300);
const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// Whether `err` is the store being unreachable for now rather than the event being bad.
pub fn is_transient(err: &ApiError) -> bool {
    match err {
        ApiError::Database(err) => crate::db::is_transient(err),
        other => other.error_code() == contracts::ErrorCode::ServiceUnavailable,
    }
}

impl<A: EventApplier> Consumer<A> {
    /// Joins the group (before the caller serves, so no event published from then on is
    /// missed) and handles deliveries until `shutdown`.
    pub async fn spawn(self, shutdown: Shutdown) -> Result<tokio::task::JoinHandle<()>, BusError> {
        let deliveries = self
            .bus
            .consume(self.group, &self.settings.instance)
            .await?;
        let sampler = tokio::spawn(self.clone().sample_forever(shutdown.clone()));
        Ok(tokio::spawn(async move {
            self.deliver_until(deliveries, shutdown).await;
            sampler.abort();
        }))
    }

    async fn deliver_until(
        &self,
        mut deliveries: futures::stream::BoxStream<'static, Delivery>,
        mut shutdown: Shutdown,
    ) {
        loop {
            let delivery = tokio::select! {
                () = shutdown.requested() => break,
                delivery = deliveries.next() => delivery,
            };
            let Some(delivery) = delivery else { break };
            if !self.settle(&delivery, &mut shutdown).await {
                break;
            }
        }
        match self.bus.release(self.group, &self.settings.instance).await {
            Ok(0) => {}
            Ok(released) => tracing::info!(
                group = self.group,
                released,
                "handed unacknowledged events back to the group"
            ),
            Err(err) => {
                tracing::warn!(group = self.group, error = %err, "handing events back failed; they are taken over after the reclaim delay")
            }
        }
    }

    /// Handles one delivery until it is settled; `false` when shutdown interrupted it (it stays
    /// unacknowledged for another instance).
    async fn settle(&self, delivery: &Delivery, shutdown: &mut Shutdown) -> bool {
        let event = &delivery.event;
        let mut backoff = Duration::from_millis(200);
        loop {
            let settled = match self.handle(event).await {
                Ok(outcome) => {
                    self.count(event, outcome);
                    if let Err(err) = self.failures().forget(&self.db, event.id).await {
                        tracing::debug!(error = %err, "forgetting earlier failures failed");
                    }
                    true
                }
                Err(err) if is_transient(&err) => {
                    tracing::warn!(group = self.group, event = %event.id, error = %err.report(), "the store is unavailable; retrying the event");
                    false
                }
                Err(err) => self.count_failure(delivery, &err).await,
            };
            if settled {
                if let Err(err) = self.bus.ack(self.group, delivery).await {
                    // Unacknowledged, it comes back; the processed record makes it a no-op.
                    tracing::warn!(group = self.group, error = %err, "acknowledging an event failed");
                }
                return true;
            }
            tokio::select! {
                () = shutdown.requested() => return false,
                () = tokio::time::sleep(backoff) => {}
            }
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }

    fn count(&self, event: &crate::Event, outcome: Outcome) {
        match outcome {
            Outcome::Applied => self
                .metrics
                .events_applied
                .with_label_values(&[event.event_type.as_str()])
                .inc(),
            Outcome::Stale => self
                .metrics
                .events_stale
                .with_label_values(&[event.event_type.as_str()])
                .inc(),
            Outcome::Duplicate => self.metrics.duplicates_skipped.inc(),
            Outcome::NotFollowed => {}
        }
    }

    /// Records a failed attempt; `true` when the event is now a dead letter.
    async fn count_failure(&self, delivery: &Delivery, err: &ApiError) -> bool {
        let event = &delivery.event;
        self.metrics.event_failures.inc();
        let attempts = match self
            .failures()
            .record_failure(&self.db, event, &err.report())
            .await
        {
            Ok(attempts) => attempts,
            Err(store) => {
                tracing::warn!(error = %store, "recording a failed event failed; retrying it");
                return false;
            }
        };
        if attempts < self.settings.max_attempts as i32 {
            tracing::warn!(group = self.group, event = %event.id, event_type = %event.event_type, attempts, error = %err.report(), "applying an event failed; retrying");
            return false;
        }
        if let Err(store) = self.failures().mark_dead(&self.db, event.id).await {
            tracing::warn!(error = %store, "making a dead letter failed; retrying the event");
            return false;
        }
        self.metrics.dead_lettered.inc();
        tracing::error!(group = self.group, event = %event.id, event_type = %event.event_type, attempts, error = %err.report(), "an event failed every attempt; it is a dead letter now");
        true
    }

    async fn sample_forever(self, mut shutdown: Shutdown) {
        let mut last_clean: Option<Instant> = None;
        loop {
            self.sample().await;
            if last_clean.is_none_or(|at| at.elapsed() >= CLEAN_EVERY) {
                last_clean = Some(Instant::now());
                match self
                    .bus
                    .forget_idle_consumers(
                        self.group,
                        &self.settings.instance,
                        self.settings.forget_idle_after,
                    )
                    .await
                {
                    Ok(0) => {}
                    Ok(forgotten) => tracing::info!(
                        group = self.group,
                        forgotten,
                        "removed consumers that are gone"
                    ),
                    Err(err) => {
                        tracing::debug!(error = %err, "looking for consumers that are gone failed")
                    }
                }
            }
            tokio::select! {
                () = shutdown.requested() => return,
                () = tokio::time::sleep(SAMPLE_EVERY) => {}
            }
        }
    }

    async fn sample(&self) {
        match self.bus.group_status(self.group).await {
            Ok(status) => {
                self.metrics.consumer_lag_seconds.set(status.lag_seconds);
                self.metrics.consumer_pending.set(status.pending as i64);
                self.metrics
                    .consumer_undelivered
                    .set(status.undelivered as i64);
            }
            Err(err) => tracing::debug!(error = %err, "reading the group's status failed"),
        }
        self.metrics
            .consumer_reclaimed
            .set(self.bus.reclaimed() as i64);
        match self.failures().open_count(&self.db).await {
            Ok(open) => self.metrics.dead_letters_open.set(open as i64),
            Err(err) => tracing::debug!(error = %err, "counting dead letters failed"),
        }
    }

    /// Applies dead letter `event_id` again now. Applied (or found applied or stale): resolved
    /// as retried. Failing again: it stays open with the new error and one more attempt.
    pub async fn retry_dead_letter(&self, event_id: Uuid, by: Uuid) -> ApiResult<DeadLetter> {
        let letter = self.open_dead_letter(event_id).await?;
        let event = letter.decoded()?;
        match self.handle(&event).await {
            Ok(outcome) => {
                self.count(&event, outcome);
                self.failures()
                    .resolve(&self.db, event_id, Resolution::Retried, Some(by))
                    .await?;
            }
            Err(err) if is_transient(&err) => return Err(err),
            Err(err) => {
                self.metrics.event_failures.inc();
                self.failures()
                    .record_failure(&self.db, &event, &err.report())
                    .await?;
            }
        }
        self.dead_letter(event_id).await
    }

    /// Gives up on dead letter `event_id`: it is recorded as processed (a redelivery changes
    /// nothing) and never applied.
    pub async fn discard_dead_letter(&self, event_id: Uuid, by: Uuid) -> ApiResult<DeadLetter> {
        let letter = self.open_dead_letter(event_id).await?;
        let event = letter.decoded()?;
        let txn = crate::db::begin_write(&self.db).await?;
        self.record(&txn, &event).await?;
        self.failures()
            .resolve(&txn, event_id, Resolution::Discarded, Some(by))
            .await?;
        txn.commit().await?;
        self.dead_letter(event_id).await
    }

    pub async fn dead_letter(&self, event_id: Uuid) -> ApiResult<DeadLetter> {
        self.failures()
            .get(&self.db, event_id)
            .await?
            .ok_or(ApiError::NotFound("dead letter"))
    }

    async fn open_dead_letter(&self, event_id: Uuid) -> ApiResult<DeadLetter> {
        let letter = self.dead_letter(event_id).await?;
        if !letter.is_open() {
            return Err(ApiError::Conflict(
                "this dead letter was already retried or discarded".into(),
            ));
        }
        Ok(letter)
    }
}
