//! The production bus: one Redis Stream carries every event, so an event raised on one
//! instance reaches subscribers and consumer groups on all others.
//!
//! Fan-out subscribers share one blocking `XREAD` loop per process that feeds a local broadcast
//! channel (one Redis reader per process, not per WebSocket). Consumer groups use `XREADGROUP`
//! and `XACK`, so each event is handled by one instance of the group.

use super::{BusError, Delivery, Event, EventBus, InProcessBus};
use futures::StreamExt;
use futures::stream::BoxStream;
use redis::AsyncCommands;
use redis::aio::{ConnectionManager, MultiplexedConnection};
use redis::streams::{StreamReadOptions, StreamReadReply};
use std::time::Duration;

/// How long one blocking read waits before looping (lets the loop notice shutdown).
const BLOCK: Duration = Duration::from_millis(2_000);
/// Upper bound of the stream length, trimmed approximately on write.
const MAX_LEN: usize = 100_000;
const FIELD: &str = "event";

pub struct RedisBus {
    client: redis::Client,
    writer: ConnectionManager,
    stream: String,
    local: InProcessBus,
    reader: tokio::task::JoinHandle<()>,
}

impl Drop for RedisBus {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

impl RedisBus {
    /// Connects to `url` and carries events on the stream named `stream`.
    pub async fn connect(url: &str, stream: &str) -> Result<Self, BusError> {
        let client = redis::Client::open(url)?;
        let writer = client.get_connection_manager().await?;
        let local = InProcessBus::default();
        let reader_conn = blocking_connection(&client).await?;
        let reader = tokio::spawn(fan_out(reader_conn, stream.to_owned(), local.clone()));
        Ok(Self {
            client,
            writer,
            stream: stream.to_owned(),
            local,
            reader,
        })
    }
}

/// A dedicated connection for blocking reads: a blocked command would stall every other
/// command multiplexed on a shared connection.
async fn blocking_connection(client: &redis::Client) -> Result<MultiplexedConnection, BusError> {
    let config = redis::AsyncConnectionConfig::new()
        .set_response_timeout(BLOCK + Duration::from_secs(10))
        .set_connection_timeout(Duration::from_secs(5));
    Ok(client
        .get_multiplexed_async_connection_with_config(&config)
        .await?)
}

fn decode(entry: &redis::streams::StreamId) -> Option<Event> {
    let raw: String = entry.get(FIELD)?;
    match serde_json::from_str(&raw) {
        Ok(event) => Some(event),
        Err(err) => {
            tracing::warn!(id = %entry.id, error = %err, "skipping undecodable event");
            None
        }
    }
}

/// Reads new entries forever and republishes them to local subscribers.
async fn fan_out(mut conn: MultiplexedConnection, stream: String, local: InProcessBus) {
    let mut last_id = "$".to_owned();
    loop {
        let options = StreamReadOptions::default()
            .block(BLOCK.as_millis() as usize)
            .count(256);
        let read: Result<Option<StreamReadReply>, _> = conn
            .xread_options(&[stream.as_str()], &[last_id.as_str()], &options)
            .await;
        match read {
            Ok(Some(reply)) => {
                for entry in reply.keys.into_iter().flat_map(|key| key.ids) {
                    last_id = entry.id.clone();
                    if let Some(event) = decode(&entry) {
                        let _ = local.publish(&event).await;
                    }
                }
            }
            Ok(None) => {}
            Err(err) => {
                tracing::warn!(error = %err, "redis stream read failed; retrying");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }
}

/// Entries pending longer than this (their consumer died or failed them) are claimed again.
const RECLAIM_AFTER: Duration = Duration::from_secs(30);
/// Look for stale pending entries after this many reads that returned nothing.
const RECLAIM_EVERY_IDLE_READS: u32 = 5;

/// One member of a consumer group: new entries via `XREADGROUP`, and when idle, entries other
/// members left unacknowledged via `XAUTOCLAIM` (so a crash or failed handling is retried).
struct GroupReader {
    conn: MultiplexedConnection,
    stream: String,
    group: String,
    consumer: String,
    idle_reads: u32,
}

impl GroupReader {
    fn deliveries(entries: Vec<redis::streams::StreamId>) -> Vec<Delivery> {
        entries
            .into_iter()
            .filter_map(|entry| {
                decode(&entry).map(|event| Delivery {
                    event,
                    receipt: entry.id.clone(),
                })
            })
            .collect()
    }

    /// Blocks until at least one delivery is available.
    async fn next_batch(&mut self) -> Vec<Delivery> {
        loop {
            if self.idle_reads >= RECLAIM_EVERY_IDLE_READS {
                self.idle_reads = 0;
                let claimed = self.reclaim().await;
                if !claimed.is_empty() {
                    return claimed;
                }
            }
            let options = StreamReadOptions::default()
                .group(&self.group, &self.consumer)
                .block(BLOCK.as_millis() as usize)
                .count(64);
            let read: Result<Option<StreamReadReply>, _> = self
                .conn
                .xread_options(&[self.stream.as_str()], &[">"], &options)
                .await;
            match read {
                Ok(Some(reply)) => {
                    let batch =
                        Self::deliveries(reply.keys.into_iter().flat_map(|key| key.ids).collect());
                    if !batch.is_empty() {
                        return batch;
                    }
                }
                Ok(None) => self.idle_reads += 1,
                Err(err) => {
                    tracing::warn!(error = %err, "redis group read failed; retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
    }

    async fn reclaim(&mut self) -> Vec<Delivery> {
        let options = redis::streams::StreamAutoClaimOptions::default().count(64);
        let claimed: Result<redis::streams::StreamAutoClaimReply, _> = self
            .conn
            .xautoclaim_options(
                &self.stream,
                &self.group,
                &self.consumer,
                RECLAIM_AFTER.as_millis() as u64,
                "0-0",
                options,
            )
            .await;
        match claimed {
            Ok(reply) => Self::deliveries(reply.claimed),
            Err(err) => {
                tracing::warn!(error = %err, "reclaiming pending events failed");
                Vec::new()
            }
        }
    }
}

#[async_trait::async_trait]
impl EventBus for RedisBus {
    async fn publish(&self, event: &Event) -> Result<(), BusError> {
        let raw = serde_json::to_string(event)?;
        let mut conn = self.writer.clone();
        let options = redis::streams::StreamAddOptions::default().trim(
            redis::streams::StreamTrimStrategy::maxlen(
                redis::streams::StreamTrimmingMode::Approx,
                MAX_LEN,
            ),
        );
        let _: Option<String> = conn
            .xadd_options(&self.stream, "*", &[(FIELD, raw)], &options)
            .await?;
        Ok(())
    }

    fn subscribe(&self) -> BoxStream<'static, Event> {
        self.local.subscribe()
    }

    fn local_subscribers(&self) -> usize {
        self.local.local_subscribers()
    }

    async fn consume(
        &self,
        group: &str,
        consumer: &str,
    ) -> Result<BoxStream<'static, Delivery>, BusError> {
        let mut conn = blocking_connection(&self.client).await?;
        // A new group starts at the stream's beginning, so a consumer deployed after events were
        // published still sees them (handlers are idempotent); an existing group keeps its place.
        let created: Result<(), redis::RedisError> =
            conn.xgroup_create_mkstream(&self.stream, group, "0").await;
        if let Err(err) = created
            && err.code() != Some("BUSYGROUP")
        {
            return Err(err.into());
        }
        let reader = GroupReader {
            conn,
            stream: self.stream.clone(),
            group: group.to_owned(),
            consumer: consumer.to_owned(),
            idle_reads: 0,
        };
        let deliveries = futures::stream::unfold(reader, |mut reader| async move {
            let batch = reader.next_batch().await;
            Some((futures::stream::iter(batch), reader))
        })
        .flatten();
        Ok(deliveries.boxed())
    }

    async fn ack(&self, group: &str, delivery: &Delivery) -> Result<(), BusError> {
        let mut conn = self.writer.clone();
        let _: i64 = conn
            .xack(&self.stream, group, &[delivery.receipt.as_str()])
            .await?;
        Ok(())
    }
}
