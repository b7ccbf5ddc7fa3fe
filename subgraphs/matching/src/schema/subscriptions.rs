//! `matchUpdated`, fed from `match.completed` events so recomputes on any instance reach
//! subscribers on every instance. Matches name candidates: subscribing needs `matches:read`.

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
    /// Each match of the posting whose score is new or moved. Needs `matches:read`.
    #[graphql(guard = "RequirePermission::new(Permission::MatchesRead)")]
    async fn match_updated(
        &self,
        ctx: &Context<'_>,
        job_id: ID,
    ) -> Result<impl Stream<Item = Match>> {
        let job_id = kit::ids::parse_id(&job_id, "jobId")?;
        let service = ctx.data::<MatchingService>()?.clone();
        let events = service.bus().subscribe().filter(move |event| {
            let relevant = matches!(
                event.decode::<MatchCompleted>(),
                Some(Ok(completed)) if completed.job_id == job_id
            );
            futures::future::ready(relevant)
        });
        Ok(events.filter_map(move |event| {
            let db = service.db().clone();
            async move {
                let id = Uuid::parse_str(&event.aggregate_id).ok()?;
                match match_result::Entity::find_by_id(id).one(&db).await {
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
