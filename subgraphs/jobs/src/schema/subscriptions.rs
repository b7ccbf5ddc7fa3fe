//! Subscriptions, fed from the event bus so a change made on any instance reaches subscribers
//! on every instance.

use super::JobPosting;
use crate::service::JobsService;
use async_graphql::{Context, ID, Result, Subscription};
use contracts::EventName;
use entities::jobs::job_posting;
use futures::{Stream, StreamExt};
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
        let key = id.to_string();
        let events = service.bus().subscribe().filter(move |event| {
            let relevant =
                event.aggregate_id == key && STATUS_EVENTS.iter().any(|name| event.is(*name));
            futures::future::ready(relevant)
        });
        Ok(events.filter_map(move |_| {
            let db = service.db().clone();
            async move {
                match job_posting::Entity::find_by_id(id).one(&db).await {
                    Ok(posting) => posting.map(JobPosting),
                    Err(err) => {
                        tracing::warn!(error = %err, "loading posting for subscription failed");
                        None
                    }
                }
            }
        }))
    }
}
