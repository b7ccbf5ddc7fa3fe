//! Subscriptions, fed from the event bus so a change made on any instance reaches subscribers
//! on every instance. A subscriber sees what they could read by query: subscribing to a posting
//! they may not read is `NOT_FOUND`, and a change that hides it (archiving) is not delivered.

use super::JobPosting;
use super::viewer::viewer;
use crate::service::JobsService;
use async_graphql::{Context, ID, Result, Subscription};
use contracts::EventName;
use entities::jobs::job_posting;
use futures::{Stream, StreamExt};
use kit::ApiError;
use sea_orm::EntityTrait;

/// The events that change a posting's status.
const STATUS_EVENTS: [EventName; 3] = [
    EventName::JobPublished,
    EventName::JobClosed,
    EventName::JobArchived,
];

pub struct Subscription;

#[Subscription]
impl Subscription {
    /// The posting, each time its status changes.
    async fn job_status_changed(
        &self,
        ctx: &Context<'_>,
        job_id: ID,
    ) -> Result<impl Stream<Item = JobPosting>> {
        let id = kit::ids::parse_id(&job_id, "jobId")?;
        let service = ctx.data::<JobsService>()?.clone();
        let viewer = viewer(ctx);
        let current = job_posting::Entity::find_by_id(id)
            .one(service.db())
            .await?;
        if service.visible(viewer, current).await?.is_none() {
            return Err(ApiError::NotFound("job posting").into());
        }
        let key = id.to_string();
        let events = service.bus().subscribe().filter(move |event| {
            let relevant =
                event.aggregate_id == key && STATUS_EVENTS.iter().any(|name| event.is(*name));
            futures::future::ready(relevant)
        });
        Ok(events.filter_map(move |_| {
            let service = service.clone();
            async move {
                let posting = match job_posting::Entity::find_by_id(id).one(service.db()).await {
                    Ok(posting) => posting,
                    Err(err) => {
                        tracing::warn!(error = %err, "loading posting for subscription failed");
                        return None;
                    }
                };
                match service.visible(viewer, posting).await {
                    Ok(posting) => posting.map(JobPosting),
                    Err(err) => {
                        tracing::warn!(error = %err.report(), "checking who may see a posting failed");
                        None
                    }
                }
            }
        }))
    }
}
