//! GraphQL subscriptions that outlive reconnects: each update carries the id of the event behind
//! it (`extensions.eventId` of the `next` payload), and a subscription given `resumeAfter: <that
//! id>` first replays, from the subgraph's own outbox, every matching event published after it
//! (within the retention window), then goes on live, each event once. Every subscription's
//! events are raised by the subgraph that serves it, so its outbox holds them, and any
//! instance can replay them.
//!
//! Tagging: a resolver calls [`tag`] with the event id right before it yields the item; the
//! [`EventIds`] extension, wrapped around the subscription's response stream, moves the id
//! into that response's extensions. The tag travels in a task-local that the extension sets
//! for each poll of the stream, the poll during which the resolver runs and the response is
//! built.

use crate::events::{Event, SharedBus};
use crate::outbox::{Outbox, ReplayStart};
use crate::{ApiError, ApiResult};
use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextSubscribe};
use async_graphql::{Response, Value};
use contracts::{ErrorCode, EventName};
use futures::stream::{BoxStream, Stream, StreamExt};
use sea_orm::DatabaseConnection;
use std::collections::HashSet;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use uuid::Uuid;

/// The most events one resume replays; a client further behind reads the current state.
pub const MAX_REPLAY: u64 = 5_000;
const REPLAY_PAGE: u64 = 500;

/// What a subscription listens to: event types, and optionally one aggregate.
#[derive(Clone, Debug)]
pub struct Interest {
    pub types: &'static [EventName],
    pub aggregate: Option<String>,
}

impl Interest {
    fn wants(&self, event: &Event) -> bool {
        self.types.iter().any(|name| event.is(*name))
            && self
                .aggregate
                .as_ref()
                .is_none_or(|aggregate| *aggregate == event.aggregate_id)
    }
}

/// The events of `interest`: those after `resume_after` replayed from `outbox`, then live ones
/// from `bus`, each id once. Listens before replaying, so nothing falls between the two.
pub async fn updates(
    bus: &SharedBus,
    outbox: &Outbox,
    db: &DatabaseConnection,
    interest: Interest,
    resume_after: Option<Uuid>,
) -> ApiResult<BoxStream<'static, Event>> {
    let wanted = interest.clone();
    let live = bus
        .subscribe()
        .filter(move |event| futures::future::ready(wanted.wants(event)));
    let replayed = match resume_after {
        Some(id) => replay(outbox, db, &interest, id).await?,
        None => Vec::new(),
    };
    let mut seen: HashSet<Uuid> = replayed.iter().map(|event| event.id).collect();
    let live = live.filter(move |event| futures::future::ready(seen.insert(event.id)));
    Ok(futures::stream::iter(replayed).chain(live).boxed())
}

async fn replay(
    outbox: &Outbox,
    db: &DatabaseConnection,
    interest: &Interest,
    after: Uuid,
) -> ApiResult<Vec<Event>> {
    let mut position = match outbox.replay_start(db, after).await? {
        ReplayStart::After(position) => position,
        ReplayStart::NotYetPublished => return Ok(Vec::new()),
        ReplayStart::Unknown => {
            return Err(ApiError::coded(
                ErrorCode::ReplayUnavailable,
                "resumeAfter names an event that is not kept (older than the retention window, or unknown); read the current state and subscribe without resumeAfter",
            ));
        }
    };
    let types: Vec<&str> = interest.types.iter().map(|name| name.as_str()).collect();
    let mut events = Vec::new();
    loop {
        let page = outbox
            .replay(
                db,
                position,
                &types,
                interest.aggregate.as_deref(),
                REPLAY_PAGE,
            )
            .await?;
        let full = page.len() as u64 == REPLAY_PAGE;
        for (at, event) in page {
            position = at;
            events.push(event);
        }
        if events.len() as u64 > MAX_REPLAY {
            return Err(ApiError::coded(
                ErrorCode::ReplayUnavailable,
                "more updates were missed than a resume replays; read the current state and subscribe without resumeAfter",
            ));
        }
        if !full {
            return Ok(events);
        }
    }
}

tokio::task_local! {
    static TAG: Arc<Mutex<Option<Uuid>>>;
}

/// Marks the item a subscription resolver is about to yield as the update of event `id`.
pub fn tag(id: Uuid) {
    let _ = TAG.try_with(|slot| *lock(slot) = Some(id));
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The schema extension that writes each tagged update's event id into its response.
pub struct EventIds;

impl ExtensionFactory for EventIds {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(EventIdsExtension)
    }
}

struct EventIdsExtension;

impl Extension for EventIdsExtension {
    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        Tagged {
            inner: next.run(ctx, stream),
            slot: Arc::default(),
        }
        .boxed()
    }
}

struct Tagged<'s> {
    inner: BoxStream<'s, Response>,
    slot: Arc<Mutex<Option<Uuid>>>,
}

impl Stream for Tagged<'_> {
    type Item = Response;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Response>> {
        let slot = self.slot.clone();
        let polled = TAG.sync_scope(slot, || self.inner.poll_next_unpin(cx));
        match polled {
            Poll::Ready(Some(mut response)) => {
                if let Some(id) = lock(&self.slot).take() {
                    response
                        .extensions
                        .insert("eventId".to_owned(), Value::String(id.to_string()));
                }
                Poll::Ready(Some(response))
            }
            other => other,
        }
    }
}
