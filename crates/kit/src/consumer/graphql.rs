//! Dead letters in GraphQL, shared by every subgraph with a consumer. A root field belongs to
//! one subgraph in the supergraph, so each subgraph names its own fields (`jobsDeadLetters`,
//! `retryMatchingDeadLetter`, …) and resolves them with these helpers; the types are the same
//! in each and marked `@shareable`. Administrators (`events:manage`) list, inspect, retry and
//! discard.

use super::{Consumer, DeadLetter, EventApplier, Resolution};
use crate::auth::{Caller, CallerOf};
use crate::{ApiError, ApiResult};
use async_graphql::{Context, Enum, ID, Json, SimpleObject};
use chrono::{DateTime, Utc};

/// The most dead letters one page returns.
pub const MAX_PAGE: i32 = 100;

/// How an administrator closed a dead letter.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(name = "DeadLetterResolution")]
pub enum DeadLetterResolution {
    /// Applied when retried.
    Retried,
    /// Given up on: recorded as handled and never applied.
    Discarded,
}

/// An event a subgraph could not apply after every attempt.
#[derive(SimpleObject)]
#[graphql(name = "DeadLetter", shareable)]
pub struct DeadLetterObject {
    /// The event's id.
    pub event_id: ID,
    /// The consumer group that failed it (`jobs`, `matching`).
    pub consumer_group: String,
    /// E.g. `candidate.profile_updated`.
    pub event_type: String,
    /// The id of what the event is about.
    pub aggregate_id: String,
    /// The event as it was delivered.
    pub event: Json<serde_json::Value>,
    /// The last failure.
    pub error: String,
    /// How many times applying the event failed, an administrator's failed retries included.
    pub attempts: i32,
    /// When the first attempt failed.
    pub first_failed_at: DateTime<Utc>,
    /// When the latest attempt failed.
    pub last_failed_at: DateTime<Utc>,
    /// When it stopped being retried.
    pub dead_at: Option<DateTime<Utc>>,
    /// Null while it waits for an administrator.
    pub resolution: Option<DeadLetterResolution>,
    /// When an administrator retried it successfully or discarded it; null while it is open.
    pub resolved_at: Option<DateTime<Utc>>,
    /// The user id of the administrator who resolved it; null while it is open.
    pub resolved_by: Option<ID>,
}

impl From<DeadLetter> for DeadLetterObject {
    fn from(letter: DeadLetter) -> Self {
        Self {
            event_id: ID(letter.event_id.to_string()),
            consumer_group: letter.consumer_group,
            event_type: letter.event_type,
            aggregate_id: letter.aggregate_id,
            event: Json(serde_json::from_str(&letter.event).unwrap_or(serde_json::Value::Null)),
            error: letter.error,
            attempts: letter.attempts,
            first_failed_at: letter.first_failed_at,
            last_failed_at: letter.last_failed_at,
            dead_at: letter.dead_at,
            resolution: letter.resolution.map(|resolution| match resolution {
                Resolution::Retried => DeadLetterResolution::Retried,
                Resolution::Discarded => DeadLetterResolution::Discarded,
            }),
            resolved_at: letter.resolved_at,
            resolved_by: letter.resolved_by.map(|id| ID(id.to_string())),
        }
    }
}

/// One page of dead letters, the newest first.
#[derive(SimpleObject)]
#[graphql(name = "DeadLetterPage", shareable)]
pub struct DeadLetterPageObject {
    /// This page's dead letters (at most `first`), the most recently dead first.
    pub items: Vec<DeadLetterObject>,
    /// All dead letters the filter selects, across pages.
    pub total_count: i32,
}

/// A page of `consumer`'s dead letters.
pub async fn page<A: EventApplier>(
    consumer: &Consumer<A>,
    first: i32,
    offset: i32,
    include_resolved: bool,
) -> ApiResult<DeadLetterPageObject> {
    if !(1..=MAX_PAGE).contains(&first) {
        return Err(ApiError::invalid(
            "first",
            &format!("must be between 1 and {MAX_PAGE}"),
        ));
    }
    if offset < 0 {
        return Err(ApiError::invalid("offset", "must not be negative"));
    }
    let page = consumer
        .failures()
        .list(&consumer.db, include_resolved, offset as u64, first as u64)
        .await?;
    Ok(DeadLetterPageObject {
        items: page.items.into_iter().map(Into::into).collect(),
        total_count: i32::try_from(page.total).unwrap_or(i32::MAX),
    })
}

/// One dead letter of `consumer`, by event id.
pub async fn one<A: EventApplier>(
    consumer: &Consumer<A>,
    event_id: &ID,
) -> ApiResult<DeadLetterObject> {
    let id = crate::ids::parse_id(event_id, "eventId")?;
    Ok(consumer.dead_letter(id).await?.into())
}

/// Retries a dead letter as the signed-in administrator.
pub async fn retry<A: EventApplier>(
    ctx: &Context<'_>,
    consumer: &Consumer<A>,
    event_id: &ID,
) -> ApiResult<DeadLetterObject> {
    let id = crate::ids::parse_id(event_id, "eventId")?;
    Ok(consumer.retry_dead_letter(id, actor(ctx)?).await?.into())
}

