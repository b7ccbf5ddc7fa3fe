//! Applying other subgraphs' events exactly once in effect. A subgraph that keeps read-copies
//! joins a consumer group; each event is applied in one transaction together with the record
//! of its id (so a redelivery changes nothing) and any events it raises in turn, and is
//! acknowledged only after commit (so a failure means redelivery, not loss). Copies take an
//! event only if it is newer than what they reflect ([`crate::copies`]).
//!
//! - `runner.rs`: the delivery loop. A failure because the database is unreachable is waited
//!   out and retried without counting against the event; any other failure counts, and after
//!   `max_attempts` the event goes to the dead-letter store and the consumer moves on.
//! - `failures.rs`: that store; administrators list, inspect, retry and discard dead letters.
//!
//! Written here once because every consumer needs the same guarantees; what an event does to
//! the copies is the subgraph's [`EventApplier`].

mod failures;
pub mod graphql;
mod runner;

pub use failures::{DeadLetter, DeadLetterPage, FailureStore, Resolution};

use crate::copies::CopyLedger;
use crate::events::SharedBus;
use crate::metrics::Metrics;
use crate::outbox::Outbox;
use crate::{ApiError, ApiResult, Event};
use contracts::EventPayload;
use migrations::ConsumerTables;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction};
use std::time::Duration;

/// `P`'s payload of `event`, which must travel under one of `P`'s names: a payload that does
/// not decode is an internal error, which after the allowed attempts makes the event a dead
/// letter.
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

/// What applying one event did.
#[derive(Debug, Default)]
pub struct Effect {
    /// Events it raises, enqueued in the same transaction.
    pub raised: Vec<Event>,
    /// The copies it concerns already reflect a newer version: nothing changed.
    pub stale: bool,
}

impl Effect {
    pub fn applied(raised: Vec<Event>) -> Self {
        Self {
            raised,
            stale: false,
        }
    }

    pub fn stale() -> Self {
        Self {
            raised: Vec::new(),
            stale: true,
        }
    }

    pub fn none() -> Self {
        Self::default()
    }
}

/// What a subgraph does with the events it follows.
pub trait EventApplier: Clone + Send + Sync + 'static {
    /// Whether `event` concerns this subgraph; others are acknowledged untouched.
    fn interested_in(&self, event: &Event) -> bool;

    /// Applies `event` inside `txn`, checking versions with `ledger`.
    fn apply(
        &self,
        txn: &DatabaseTransaction,
        ledger: CopyLedger,
        event: &Event,
    ) -> impl Future<Output = ApiResult<Effect>> + Send;

    /// Slow work `apply` will need that touches no table (e.g. computing an embedding into a
    /// cache), done before the write transaction opens: on SQLite that transaction holds the
    /// database's one write lock until it commits.
    fn prepare(&self, event: &Event) -> impl Future<Output = ApiResult<()>> + Send {
        let _ = event;
        async { Ok(()) }
    }
}

#[derive(Clone, Debug)]
pub struct ConsumerSettings {
    /// This instance's name in the group: stable across restarts, so a restarted instance
    /// takes back what it held, and distinct per instance.
    pub instance: String,
    /// Failed attempts after which an event becomes a dead letter.
    pub max_attempts: u32,
    /// Apply one event at a time across instances (an applier whose events read one side and
    /// write across the other, where two in parallel could each work from the other's old state).
    pub one_at_a_time: bool,
    /// Members of the group idle this long and holding nothing are removed (instances that
    /// are gone).
    pub forget_idle_after: Duration,
}

impl Default for ConsumerSettings {
    fn default() -> Self {
        Self {
            instance: format!("instance-{}", uuid::Uuid::now_v7().simple()),
            max_attempts: 5,
            one_at_a_time: false,
            forget_idle_after: Duration::from_secs(3600),
        }
    }
}

/// How an event went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    /// Older than what the copies reflect: recorded, no effect.
    Stale,
    /// Applied before (a redelivery or a duplicate).
    Duplicate,
    /// Not an event this subgraph follows.
    NotFollowed,
}

/// A consumer group, where its applied event ids are recorded and where it raises events.
#[derive(Clone)]
pub struct Consumer<A> {
    /// Every instance of a subgraph joins the same group: each event reaches one of them.
    pub group: &'static str,
    pub tables: ConsumerTables,
    pub db: DatabaseConnection,
    pub bus: SharedBus,
    pub outbox: Outbox,
    pub applier: A,
    pub metrics: Metrics,
    pub settings: ConsumerSettings,
}

impl<A: EventApplier> Consumer<A> {
    pub fn ledger(&self) -> CopyLedger {
        CopyLedger::new(self.tables.copy_versions)
    }

    pub fn failures(&self) -> FailureStore {
        FailureStore::new(self.tables.failures, self.group)
    }

    /// Applies one event unless its id was applied before.
    pub async fn handle(&self, event: &Event) -> ApiResult<Outcome> {
        if !self.applier.interested_in(event) {
            return Ok(Outcome::NotFollowed);
        }
        if self.already_applied(event).await? {
            return Ok(Outcome::Duplicate);
        }
        self.applier.prepare(event).await?;
        let txn = crate::db::begin_write(&self.db).await?;
        if self.settings.one_at_a_time {
            crate::db::serialize_writers(&txn, self.group).await?;
        }
        if !self.record(&txn, event).await? {
            return Ok(Outcome::Duplicate);
        }
        let effect = self.applier.apply(&txn, self.ledger(), event).await?;
        for next in &effect.raised {
            self.outbox.enqueue(&txn, next).await?;
        }
        txn.commit().await?;
        if !effect.raised.is_empty() {
            self.outbox.wake();
        }
        Ok(if effect.stale {
            Outcome::Stale
        } else {
            Outcome::Applied
        })
    }

    /// A cheap look before `prepare` spends anything on a redelivery.
    async fn already_applied(&self, event: &Event) -> ApiResult<bool> {
        let select = Query::select()
            .column(Alias::new("event_id"))
            .from(Alias::new(self.tables.processed))
            .and_where(Expr::col(Alias::new("event_id")).eq(event.id))
            .to_owned();
        Ok(self.db.query_one(&select).await?.is_some())
    }

    /// Records `event` as applied; `false` when it already was.
    async fn record(&self, txn: &DatabaseTransaction, event: &Event) -> ApiResult<bool> {
        let insert = Query::insert()
            .into_table(Alias::new(self.tables.processed))
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

#[cfg(test)]
mod tests;
