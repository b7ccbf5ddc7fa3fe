//! Domain events and the bus that carries them between subgraphs and instances.
//!
//! Two delivery modes: `subscribe` fans every event out to every local subscriber (feeds GraphQL
//! subscriptions), `consume` delivers each event to one member of a named consumer group with
//! acknowledgement (feeds background work such as match recomputation). The embedded bus lives in
//! process; with `REDIS_URL` events go through a Redis Stream so they cross instances.
//!
//! The bus is a pipe, not the record: the outbox is (see [`crate::outbox`]). So the bus tells
//! the relay where each event went ([`StreamPosition`]), the last position it still holds per
//! producer ([`EventBus::watermark`]: nothing after a broker lost its data or a process
//! restarted) and up to where every consumer group has acknowledged
//! ([`EventBus::acknowledged_below`]), and the relay republishes what was lost.

mod in_process;
mod position;
mod recent_ids;
mod redis_streams;

pub use in_process::InProcessBus;
pub use position::StreamPosition;
pub use recent_ids::RecentIds;
pub use redis_streams::RedisBus;

use chrono::{DateTime, Utc};
use contracts::{EventName, EventPayload};
use futures::stream::BoxStream;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use uuid::Uuid;

/// Version of the event envelope. Payloads evolve additively under their names (see
/// [`contracts::events`]).
pub const ENVELOPE_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub id: Uuid,
    /// The [`EventName`] on the wire: `user.created`, `job.published`, `match.completed`, …
    /// Kept as text so an event from a newer producer still travels through an older consumer.
    pub event_type: String,
    pub aggregate_id: String,
    pub occurred_at: DateTime<Utc>,
    pub correlation_id: Option<String>,
    pub actor: Option<String>,
    /// The envelope's version ([`ENVELOPE_VERSION`]).
    pub version: u32,
    /// The aggregate's version after this change: a per-aggregate sequence the outbox stamps
    /// in the producing transaction, so consumers apply an event only if it is newer than what
    /// their copy reflects. 0 for events from before versions were stamped.
    #[serde(default)]
    pub aggregate_version: i64,
    pub payload: serde_json::Value,
}

impl Event {
    /// The event carrying `payload` under its name.
    pub fn of<P: EventPayload>(
        aggregate_id: impl ToString,
        payload: &P,
    ) -> Result<Self, serde_json::Error> {
        Ok(Self::new(
            payload.name(),
            aggregate_id,
            serde_json::to_value(payload)?,
        ))
    }

    /// An event with a payload given as JSON (tests use it to send what a producer would).
    pub fn new(name: EventName, aggregate_id: impl ToString, payload: serde_json::Value) -> Self {
        Self {
            id: Uuid::now_v7(),
            event_type: name.as_str().to_owned(),
            aggregate_id: aggregate_id.to_string(),
            occurred_at: Utc::now(),
            correlation_id: None,
            actor: None,
            version: ENVELOPE_VERSION,
            aggregate_version: 0,
            payload,
        }
    }

    pub fn with_actor(mut self, actor: Option<String>) -> Self {
        self.actor = actor;
        self
    }

    /// The event's name, if this version knows it.
    pub fn name(&self) -> Option<EventName> {
        EventName::parse(&self.event_type)
    }

    pub fn is(&self, name: EventName) -> bool {
        self.event_type == name.as_str()
    }

    /// The payload as `P`, when the event is one of `P`'s names; `Some(Err(..))` when it is
    /// but the payload does not decode.
    pub fn decode<P: EventPayload>(&self) -> Option<Result<P, serde_json::Error>> {
        P::NAMES
            .iter()
            .any(|name| self.is(*name))
            .then(|| P::deserialize(&self.payload))
    }
}

/// One event handed to a consumer group member; `ack` it once processed.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub event: Event,
    /// Where the event sits on the bus; acknowledgements name it.
    pub position: StreamPosition,
}

