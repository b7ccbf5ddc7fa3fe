//! Domain events and the bus that carries them between subgraphs and instances.
//!
//! Two delivery modes: `subscribe` fans every event out to every local subscriber (feeds GraphQL
//! subscriptions), `consume` delivers each event to one member of a named consumer group with
//! acknowledgement (feeds background work such as match recomputation). The embedded bus lives in
//! process; with `REDIS_URL` events go through a Redis Stream so they cross instances.

mod in_process;
mod redis_streams;

pub use in_process::InProcessBus;
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
    pub version: u32,
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
    /// Transport id used for acknowledgement (a Redis stream entry id; empty in process).
    pub receipt: String,
}

#[derive(Debug, thiserror::Error)]
pub enum BusError {
    #[error("redis: {0}")]
    Redis(#[from] redis::RedisError),
    #[error("event encoding: {0}")]
    Encoding(#[from] serde_json::Error),
}

#[async_trait::async_trait]
pub trait EventBus: Send + Sync + 'static {
    async fn publish(&self, event: &Event) -> Result<(), BusError>;

    /// Every event published from now on, on every subscriber.
    fn subscribe(&self) -> BoxStream<'static, Event>;

    /// Streams from [`subscribe`](Self::subscribe) (and, in process, consumers) listening in
    /// this process now: how many live GraphQL subscriptions an instance carries, and what a
    /// client can wait on to know its subscription has reached the subgraph.
    fn local_subscribers(&self) -> usize;

    /// Events for consumer group `group`, each delivered to one member, at least once.
    async fn consume(
        &self,
        group: &str,
        consumer: &str,
    ) -> Result<BoxStream<'static, Delivery>, BusError>;

    async fn ack(&self, group: &str, delivery: &Delivery) -> Result<(), BusError>;
}

pub type SharedBus = Arc<dyn EventBus>;

/// The bus for this process: Redis Streams when `redis_url` is set, else in-process.
pub async fn connect(redis_url: Option<&str>, stream: &str) -> Result<SharedBus, BusError> {
    match redis_url {
        Some(url) => Ok(Arc::new(RedisBus::connect(url, stream).await?)),
        None => Ok(Arc::new(InProcessBus::default())),
    }
}
