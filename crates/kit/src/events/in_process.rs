//! The embedded bus: one process, no broker. Fan-out is a broadcast channel; each consumer
//! group has its members' queues and the record of what it has not acknowledged, so the bus
//! can say up to where every group has confirmed, hand a stopping member's events to another,
//! and report lag. Nothing survives the process: its watermarks start empty, which is how the
//! relay knows to republish what was sent and never confirmed before a crash.

use super::{BusError, Delivery, Event, EventBus, GroupStatus, RecentIds, StreamPosition};
use futures::StreamExt;
use futures::stream::BoxStream;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, mpsc};
use tokio_stream::wrappers::{BroadcastStream, UnboundedReceiverStream};

/// Enough headroom that a briefly busy subscriber does not miss events.
const CAPACITY: usize = 8192;
/// Event ids remembered to pass each one to subscribers once.
const RECENT_IDS: usize = 16_384;

#[derive(Clone)]
pub struct InProcessBus {
    fan_out: broadcast::Sender<Event>,
    state: Arc<Mutex<State>>,
}

struct State {
    last: StreamPosition,
    watermarks: HashMap<String, StreamPosition>,
    groups: HashMap<String, Group>,
    recent: RecentIds,
}

#[derive(Default)]
struct Group {
    members: Vec<Member>,
    next_member: usize,
    /// Published and not acknowledged: who holds it (`None`: waiting for a member), since when.
    outstanding: BTreeMap<StreamPosition, Outstanding>,
    waiting: VecDeque<Delivery>,
}

struct Member {
    name: String,
    queue: mpsc::UnboundedSender<Delivery>,
}

struct Outstanding {
    holder: Option<String>,
    since: Instant,
    delivery: Delivery,
}

impl Default for InProcessBus {
    fn default() -> Self {
        let (fan_out, _) = broadcast::channel(CAPACITY);
        Self {
            fan_out,
            state: Arc::new(Mutex::new(State {
                last: StreamPosition::ZERO,
                watermarks: HashMap::new(),
                groups: HashMap::new(),
                recent: RecentIds::new(RECENT_IDS),
            })),
        }
    }
}

fn now_millis() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or_default()
}

impl State {
    /// The next position: the clock's millisecond, or one step after the last if the clock
    /// has not moved on.
    fn next_position(&mut self) -> StreamPosition {
        let now = StreamPosition::new(now_millis(), 0);
        self.last = if now > self.last {
            now
        } else {
            self.last.next()
        };
        self.last
    }
}

