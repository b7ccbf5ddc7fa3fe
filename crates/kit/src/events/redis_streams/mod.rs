//! The production bus: one Redis Stream carries every event, so an event raised on one
//! instance reaches subscribers and consumer groups on all others.
//!
//! - Fan-out subscribers share one `XREAD` loop per process (`fan_out.rs`); consumer group
//!   members read with `XREADGROUP`, acknowledge with `XACK` and take over what others left
//!   (`group_reader.rs`). Both reconnect by themselves after Redis restarts.
//! - Each publish is one script, atomic: the entries and the producer's watermark key
//!   (`<stream>:watermark:<producer>`, the last position written), so whatever Redis keeps or
//!   loses of a batch, it keeps or loses the watermark with it. A relay that finds the
//!   watermark behind what its outbox recorded as sent knows the difference was lost.
//! - Every call is bounded in time ([`connection::CALL_TIMEOUT`]).

mod connection;
mod fan_out;
mod group_reader;

use super::{BusError, Delivery, Event, EventBus, GroupStatus, StreamPosition};
use connection::bounded;
use futures::StreamExt;
use futures::stream::BoxStream;
use group_reader::{GroupReader, RECLAIM_AFTER};
use redis::AsyncCommands;
use redis::aio::{ConnectionLike, ConnectionManager};
use redis::streams::{StreamClaimOptions, StreamId, StreamInfoGroupsReply, StreamPendingReply};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::broadcast;

/// Upper bound of the stream length, trimmed approximately on write. The outbox, not the
/// stream, is the record: a consumer group that falls further behind than this is caught up
/// by reconciliation (see `kit::reconcile`).
const MAX_LEN: usize = 100_000;
const FIELD: &str = "event";

/// Appends each event (`ARGV[3..]`) to the stream (`KEYS[1]`, trimmed to about `ARGV[1]`
/// entries) and sets the producer's watermark (`KEYS[2]`) to the last id, in one atomic step;
/// when `ARGV[2]` names an id, only if the watermark is at or past it (else the error
/// [`WATERMARK_BEHIND`] and nothing written).
static PUBLISH: std::sync::LazyLock<redis::Script> = std::sync::LazyLock::new(|| {
    redis::Script::new(
        r"
if ARGV[2] ~= '' then
  local current = redis.call('GET', KEYS[2])
  if not current then
    return redis.error_reply('WATERMARK_BEHIND')
  end
  local cm, cs = string.match(current, '^(%d+)-(%d+)$')
  local em, es = string.match(ARGV[2], '^(%d+)-(%d+)$')
  cm, cs, em, es = tonumber(cm), tonumber(cs), tonumber(em), tonumber(es)
  if cm < em or (cm == em and cs < es) then
    return redis.error_reply('WATERMARK_BEHIND')
  end
end
local ids = {}
local last
for i = 3, #ARGV do
  last = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'event', ARGV[i])
  ids[#ids + 1] = last
end
redis.call('SET', KEYS[2], last)
return ids
",
    )
});
/// The script's answer when the watermark is behind what the publisher expected.
const WATERMARK_BEHIND: &str = "WATERMARK_BEHIND";
/// Enough headroom that a briefly busy subscriber does not miss events.
const FAN_OUT_CAPACITY: usize = 8192;

pub struct RedisBus {
    client: redis::Client,
    writer: ConnectionManager,
    stream: String,
    local: broadcast::Sender<Event>,
    reader: tokio::task::JoinHandle<()>,
    reclaimed: Arc<AtomicU64>,
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
        let writer = connection::manager(&client).await?;
        let (local, _) = broadcast::channel(FAN_OUT_CAPACITY);
        let reader = tokio::spawn(fan_out::run(
            client.clone(),
            stream.to_owned(),
            local.clone(),
        ));
        Ok(Self {
            client,
            writer,
            stream: stream.to_owned(),
            local,
            reader,
            reclaimed: Arc::default(),
        })
    }

    fn watermark_key(&self, producer: &str) -> String {
        format!("{}:watermark:{producer}", self.stream)
    }

    async fn groups(&self) -> Result<Option<StreamInfoGroupsReply>, BusError> {
        let mut conn = self.writer.clone();
        match bounded(conn.xinfo_groups::<_, StreamInfoGroupsReply>(&self.stream)).await? {
            Ok(groups) => Ok(Some(groups)),
            // No stream yet (or any more): no group either.
            Err(err) if err.to_string().to_lowercase().contains("no such key") => Ok(None),
            Err(err) => Err(err.into()),
        }
    }

    /// The oldest entry `group` holds unacknowledged, if any.
    async fn oldest_pending(&self, group: &str) -> Result<Option<StreamPosition>, BusError> {
        let mut conn = self.writer.clone();
        let reply: StreamPendingReply = bounded(conn.xpending(&self.stream, group)).await??;
        Ok(match reply {
            StreamPendingReply::Data(data) if data.count > 0 => position_of(&data.start_id),
            _ => None,
        })
    }
}

