//! `matchUpdated` (a posting's matches, for its company) and `myMatchUpdated` (the signed-in
//! candidate's own), fed from `match.completed` and `match.status_changed` events so a change on
//! any instance reaches subscribers on every instance.
//!
//! Matches name candidates: `matchUpdated` needs `matches:read` and membership of the posting's
//! company (or `jobs:manage`). A subscriber to a posting matching knows is refused at once if
//! they are not a member; for a posting not yet published (unknown to matching) each update is
//! checked before it is sent.

use super::Match;
use crate::service::MatchingService;
use async_graphql::{Context, ID, Result, Subscription};
use contracts::Permission;
use contracts::events::{MatchCompleted, MatchStatusChanged};
use entities::matching::match_result;
use futures::{Stream, StreamExt};
use kit::Event;
use kit::auth::{Authenticated, Caller, CallerOf, RequirePermission};
use sea_orm::EntityTrait;
use uuid::Uuid;

pub struct Subscription;

/// The match, posting and candidate an event is about, if it is about a match.
fn match_of(event: &Event) -> Option<(Uuid, Uuid, Uuid)> {
    if let Some(Ok(completed)) = event.decode::<MatchCompleted>() {
        return Some((completed.match_id, completed.job_id, completed.candidate_id));
    }
    if let Some(Ok(changed)) = event.decode::<MatchStatusChanged>() {
        return Some((changed.match_id, changed.job_id, changed.candidate_id));
    }
    None
}

/// The stored matches the events `wanted` point at, read when each arrives.
fn updates(
    service: MatchingService,
    wanted: impl Fn(Uuid, Uuid) -> bool + Send + 'static,
    allowed: impl Fn(MatchingService, Uuid) -> futures::future::BoxFuture<'static, bool>
    + Send
    + Sync
    + 'static,
) -> impl Stream<Item = Match> {
    let allowed = std::sync::Arc::new(allowed);
    service
        .bus()
        .subscribe()
        .filter_map(move |event| {
            let found = match_of(&event).filter(|(_, job, candidate)| wanted(*job, *candidate));
            futures::future::ready(found)
        })
        .filter_map(move |(id, job_id, _)| {
            let service = service.clone();
            let allowed = allowed.clone();
            async move {
                if !allowed(service.clone(), job_id).await {
                    return None;
                }
                match match_result::Entity::find_by_id(id).one(service.db()).await {
                    Ok(found) => found.map(Match),
                    Err(err) => {
                        tracing::warn!(error = %err, "loading match for subscription failed");
                        None
                    }
                }
            }
        })
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
        job_id: ID,
    ) -> Result<impl Stream<Item = Match>> {
        let job_id = kit::ids::parse_id(&job_id, "jobId")?;
        let service = ctx.data::<MatchingService>()?.clone();
        let reader = super::readers::reader(ctx);
        if service.may_read_matches(reader, job_id).await? == Some(false) {
            return Err(kit::ApiError::Forbidden.into());
        }
        Ok(updates(
            service,
            move |job, _| job == job_id,
            move |service, job| {
                Box::pin(async move {
                    matches!(service.may_read_matches(reader, job).await, Ok(Some(true)))
                })
            },
        ))
    }

    /// Each of the signed-in candidate's own matches that is new or rescored, or that they
    /// answered.
    #[graphql(guard = "Authenticated")]
    async fn my_match_updated(&self, ctx: &Context<'_>) -> Result<impl Stream<Item = Match>> {
        let candidate = match Caller::of(ctx) {
            Caller::User(user) => user.user_id,
            Caller::Anonymous => return Err(kit::ApiError::Unauthenticated.into()),
        };
        let service = ctx.data::<MatchingService>()?.clone();
        Ok(updates(
            service,
            move |_, owner| owner == candidate,
            |_, _| Box::pin(async { true }),
        ))
    }
}
