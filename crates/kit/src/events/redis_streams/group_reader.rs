//! One member of a consumer group. It first takes back what it held unacknowledged under its
//! name (a restart of the same instance), then reads new entries with `XREADGROUP`, and when
//! idle takes over entries other members left unacknowledged for [`RECLAIM_AFTER`] with
//! `XAUTOCLAIM` (a member that died, or released them on shutdown). After any failure it
//! reconnects with back-off; when Redis lost the group (a restart without its data) it creates
//! it again from the stream's start, where the relay republishes what was lost.

use super::connection::{self, Backoff, OutageLog};
use super::{create_group, decode, position_of};
use crate::events::Delivery;
use redis::AsyncCommands;
use redis::aio::MultiplexedConnection;
use redis::streams::{StreamAutoClaimOptions, StreamId, StreamReadOptions, StreamReadReply};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Entries unacknowledged this long (their member died, or released them) are taken over.
pub const RECLAIM_AFTER: Duration = Duration::from_secs(30);
const BATCH: usize = 64;

pub struct GroupReader {
    pub client: redis::Client,
    pub stream: String,
    pub group: String,
    pub consumer: String,
    pub reclaimed: Arc<AtomicU64>,
    conn: Option<MultiplexedConnection>,
    /// Reading back this member's own unacknowledged entries, after this id.
    own_pending_after: Option<String>,
    idle: bool,
    backoff: Backoff,
    outage: OutageLog,
}

impl GroupReader {
    pub fn new(
        client: redis::Client,
        stream: String,
        group: String,
        consumer: String,
        reclaimed: Arc<AtomicU64>,
    ) -> Self {
        Self {
            client,
            stream,
            group,
            consumer,
            reclaimed,
            conn: None,
            own_pending_after: Some("0".to_owned()),
            idle: false,
            backoff: Backoff::default(),
            outage: OutageLog::default(),
        }
    }

    /// Waits until at least one delivery is available.
    pub async fn next_batch(&mut self) -> Vec<Delivery> {
        loop {
            match self.try_next_batch().await {
                Ok(batch) if !batch.is_empty() => {
                    self.outage.recovered("reading the consumer group");
                    self.backoff.reset();
                    return batch;
                }
                Ok(_) => {
                    self.outage.recovered("reading the consumer group");
                    self.backoff.reset();
                }
                Err(err) if err.code() == Some("NOGROUP") => {
                    tracing::warn!(group = %self.group, "the consumer group is gone (redis lost its data?); creating it again");
                    if let Some(conn) = self.conn.as_mut()
                        && let Err(err) = create_group(conn, &self.stream, &self.group).await
                    {
                        self.outage.failed("creating the consumer group", &err);
                        self.conn = None;
                        self.backoff.wait().await;
                    }
                }
                Err(err) => {
                    self.outage.failed("reading the consumer group", &err);
                    self.conn = None;
                    self.backoff.wait().await;
                }
            }
        }
    }

    async fn connection(&mut self) -> Result<&mut MultiplexedConnection, redis::RedisError> {
        if self.conn.is_none() {
            let mut conn = connection::blocking(&self.client).await.map_err(|err| {
                redis::RedisError::from((redis::ErrorKind::IoError, "connect", err.to_string()))
            })?;
            create_group(&mut conn, &self.stream, &self.group).await?;
            self.conn = Some(conn);
        }
        Ok(self.conn.as_mut().expect("just connected"))
    }

    async fn try_next_batch(&mut self) -> Result<Vec<Delivery>, redis::RedisError> {
        if let Some(after) = self.own_pending_after.clone() {
            let entries = self.read(&after, None).await?;
            match entries.last() {
                Some(last) => self.own_pending_after = Some(last.id.clone()),
                None => self.own_pending_after = None,
            }
            return Ok(self.deliveries(entries).await);
        }
        if self.idle {
            self.idle = false;
            let claimed = self.reclaim().await?;
            if !claimed.is_empty() {
                self.reclaimed
                    .fetch_add(claimed.len() as u64, Ordering::Relaxed);
                tracing::info!(group = %self.group, count = claimed.len(), "took over unacknowledged events");
                return Ok(self.deliveries(claimed).await);
            }
        }
        let entries = self.read(">", Some(connection::BLOCK)).await?;
        self.idle = entries.is_empty();
        Ok(self.deliveries(entries).await)
    }

    async fn read(
        &mut self,
        id: &str,
        block: Option<Duration>,
    ) -> Result<Vec<StreamId>, redis::RedisError> {
        let mut options = StreamReadOptions::default()
            .group(&self.group, &self.consumer)
            .count(BATCH);
        if let Some(block) = block {
            options = options.block(block.as_millis() as usize);
        }
        let stream = self.stream.clone();
        let conn = self.connection().await?;
        let reply: Option<StreamReadReply> = conn
            .xread_options(&[stream.as_str()], &[id], &options)
            .await?;
        Ok(reply
            .into_iter()
            .flat_map(|reply| reply.keys)
            .flat_map(|key| key.ids)
            .collect())
    }

    async fn reclaim(&mut self) -> Result<Vec<StreamId>, redis::RedisError> {
        let (stream, group, consumer) = (
            self.stream.clone(),
            self.group.clone(),
            self.consumer.clone(),
        );
        let conn = self.connection().await?;
        let reply: redis::streams::StreamAutoClaimReply = conn
            .xautoclaim_options(
                &stream,
                &group,
                &consumer,
                RECLAIM_AFTER.as_millis() as u64,
                "0-0",
                StreamAutoClaimOptions::default().count(BATCH),
            )
            .await?;
        Ok(reply.claimed)
    }

    /// The entries as deliveries. An entry that is not an event at all (written by something
    /// else) can never be applied: it is acknowledged and logged so it does not come back.
    async fn deliveries(&mut self, entries: Vec<StreamId>) -> Vec<Delivery> {
        let mut deliveries = Vec::with_capacity(entries.len());
        let mut unreadable = Vec::new();
        for entry in entries {
            match (decode(&entry), position_of(&entry.id)) {
                (Some(event), Some(position)) => deliveries.push(Delivery { event, position }),
                _ if entry.map.is_empty() => {
                    // Trimmed from the stream while pending: nothing left to deliver.
                    unreadable.push(entry.id);
                }
                _ => {
                    tracing::error!(group = %self.group, id = %entry.id, "a stream entry is not an event; acknowledging it so it is not redelivered");
                    unreadable.push(entry.id);
                }
            }
        }
        if !unreadable.is_empty()
            && let Some(conn) = self.conn.as_mut()
        {
            let acked: Result<i64, _> = conn.xack(&self.stream, &self.group, &unreadable).await;
            if let Err(err) = acked {
                tracing::warn!(error = %err, "acknowledging unreadable entries failed");
            }
        }
        deliveries
    }
}
