//! Subscriptions, fed from the event bus so a change made on any instance reaches subscribers
//! on every instance; each update carries its event id (`extensions.eventId`) and
//! `resumeAfter` replays what a reconnecting client missed. A subscriber sees what they could read by query: subscribing to a posting
//! they may not read is `NOT_FOUND`, and a change that hides it (archiving) is not delivered.

use super::JobPosting;
use super::viewer::viewer;
use crate::service::JobsService;
use async_graphql::{Context, ID, Result, Subscription};
use contracts::EventName;
use entities::jobs::job_posting;
use futures::{Stream, StreamExt};
use kit::ApiError;
use kit::live::Interest;
use sea_orm::EntityTrait;

/// The events that change a posting's status.
const STATUS_EVENTS: &[EventName] = &[
    EventName::JobPublished,
    EventName::JobClosed,
    EventName::JobArchived,
];

#[derive(Default)]
pub struct PostingSubscription;

#[Subscription]
impl PostingSubscription {
    /// The posting, each time its status changes.
    async fn job_status_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The posting to follow; one the caller may not read is `NOT_FOUND`.")]
        job_id: ID,
        #[graphql(
            desc = "The `extensions.eventId` of the last update received: the updates \
                          published since are replayed first (within the retention window)."
        )]
        resume_after: Option<ID>,
    ) -> Result<impl Stream<Item = JobPosting>> {
        let id = kit::ids::parse_id(&job_id, "jobId")?;
        let resume_after = resume_after
            .map(|id| kit::ids::parse_id(&id, "resumeAfter"))
            .transpose()?;
        let service = ctx.data::<JobsService>()?.clone();
        let viewer = viewer(ctx);
        let current = job_posting::Entity::find_by_id(id)
            .one(service.db())
            .await?;
        if service.visible(viewer, current).await?.is_none() {
            return Err(ApiError::NotFound("job posting").into());
        }
        let interest = Interest {
            types: STATUS_EVENTS,
            aggregate: Some(id.to_string()),
        };
        let events = kit::live::updates(
            service.bus(),
            service.outbox(),
            service.db(),
            interest,
            resume_after,
        )
        .await?;
        Ok(events.filter_map(move |event| {
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
                    Ok(Some(posting)) => {
                        kit::live::tag(event.id);
                        Some(JobPosting(posting))
                    }
                    Ok(None) => None,
                    Err(err) => {
                        tracing::warn!(error = %err.report(), "checking who may see a posting failed");
                        None
                    }
                }
            }
        }))
    }
}