#[derive(Debug, thiserror::Error)]
pub enum BusError {
    #[error("redis: {0}")]
    Redis(#[from] ::redis::RedisError),
    #[error("event encoding: {0}")]
    Encoding(#[from] serde_json::Error),
    /// The broker did not answer within the bound every call has.
    #[error("the event broker did not answer within {0:?}")]
    Timeout(std::time::Duration),
    /// The producer's watermark is behind the position the publisher expected: the broker lost
    /// events it had taken (a restart without its data), and nothing was published.
    #[error("the event broker no longer holds events this producer published")]
    WatermarkBehind,
}

/// How far behind a consumer group is.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GroupStatus {
    /// Delivered to a member and not yet acknowledged.
    pub pending: u64,
    /// Published and not yet delivered to any member.
    pub undelivered: u64,
    /// Age of the oldest event the group has not acknowledged (0 when caught up).
    pub lag_seconds: f64,
}

#[async_trait::async_trait]
pub trait EventBus: Send + Sync + 'static {
    /// Publishes `events`, in order, for `producer` (its outbox table), and returns the
    /// position each went to. The producer's watermark moves to the last one in the same step.
    async fn publish(
        &self,
        producer: &str,
        events: &[Event],
    ) -> Result<Vec<StreamPosition>, BusError> {
        self.publish_after(producer, None, events).await
    }

    /// As [`publish`](Self::publish), only if the producer's watermark is at or past
    /// `expected` (the newest position the producer recorded as sent and unconfirmed), checked
    /// in the same atomic step; else [`BusError::WatermarkBehind`] and nothing is published.
    /// Publishing first and comparing later would move the watermark past what the broker
    /// lost, and the loss could no longer be seen.
    async fn publish_after(
        &self,
        producer: &str,
        expected: Option<StreamPosition>,
        events: &[Event],
    ) -> Result<Vec<StreamPosition>, BusError>;

    /// The position of the last event of `producer`'s this bus still holds; `None` when it
    /// holds none (a broker that restarted without its data, a new process).
    async fn watermark(&self, producer: &str) -> Result<Option<StreamPosition>, BusError>;

    /// Every event before this position is acknowledged by every consumer group; `None` when
    /// there is no group yet.
    async fn acknowledged_below(&self) -> Result<Option<StreamPosition>, BusError>;

    /// Every event published from now on, on every subscriber, each id once.
    fn subscribe(&self) -> BoxStream<'static, Event>;

    /// Streams from [`subscribe`](Self::subscribe) listening in this process now: how many
    /// live GraphQL subscriptions an instance carries, and what a client can wait on to know
    /// its subscription has reached the subgraph.
    fn local_subscribers(&self) -> usize;

    /// Events for consumer group `group`, each delivered to one member, at least once. A
    /// member that joins under a name it had before first gets back what it held
    /// unacknowledged; the stream survives broker restarts (it reconnects and recreates the
    /// group).
    async fn consume(
        &self,
        group: &str,
        consumer: &str,
    ) -> Result<BoxStream<'static, Delivery>, BusError>;

    async fn ack(&self, group: &str, delivery: &Delivery) -> Result<(), BusError>;

    /// Hands what `consumer` holds unacknowledged back to its group so another member takes
    /// it at once (graceful shutdown); returns how many.
    async fn release(&self, group: &str, consumer: &str) -> Result<usize, BusError>;

    async fn group_status(&self, group: &str) -> Result<GroupStatus, BusError>;

    /// Removes members of `group` other than `keep` that hold nothing and were idle longer
    /// than `idle` (instances that are gone); returns how many.
    async fn forget_idle_consumers(
        &self,
        group: &str,
        keep: &str,
        idle: std::time::Duration,
    ) -> Result<usize, BusError>;

    /// Whether the broker answers now (readiness).
    async fn ping(&self) -> Result<(), BusError>;

    /// Entries the group's members took over from members that stopped answering, since start.
    fn reclaimed(&self) -> u64 {
        0
    }
}

pub type SharedBus = Arc<dyn EventBus>;

/// The bus for this process: Redis Streams when `redis_url` is set, else in-process.
pub async fn connect(redis_url: Option<&str>, stream: &str) -> Result<SharedBus, BusError> {
    match redis_url {
        Some(url) => Ok(Arc::new(RedisBus::connect(url, stream).await?)),
        None => Ok(Arc::new(InProcessBus::default())),
    }
}