/// Discards a dead letter as the signed-in administrator.
pub async fn discard<A: EventApplier>(
    ctx: &Context<'_>,
    consumer: &Consumer<A>,
    event_id: &ID,
) -> ApiResult<DeadLetterObject> {
    let id = crate::ids::parse_id(event_id, "eventId")?;
    Ok(consumer.discard_dead_letter(id, actor(ctx)?).await?.into())
}

fn actor(ctx: &Context<'_>) -> ApiResult<uuid::Uuid> {
    match Caller::of(ctx) {
        Caller::User(user) => Ok(user.user_id),
        Caller::Anonymous => Err(ApiError::Unauthenticated),
    }
}

/// A subgraph's dead-letter fields: a query type and a mutation type with the given field
/// names, resolved with `$service`'s consumer (`$service::consumer(ConsumerSettings)`). Every
/// field needs `events:manage`. A macro because a root field belongs to one subgraph in the
/// supergraph, so each subgraph spells its own names, and `#[Object]` takes names as literals.
#[macro_export]
macro_rules! dead_letter_fields {
    (
        service: $service:ty,
        who: $who:literal,
        list: $list:literal,
        one: $one:literal,
        retry: $retry:literal,
        discard: $discard:literal $(,)?
    ) => {
        /// Dead letters of this subgraph's consumer, for administrators.
        #[derive(Default)]
        pub struct DeadLetterQueries;

        #[async_graphql::Object]
        impl DeadLetterQueries {
            #[doc = concat!("Events ", $who, " could not apply after every attempt, the newest first; only open ones unless `includeResolved`. Needs `events:manage`.")]
            #[graphql(
                name = $list,
                guard = "kit::auth::RequirePermission::new(contracts::Permission::EventsManage)"
            )]
            async fn list(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(
                    default = 20,
                    desc = "How many dead letters to return, 1 to 100; default 20."
                )]
                first: i32,
                #[graphql(
                    default = 0,
                    desc = "How many of the newest to skip, 0 or more; default 0."
                )]
                offset: i32,
                #[graphql(
                    default = false,
                    desc = "Also list dead letters already retried or discarded; default false \
                            (only open ones)."
                )]
                include_resolved: bool,
            ) -> async_graphql::Result<$crate::consumer::graphql::DeadLetterPageObject> {
                let consumer = ctx.data::<$service>()?.consumer(Default::default());
                Ok($crate::consumer::graphql::page(&consumer, first, offset, include_resolved).await?)
            }

            #[doc = concat!("One of the dead letters of ", $who, ". Needs `events:manage`.")]
            #[graphql(
                name = $one,
                guard = "kit::auth::RequirePermission::new(contracts::Permission::EventsManage)"
            )]
            async fn one(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(
                    desc = "The id of the event that became a dead letter; an unknown one is \
                            `NOT_FOUND`."
                )]
                event_id: async_graphql::ID,
            ) -> async_graphql::Result<$crate::consumer::graphql::DeadLetterObject> {
                let consumer = ctx.data::<$service>()?.consumer(Default::default());
                Ok($crate::consumer::graphql::one(&consumer, &event_id).await?)
            }
        }

        /// What administrators do with this subgraph's dead letters.
        #[derive(Default)]
        pub struct DeadLetterMutations;

        #[async_graphql::Object]
        impl DeadLetterMutations {
            /// Applies the dead letter again now: resolved as `RETRIED` when it applies, else it
            /// stays open with the new error. Needs `events:manage`.
            #[graphql(
                name = $retry,
                guard = "kit::auth::RequirePermission::new(contracts::Permission::EventsManage)"
            )]
            async fn retry(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(
                    desc = "The id of the open dead letter's event; an unknown one is \
                            `NOT_FOUND`, one already retried or discarded `CONFLICT`."
                )]
                event_id: async_graphql::ID,
            ) -> async_graphql::Result<$crate::consumer::graphql::DeadLetterObject> {
                let consumer = ctx.data::<$service>()?.consumer(Default::default());
                Ok($crate::consumer::graphql::retry(ctx, &consumer, &event_id).await?)
            }

            /// Gives up on the dead letter: it is recorded as handled and never applied. Needs
            /// `events:manage`.
            #[graphql(
                name = $discard,
                guard = "kit::auth::RequirePermission::new(contracts::Permission::EventsManage)"
            )]
            async fn discard(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(
                    desc = "The id of the open dead letter's event; an unknown one is \
                            `NOT_FOUND`, one already retried or discarded `CONFLICT`."
                )]
                event_id: async_graphql::ID,
            ) -> async_graphql::Result<$crate::consumer::graphql::DeadLetterObject> {
                let consumer = ctx.data::<$service>()?.consumer(Default::default());
                Ok($crate::consumer::graphql::discard(ctx, &consumer, &event_id).await?)
            }
        }
    };
}