/// Creates `group` at the stream's start (making the stream if needed); an existing group keeps
/// its place. A new group sees every event still in the stream: consumers skip what they
/// applied before.
async fn create_group(
    conn: &mut impl ConnectionLike,
    stream: &str,
    group: &str,
) -> Result<(), redis::RedisError> {
    let created: Result<(), redis::RedisError> = redis::cmd("XGROUP")
        .arg("CREATE")
        .arg(stream)
        .arg(group)
        .arg("0")
        .arg("MKSTREAM")
        .query_async(conn)
        .await;
    match created {
        Err(err) if err.code() != Some("BUSYGROUP") => Err(err),
        _ => Ok(()),
    }
}

fn decode(entry: &StreamId) -> Option<Event> {
    let raw: String = entry.get(FIELD)?;
    match serde_json::from_str(&raw) {
        Ok(event) => Some(event),
        Err(err) => {
            tracing::warn!(id = %entry.id, error = %err, "undecodable stream entry");
            None
        }
    }
}

fn position_of(id: &str) -> Option<StreamPosition> {
    StreamPosition::parse(id)
}

fn now_millis() -> u64 {
    chrono::Utc::now().timestamp_millis().max(0) as u64
}

#[async_trait::async_trait]
impl EventBus for RedisBus {
    async fn publish_after(
        &self,
        producer: &str,
        expected: Option<StreamPosition>,
        events: &[Event],
    ) -> Result<Vec<StreamPosition>, BusError> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let mut script = PUBLISH.key(&self.stream);
        script.key(self.watermark_key(producer)).arg(MAX_LEN);
        script.arg(
            expected
                .map(|position| position.to_string())
                .unwrap_or_default(),
        );
        for event in events {
            script.arg(serde_json::to_string(event)?);
        }
        let mut conn = self.writer.clone();
        let ids: Vec<String> = match bounded(script.invoke_async(&mut conn)).await? {
            Ok(ids) => ids,
            Err(err) if err.to_string().contains(WATERMARK_BEHIND) => {
                return Err(BusError::WatermarkBehind);
            }
            Err(err) => return Err(err.into()),
        };
        let positions: Vec<StreamPosition> = ids.iter().filter_map(|id| position_of(id)).collect();
        if positions.len() != events.len() {
            return Err(BusError::Redis(redis::RedisError::from((
                redis::ErrorKind::ResponseError,
                "XADD answered an unexpected id",
            ))));
        }
        Ok(positions)
    }

    async fn watermark(&self, producer: &str) -> Result<Option<StreamPosition>, BusError> {
        let mut conn = self.writer.clone();
        let value: Option<String> = bounded(conn.get(self.watermark_key(producer))).await??;
        Ok(value.as_deref().and_then(position_of))
    }

    async fn acknowledged_below(&self) -> Result<Option<StreamPosition>, BusError> {
        let Some(groups) = self.groups().await? else {
            return Ok(None);
        };
        let mut lowest: Option<StreamPosition> = None;
        for group in &groups.groups {
            let delivered = position_of(&group.last_delivered_id).unwrap_or(StreamPosition::ZERO);
            let bound = match group.pending {
                0 => delivered.next(),
                _ => self
                    .oldest_pending(&group.name)
                    .await?
                    .unwrap_or(delivered.next()),
            };
            lowest = Some(lowest.map_or(bound, |lowest| lowest.min(bound)));
        }
        Ok(lowest)
    }

    fn subscribe(&self) -> BoxStream<'static, Event> {
        tokio_stream::wrappers::BroadcastStream::new(self.local.subscribe())
            .filter_map(|item| async move {
                match item {
                    Ok(event) => Some(event),
                    Err(err) => {
                        tracing::warn!(error = %err, "event subscriber lagged");
                        None
                    }
                }
            })
            .boxed()
    }

    fn local_subscribers(&self) -> usize {
        self.local.receiver_count()
    }

    async fn consume(
        &self,
        group: &str,
        consumer: &str,
    ) -> Result<BoxStream<'static, Delivery>, BusError> {
        let mut conn = connection::blocking(&self.client).await?;
        create_group(&mut conn, &self.stream, group).await?;
        let reader = GroupReader::new(
            self.client.clone(),
            self.stream.clone(),
            group.to_owned(),
            consumer.to_owned(),
            self.reclaimed.clone(),
        );
        let deliveries = futures::stream::unfold(reader, |mut reader| async move {
            let batch = reader.next_batch().await;
            Some((futures::stream::iter(batch), reader))
        })
        .flatten();
        Ok(deliveries.boxed())
    }

    async fn ack(&self, group: &str, delivery: &Delivery) -> Result<(), BusError> {
        let mut conn = self.writer.clone();
        let id = delivery.position.to_string();
        let _: i64 = bounded(conn.xack(&self.stream, group, &[id])).await??;
        Ok(())
    }

    async fn release(&self, group: &str, consumer: &str) -> Result<usize, BusError> {
        let mut conn = self.writer.clone();
        let pending: redis::streams::StreamPendingCountReply =
            bounded(conn.xpending_consumer_count(&self.stream, group, "-", "+", 1000, consumer))
                .await??;
        let ids: Vec<String> = pending.ids.into_iter().map(|pending| pending.id).collect();
        if ids.is_empty() {
            return Ok(0);
        }
        // Claimed by itself with an idle time past the take-over threshold: the next member to
        // look takes them, instead of waiting out the threshold.
        let options = StreamClaimOptions::default()
            .idle(RECLAIM_AFTER.as_millis() as usize + 1_000)
            .with_justid();
        let _: redis::Value =
            bounded(conn.xclaim_options(&self.stream, group, consumer, 0, &ids, options)).await??;
        Ok(ids.len())
    }

    async fn group_status(&self, group: &str) -> Result<GroupStatus, BusError> {
        let Some(groups) = self.groups().await? else {
            return Ok(GroupStatus::default());
        };
        let Some(info) = groups.groups.iter().find(|info| info.name == group) else {
            return Ok(GroupStatus::default());
        };
        let mut oldest = None;
        if info.pending > 0 {
            oldest = self.oldest_pending(group).await?;
        }
        let undelivered = info.lag.unwrap_or(0) as u64;
        if undelivered > 0 {
            let mut conn = self.writer.clone();
            let next: redis::streams::StreamRangeReply = bounded(conn.xrange_count(
                &self.stream,
                format!("({}", info.last_delivered_id),
                "+",
                1,
            ))
            .await??;
            if let Some(first) = next.ids.first().and_then(|entry| position_of(&entry.id)) {
                oldest = Some(oldest.map_or(first, |oldest: StreamPosition| oldest.min(first)));
            }
        }
        let lag_seconds = oldest
            .map(|oldest| now_millis().saturating_sub(oldest.millis) as f64 / 1000.0)
            .unwrap_or(0.0);
        Ok(GroupStatus {
            pending: info.pending as u64,
            undelivered,
            lag_seconds,
        })
    }

    async fn forget_idle_consumers(
        &self,
        group: &str,
        keep: &str,
        idle: Duration,
    ) -> Result<usize, BusError> {
        let mut conn = self.writer.clone();
        let consumers: redis::streams::StreamInfoConsumersReply =
            match bounded(conn.xinfo_consumers(&self.stream, group)).await? {
                Ok(consumers) => consumers,
                Err(err) if err.code() == Some("NOGROUP") => return Ok(0),
                Err(err) => return Err(err.into()),
            };
        let mut forgotten = 0;
        for consumer in consumers.consumers {
            if consumer.name != keep
                && consumer.pending == 0
                && consumer.idle as u128 > idle.as_millis()
            {
                let _: i64 =
                    bounded(conn.xgroup_delconsumer(&self.stream, group, &consumer.name)).await??;
                forgotten += 1;
            }
        }
        Ok(forgotten)
    }

    async fn ping(&self) -> Result<(), BusError> {
        let mut conn = self.writer.clone();
        let _: String = bounded(redis::cmd("PING").query_async(&mut conn)).await??;
        Ok(())
    }

    fn reclaimed(&self) -> u64 {
        self.reclaimed.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests;
