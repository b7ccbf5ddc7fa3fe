//! `matchUpdated` (a posting's matches, for its company) and `myMatchUpdated` (the signed-in
//! candidate's own), fed from `match.completed` and `match.status_changed` events so a change on
//! any instance reaches subscribers on every instance. Each update carries its event id
//! (`extensions.eventId`); `resumeAfter` replays what a reconnecting client missed.
//!
//! Matches name candidates: `matchUpdated` needs `matches:read` and membership of the posting's
//! company (or `jobs:manage`), and leaves out hidden candidates who did not answer
//! "interested". A subscriber to a posting matching knows is refused at once if
//! they are not a member; for a posting not yet published (unknown to matching) each update is
//! checked before it is sent.

use super::Match;
use crate::service::MatchingService;
use async_graphql::{Context, ID, Result, Subscription};
use contracts::EventName;
use contracts::Permission;
use contracts::events::{MatchCompleted, MatchStatusChanged};
use entities::matching::match_result;
use futures::{Stream, StreamExt};
use kit::Event;
use kit::auth::{Authenticated, Caller, CallerOf, RequirePermission};
use kit::live::Interest;
use sea_orm::EntityTrait;
use uuid::Uuid;

pub struct Subscription;

/// What a match event is about.
#[derive(Clone, Copy)]
struct MatchEvent {
    match_id: Uuid,
    job_id: Uuid,
    candidate_id: Uuid,
    /// The candidate is told of it: a new or rescored match, their own answer, the company's
    /// first contact; never the company's other steps.
    seen_by_candidate: bool,
}

fn match_of(event: &Event) -> Option<MatchEvent> {
    if let Some(Ok(completed)) = event.decode::<MatchCompleted>() {
        return Some(MatchEvent {
            match_id: completed.match_id,
            job_id: completed.job_id,
            candidate_id: completed.candidate_id,
            seen_by_candidate: true,
        });
    }
    if let Some(Ok(changed)) = event.decode::<MatchStatusChanged>() {
        return Some(MatchEvent {
            match_id: changed.match_id,
            job_id: changed.job_id,
            candidate_id: changed.candidate_id,
            seen_by_candidate: changed.is_seen_by_candidate(),
        });
    }
    None
}

/// The events that update a match.
const MATCH_EVENTS: &[EventName] = &[EventName::MatchCompleted, EventName::MatchStatusChanged];

/// The stored matches the events `wanted` point at (after `resume_after`, replayed first), read
/// when each arrives and tagged with its event id.
async fn updates(
    service: MatchingService,
    resume_after: Option<ID>,
    wanted: impl Fn(&MatchEvent) -> bool + Send + 'static,
    allowed: impl Fn(MatchingService, match_result::Model) -> futures::future::BoxFuture<'static, bool>
    + Send
    + Sync
    + 'static,
) -> Result<impl Stream<Item = Match>> {
    let resume_after = resume_after
        .map(|id| kit::ids::parse_id(&id, "resumeAfter"))
        .transpose()?;
    let interest = Interest {
        types: MATCH_EVENTS,
        aggregate: None,
    };
    let events = kit::live::updates(
        service.bus(),
        service.outbox(),
        service.db(),
        interest,
        resume_after,
    )
    .await?;
    let allowed = std::sync::Arc::new(allowed);
    Ok(events
        .filter_map(move |event| {
            let found = match_of(&event)
                .filter(|found| wanted(found))
                .map(|found| (event.id, found.match_id));
            futures::future::ready(found)
        })
        .filter_map(move |(event_id, id)| {
            let service = service.clone();
            let allowed = allowed.clone();
            async move {
                let found = match match_result::Entity::find_by_id(id).one(service.db()).await {
                    Ok(found) => found?,
                    Err(err) => {
                        tracing::warn!(error = %err, "loading match for subscription failed");
                        return None;
                    }
                };
                if !allowed(service, found.clone()).await {
                    return None;
                }
                kit::live::tag(event_id);
                Some(Match(found))
            }
        }))
}

#[Subscription]
impl Subscription {
    /// Each match of the posting whose score is new or moved, or whose status or candidate's
    /// answer changed. Needs `matches:read` and membership of the posting's company (or
    /// `jobs:manage`).
    #[graphql(guard = "RequirePermission::new(Permission::MatchesRead)")]
    async fn match_updated(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The id of the posting whose matches to follow.")] job_id: ID,
        #[graphql(
            desc = "The `extensions.eventId` of the last update received: the updates \
                          published since are replayed first (within the retention window)."
        )]
        resume_after: Option<ID>,
    ) -> Result<impl Stream<Item = Match>> {
        let job_id = kit::ids::parse_id(&job_id, "jobId")?;
        let service = ctx.data::<MatchingService>()?.clone();
        let reader = super::readers::reader(ctx);
        if service.may_read_matches(reader, job_id).await? == Some(false) {
            return Err(kit::ApiError::Forbidden.into());
        }
        updates(
            service,
            resume_after,
            move |found| found.job_id == job_id,
            move |service, row| {
                Box::pin(async move {
                    matches!(
                        service.may_read_matches(reader, row.job_id).await,
                        Ok(Some(true))
                    ) && matches!(service.shown_to_company(&row).await, Ok(true))
                })
            },
        )
        .await
    }

    /// Each of the signed-in candidate's own matches that is new or rescored, that they
    /// answered, or that the company first contacted them about. The company's other steps
    /// (looking, shortlisting, rejecting) send nothing: they are the company's own.
    #[graphql(guard = "Authenticated")]
    async fn my_match_updated(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The `extensions.eventId` of the last update received: the updates \
                          published since are replayed first (within the retention window)."
        )]
        resume_after: Option<ID>,
    ) -> Result<impl Stream<Item = Match>> {
        let candidate = match Caller::of(ctx) {
            Caller::User(user) => user.user_id,
            Caller::Anonymous => return Err(kit::ApiError::Unauthenticated.into()),
        };
        let service = ctx.data::<MatchingService>()?.clone();
        updates(
            service,
            resume_after,
            move |found| found.candidate_id == candidate && found.seen_by_candidate,
            |_, _| Box::pin(async { true }),
        )
        .await
    }
}
