//! `matchUpdated`, fed from `match.completed` events so recomputes on any instance reach
//! subscribers on every instance. Matches name candidates: subscribing needs `matches:read`
//! and membership of the posting's company (or `jobs:manage`). A subscriber to a posting
//! matching knows is refused at once if they are not a member; for a posting not yet published
//! (unknown to matching) each update is checked before it is sent.

use super::Match;
use crate::service::MatchingService;
use async_graphql::{Context, ID, Result, Subscription};
use contracts::Permission;
use contracts::events::MatchCompleted;
use entities::matching::match_result;
use futures::{Stream, StreamExt};
use kit::auth::RequirePermission;
use sea_orm::EntityTrait;
use uuid::Uuid;

pub struct Subscription;

#[Subscription]
impl Subscription {
    /// Each match of the posting whose score is new or moved. Needs `matches:read` and
    /// membership of the posting's company (or `jobs:manage`).
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
        let events = service.bus().subscribe().filter(move |event| {
            let relevant = matches!(
                event.decode::<MatchCompleted>(),
                Some(Ok(completed)) if completed.job_id == job_id
            );
            futures::future::ready(relevant)
        });
        Ok(events.filter_map(move |event| {
            let service = service.clone();
            async move {
                let id = Uuid::parse_str(&event.aggregate_id).ok()?;
                let allowed = service.may_read_matches(reader, job_id).await;
                let found = match allowed {
                    Ok(Some(true)) => match_result::Entity::find_by_id(id).one(service.db()).await,
                    Ok(_) => return None,
                    Err(err) => Err(err),
                };
                match found {
                    Ok(found) => found.map(Match),
                    Err(err) => {
                        tracing::warn!(error = %err, "loading match for subscription failed");
                        None
                    }
                }
            }
        }))
    }
}