impl Group {
    /// Hands `delivery` to the next live member, or keeps it waiting for one.
    fn dispatch(&mut self, delivery: Delivery) {
        while !self.members.is_empty() {
            let index = self.next_member % self.members.len();
            self.next_member = index + 1;
            let member = &self.members[index];
            match member.queue.send(delivery.clone()) {
                Ok(()) => {
                    if let Some(entry) = self.outstanding.get_mut(&delivery.position) {
                        entry.holder = Some(member.name.clone());
                    }
                    return;
                }
                Err(_) => {
                    self.members.remove(index);
                }
            }
        }
        if let Some(entry) = self.outstanding.get_mut(&delivery.position) {
            entry.holder = None;
        }
        self.waiting.push_back(delivery);
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[async_trait::async_trait]
impl EventBus for InProcessBus {
    async fn publish_after(
        &self,
        producer: &str,
        expected: Option<StreamPosition>,
        events: &[Event],
    ) -> Result<Vec<StreamPosition>, BusError> {
        let mut state = lock(&self.state);
        if let Some(expected) = expected
            && state
                .watermarks
                .get(producer)
                .is_none_or(|watermark| *watermark < expected)
        {
            return Err(BusError::WatermarkBehind);
        }
        let mut positions = Vec::with_capacity(events.len());
        for event in events {
            let position = state.next_position();
            positions.push(position);
            state.watermarks.insert(producer.to_owned(), position);
            for group in state.groups.values_mut() {
                let delivery = Delivery {
                    event: event.clone(),
                    position,
                };
                group.outstanding.insert(
                    position,
                    Outstanding {
                        holder: None,
                        since: Instant::now(),
                        delivery: delivery.clone(),
                    },
                );
                group.dispatch(delivery);
            }
            if state.recent.first_time(event.id) {
                // No receivers is not an error: nobody was listening.
                let _ = self.fan_out.send(event.clone());
            }
        }
        Ok(positions)
    }

    async fn watermark(&self, producer: &str) -> Result<Option<StreamPosition>, BusError> {
        Ok(lock(&self.state).watermarks.get(producer).copied())
    }

    async fn acknowledged_below(&self) -> Result<Option<StreamPosition>, BusError> {
        let state = lock(&self.state);
        let all_acknowledged = state.last.next();
        Ok(state
            .groups
            .values()
            .map(|group| {
                group
                    .outstanding
                    .keys()
                    .next()
                    .copied()
                    .unwrap_or(all_acknowledged)
            })
            .min())
    }

    fn subscribe(&self) -> BoxStream<'static, Event> {
        BroadcastStream::new(self.fan_out.subscribe())
            .filter_map(|item| async move {
                match item {
                    Ok(event) => Some(event),
                    Err(err) => {
                        tracing::warn!(error = %err, "in-process bus subscriber lagged");
                        None
                    }
                }
            })
            .boxed()
    }

    fn local_subscribers(&self) -> usize {
        self.fan_out.receiver_count()
    }

    async fn consume(
        &self,
        group: &str,
        consumer: &str,
    ) -> Result<BoxStream<'static, Delivery>, BusError> {
        let (queue, deliveries) = mpsc::unbounded_channel();
        let mut state = lock(&self.state);
        let group = state.groups.entry(group.to_owned()).or_default();
        // What this member held before (a restarted consumer task), then what waited.
        let held: Vec<Delivery> = group
            .outstanding
            .values()
            .filter(|entry| entry.holder.as_deref() == Some(consumer))
            .map(|entry| entry.delivery.clone())
            .collect();
        for delivery in held.into_iter().chain(group.waiting.drain(..)) {
            if let Some(entry) = group.outstanding.get_mut(&delivery.position) {
                entry.holder = Some(consumer.to_owned());
            }
            let _ = queue.send(delivery);
        }
        group.members.retain(|member| member.name != consumer);
        group.members.push(Member {
            name: consumer.to_owned(),
            queue,
        });
        Ok(UnboundedReceiverStream::new(deliveries).boxed())
    }

    async fn ack(&self, group: &str, delivery: &Delivery) -> Result<(), BusError> {
        if let Some(group) = lock(&self.state).groups.get_mut(group) {
            group.outstanding.remove(&delivery.position);
        }
        Ok(())
    }

    async fn release(&self, group: &str, consumer: &str) -> Result<usize, BusError> {
        let mut state = lock(&self.state);
        let Some(group) = state.groups.get_mut(group) else {
            return Ok(0);
        };
        group.members.retain(|member| member.name != consumer);
        let held: Vec<Delivery> = group
            .outstanding
            .values()
            .filter(|entry| entry.holder.as_deref() == Some(consumer))
            .map(|entry| entry.delivery.clone())
            .collect();
        let released = held.len();
        for delivery in held {
            group.dispatch(delivery);
        }
        Ok(released)
    }

    async fn group_status(&self, group: &str) -> Result<GroupStatus, BusError> {
        let state = lock(&self.state);
        let Some(group) = state.groups.get(group) else {
            return Ok(GroupStatus::default());
        };
        let undelivered = group.waiting.len() as u64;
        let lag_seconds = group
            .outstanding
            .values()
            .map(|entry| entry.since.elapsed())
            .max()
            .unwrap_or(Duration::ZERO)
            .as_secs_f64();
        Ok(GroupStatus {
            pending: group.outstanding.len() as u64
                - undelivered.min(group.outstanding.len() as u64),
            undelivered,
            lag_seconds,
        })
    }

    async fn forget_idle_consumers(
        &self,
        group: &str,
        _keep: &str,
        _idle: Duration,
    ) -> Result<usize, BusError> {
        // Members whose queue is gone are dropped as soon as something is dispatched to them.
        let mut state = lock(&self.state);
        let Some(group) = state.groups.get_mut(group) else {
            return Ok(0);
        };
        let before = group.members.len();
        group.members.retain(|member| !member.queue.is_closed());
        Ok(before - group.members.len())
    }

    async fn ping(&self) -> Result<(), BusError> {
        Ok(())
    }
}

#[cfg(test)]
#[path = "in_process_tests.rs"]
mod tests;
