//! Live applications, for both sides: the candidate follows their own applications, a
//! company's members follow a feed of new applications and every move on its postings. Fed
//! from the bus like the other subscriptions (a change made on any instance reaches every
//! subscriber; `extensions.eventId` and `resumeAfter` replay what a reconnecting client
//! missed), and authorised per event: an update is delivered only if the subscriber could read
//! the application by query at that moment, so a member removed from the company stops
//! receiving the feed at the next event.

use super::application::Application;
use super::viewer::viewer;
use crate::service::applications::Side;
use crate::service::{JobsService, Viewer};
use async_graphql::{Context, Enum, ID, Result, SimpleObject, Subscription};
use contracts::EventName;
use contracts::events::{
    ApplicationStatusChanged, ApplicationSubmitted, InterviewChanged, OfferAnswered, OfferMade,
};
use entities::jobs::job_application;
use futures::{Stream, StreamExt};
use kit::auth::{Caller, CallerOf};
use kit::live::Interest;
use kit::{ApiError, Event};
use sea_orm::EntityTrait;
use uuid::Uuid;

/// The events that change an application.
const APPLICATION_EVENTS: &[EventName] = &[
    EventName::ApplicationSubmitted,
    EventName::ApplicationStatusChanged,
    EventName::OfferMade,
    EventName::OfferAnswered,
    EventName::InterviewScheduled,
    EventName::InterviewChanged,
];

/// What happened to an application.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplicationChange {
    /// A candidate applied.
    Submitted,
    /// It moved (screened, interviewed, rejected, withdrawn, hired…).
    StatusChanged,
    /// The company made an offer.
    OfferMade,
    /// The candidate accepted or declined an offer.
    OfferAnswered,
    /// An interview got a time.
    InterviewScheduled,
    /// An interview was proposed, rescheduled, declined, cancelled, or another time asked for.
    InterviewChanged,
}

/// One change of an application, with the application as it is now.
#[derive(SimpleObject)]
pub struct ApplicationUpdate {
    /// What happened.
    pub change: ApplicationChange,
    /// The application, read from the subscriber's side.
    pub application: Application,
}

/// The application an event is about: (application, candidate, company, change).
fn concerned(event: &Event) -> Option<(Uuid, Uuid, Uuid, ApplicationChange)> {
    if let Some(Ok(e)) = event.decode::<ApplicationSubmitted>() {
        return Some((
            e.application_id,
            e.candidate_id,
            e.company_id,
            ApplicationChange::Submitted,
        ));
    }
    if let Some(Ok(e)) = event.decode::<ApplicationStatusChanged>() {
        return Some((
            e.application_id,
            e.candidate_id,
            e.company_id,
            ApplicationChange::StatusChanged,
        ));
    }
    if let Some(Ok(e)) = event.decode::<OfferMade>() {
        return Some((
            e.application_id,
            e.candidate_id,
            e.company_id,
            ApplicationChange::OfferMade,
        ));
    }
    if let Some(Ok(e)) = event.decode::<InterviewChanged>() {
        let change = if e.scheduled_now {
            ApplicationChange::InterviewScheduled
        } else {
            ApplicationChange::InterviewChanged
        };
        return Some((e.application_id, e.candidate_id, e.company_id, change));
    }
    if let Some(Ok(e)) = event.decode::<OfferAnswered>() {
        return Some((
            e.application_id,
            e.candidate_id,
            e.company_id,
            ApplicationChange::OfferAnswered,
        ));
    }
    None
}

/// Who a stream delivers to.
#[derive(Clone, Copy)]
enum Audience {
    Candidate(Uuid),
    Company(Uuid),
}

#[derive(Default)]
pub struct ApplicationSubscription;

#[Subscription]
impl ApplicationSubscription {
    /// The caller's own applications, each time one changes (a move, an interview, an offer,
    /// an answer).
    async fn my_application_updated(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The `extensions.eventId` of the last update received: the updates \
                    published since are replayed first (within the retention window)."
        )]
        resume_after: Option<ID>,
    ) -> Result<impl Stream<Item = ApplicationUpdate>> {
        let user = Caller::of(ctx).require_user().map_err(ApiError::from)?;
        feed(ctx, Audience::Candidate(user.user_id), resume_after).await
    }

    /// A company's applications as they arrive and move, for its members (any role) and
    /// `jobs:manage` holders; another company's is `FORBIDDEN`.
    async fn company_application_feed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The company.")] company_id: ID,
        #[graphql(
            desc = "The `extensions.eventId` of the last update received: the updates \
                    published since are replayed first (within the retention window)."
        )]
        resume_after: Option<ID>,
    ) -> Result<impl Stream<Item = ApplicationUpdate>> {
        Caller::of(ctx).require_user().map_err(ApiError::from)?;
        let company = kit::ids::parse_id(&company_id, "companyId")?;
        let service = ctx.data::<JobsService>()?;
        if !service.is_member_view(viewer(ctx), company).await? {
            return Err(ApiError::Forbidden.into());
        }
        feed(ctx, Audience::Company(company), resume_after).await
    }
}

async fn feed(
    ctx: &Context<'_>,
    audience: Audience,
    resume_after: Option<ID>,
) -> Result<impl Stream<Item = ApplicationUpdate> + use<>> {
    let resume_after = resume_after
        .map(|id| kit::ids::parse_id(&id, "resumeAfter"))
        .transpose()?;
    let service = ctx.data::<JobsService>()?.clone();
    let viewer = viewer(ctx);
    let interest = Interest {
        types: APPLICATION_EVENTS,
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
    Ok(events.filter_map(move |event| {
        let service = service.clone();
        async move {
            let (application, candidate, company, change) = concerned(&event)?;
            let addressed = match audience {
                Audience::Candidate(user) => candidate == user,
                Audience::Company(id) => company == id,
            };
            if !addressed {
                return None;
            }
            match current(&service, viewer, application).await {
                Ok(Some((model, side))) => {
                    kit::live::tag(event.id);
                    Some(ApplicationUpdate {
                        change,
                        application: Application { model, side },
                    })
                }
                Ok(None) => None,
                Err(err) => {
                    tracing::warn!(error = %err.report(), "reading an application for a subscriber failed");
                    None
                }
            }
        }
    }))
}

/// The application as `viewer` may read it now, or `None`.
async fn current(
    service: &JobsService,
    viewer: Viewer,
    id: Uuid,
) -> kit::ApiResult<Option<(job_application::Model, Side)>> {
    let Some(model) = job_application::Entity::find_by_id(id)
        .one(service.db())
        .await?
    else {
        return Ok(None);
    };
    Ok(service
        .application_side(viewer, &model)
        .await?
        .map(|side| (model, side)))
}
