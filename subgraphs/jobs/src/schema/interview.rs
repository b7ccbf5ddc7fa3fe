//! `Interview` and its operations. The company's members holding `interviews:create` schedule
//! an interview or propose slots, reschedule and cancel; the candidate accepts a slot, declines
//! or asks for another time (which the company accepts). Times are UTC (`startsAt`) and, in
//! any time zone asked for, RFC 3339 with the offset (`localTimes`); `icalendar` is the
//! reader's invitation.

use super::User;
use super::application::Application;
use super::viewer::editor;
use crate::service::JobsService;
use crate::service::applications::Side;
use crate::service::interviews::{
    self, Arrangement, CANCELLED, DECLINED, InterviewKind, PROPOSED, interviewers_of, slots_of,
};
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use contracts::{ApplicationActor, Permission};
use entities::jobs::{company, job_interview, job_posting};
use kit::ApiError;
use kit::auth::{Authenticated, Caller, CallerOf, RequirePermission};
use kit::ids::parse_id;
use sea_orm::EntityTrait;

/// Where an interview stands.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InterviewStatus {
    /// Slots are proposed; the other side picks one.
    Proposed,
    /// It has a time.
    Scheduled,
    /// The candidate declined it.
    Declined,
    /// The company cancelled it.
    Cancelled,
}

/// An interview of an application, read from the caller's side.
pub struct Interview {
    pub model: job_interview::Model,
    pub side: Side,
}

/// A time shown in a time zone.
#[derive(SimpleObject)]
pub struct LocalTimes {
    /// The IANA time zone, e.g. `Asia/Tokyo`.
    pub time_zone: String,
    /// The start, RFC 3339 with the zone's offset; null while proposed.
    pub starts_at: Option<String>,
    /// The end, likewise.
    pub ends_at: Option<String>,
    /// The proposed slots' starts, likewise.
    pub proposed_slots: Vec<String>,
}

/// An interview of an application, read from the caller's side.
#[Object]
impl Interview {
    /// The interview's id.
    async fn id(&self) -> ID {
        ID(self.model.id.to_string())
    }

    /// The application it is for.
    async fn application_id(&self) -> ID {
        ID(self.model.application_id.to_string())
    }

    /// Where it stands.
    async fn status(&self) -> InterviewStatus {
        match self.model.status.as_str() {
            PROPOSED => InterviewStatus::Proposed,
            DECLINED => InterviewStatus::Declined,
            CANCELLED => InterviewStatus::Cancelled,
            _ => InterviewStatus::Scheduled,
        }
    }

    /// How it is held.
    async fn kind(&self) -> InterviewKind {
        InterviewKind::parse(&self.model.kind)
    }

    /// The start in UTC, once scheduled.
    async fn starts_at(&self) -> Option<DateTime<Utc>> {
        self.model.starts_at
    }

    /// The end in UTC, once scheduled.
    async fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.model.starts_at.map(|start| start + self.duration())
    }

    /// How long it lasts, in minutes.
    async fn duration_minutes(&self) -> i32 {
        self.model.duration_minutes
    }

    /// The time zone it was arranged in (IANA).
    async fn time_zone(&self) -> &str {
        &self.model.time_zone
    }

    /// The times in `timeZone` (the interview's own when omitted), e.g. the candidate's
    /// `Asia/Ho_Chi_Minh`; an unknown zone is `BAD_USER_INPUT`.
    async fn local_times(
        &self,
        #[graphql(desc = "An IANA time zone name, e.g. `Asia/Tokyo`.")] time_zone: Option<String>,
    ) -> Result<LocalTimes> {
        let name = time_zone.unwrap_or_else(|| self.model.time_zone.clone());
        let zone = interviews::time_zone(&name, "timeZone")?;
        Ok(LocalTimes {
            time_zone: zone.name().to_owned(),
            starts_at: self.model.starts_at.map(|at| interviews::local(at, zone)),
            ends_at: self
                .model
                .starts_at
                .map(|at| interviews::local(at + self.duration(), zone)),
            proposed_slots: slots_of(&self.model)
                .into_iter()
                .map(|at| interviews::local(at, zone))
                .collect(),
        })
    }

    /// The proposed starts (UTC) while `PROPOSED`.
    async fn proposed_slots(&self) -> Vec<DateTime<Utc>> {
        slots_of(&self.model)
    }

    /// Who proposed the slots: the other side picks.
    async fn proposed_by(&self) -> ApplicationActor {
        if self.model.proposed_by == "candidate" {
            ApplicationActor::Candidate
        } else {
            ApplicationActor::Company
        }
    }

    /// The video link, the phone number or the address.
    async fn location(&self) -> Option<&str> {
        self.model.location.as_deref()
    }

    /// The company's interviewers (resolved by the users subgraph).
    async fn interviewers(&self) -> Vec<User> {
        interviewers_of(&self.model)
            .into_iter()
            .map(|id| User {
                id: ID(id.to_string()),
            })
            .collect()
    }

    /// The latest words from whoever changed it.
    async fn message(&self) -> Option<&str> {
        self.model.message.as_deref()
    }

    /// The iCalendar `SEQUENCE`: one more with each change.
    async fn sequence(&self) -> i32 {
        self.model.sequence
    }

    /// The caller's invitation as an iCalendar (RFC 5545) text to add to a calendar
    /// (`METHOD:REQUEST`, or `METHOD:CANCEL` once cancelled or declined); null while it has
    /// no time.
    async fn icalendar(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        // A proposal (or a cancelled one) has no time: nothing to put in a calendar.
        let Some(starts_at) = self.model.starts_at else {
            return Ok(None);
        };
        let service = ctx.data::<JobsService>()?;
        let title = job_posting::Entity::find_by_id(self.model.job_id)
            .one(service.db())
            .await?
            .map(|posting| posting.title)
            .unwrap_or_default();
        let company = company::Entity::find_by_id(self.model.company_id)
            .one(service.db())
            .await?
            .map(|company| company.name)
            .unwrap_or_default();
        let kind = match InterviewKind::parse(&self.model.kind) {
            InterviewKind::Video => "Video call",
            InterviewKind::Phone => "Phone call",
            InterviewKind::OnSite => "On site",
        };
        let summary = match self.side {
            Side::Candidate => format!("Interview with {company}: {title}"),
            Side::Company => format!("Candidate interview: {title}"),
        };
        let mut description = format!("{kind} ({} minutes).", self.model.duration_minutes);
        if let Some(message) = &self.model.message {
            description.push_str("\n\n");
            description.push_str(message);
        }
        Ok(Some(interviews::invitation(&interviews::Invitation {
            uid: format!("{}@iworkz", self.model.id),
            sequence: self.model.sequence,
            starts_at,
            duration_minutes: self.model.duration_minutes,
            active: ![CANCELLED, DECLINED].contains(&self.model.status.as_str()),
            summary,
            description,
            location: self.model.location.as_deref(),
        })))
    }

    /// When it was last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.model.updated_at
    }
}

impl Interview {
    fn duration(&self) -> Duration {
        Duration::minutes(i64::from(self.model.duration_minutes))
    }
}

/// An interview as the company arranges it.
#[derive(InputObject)]
pub struct ArrangeInterviewInput {
    /// The start, with its offset (e.g. `2027-04-01T10:00:00+09:00`); stored in UTC. For
    /// `scheduleInterview`.
    pub starts_at: Option<DateTime<FixedOffset>>,
    /// The starts to pick from, 1 to 5, for `proposeInterviewSlots`.
    #[graphql(default)]
    pub slots: Vec<DateTime<FixedOffset>>,
    /// The IANA time zone it is arranged in, e.g. `Asia/Tokyo`.
    pub time_zone: String,
    /// 15 to 480 minutes; default 60.
    #[graphql(default = 60)]
    pub duration_minutes: i32,
    /// How it is held.
    pub kind: InterviewKind,
    /// The video link (https://…), the phone number, or the address.
    pub location: Option<String>,
    /// The company's members who interview, 1 to 10.
    pub interviewer_ids: Vec<ID>,
    /// Words to the candidate, at most 2,000 characters.
    pub message: Option<String>,
}

impl ArrangeInterviewInput {
    fn arrangement(self, slots: bool) -> Result<Arrangement> {
        let starts: Vec<DateTime<Utc>> = if slots {
            self.slots.iter().map(|at| at.with_timezone(&Utc)).collect()
        } else {
            self.starts_at
                .iter()
                .map(|at| at.with_timezone(&Utc))
                .collect()
        };
        Ok(Arrangement {
            starts,
            time_zone: self.time_zone,
            duration_minutes: self.duration_minutes,
            kind: self.kind,
            location: self.location,
            interviewers: self
                .interviewer_ids
                .iter()
                .take(11)
                .map(|id| parse_id(id, "interviewerIds"))
                .collect::<std::result::Result<_, _>>()?,
            message: self.message,
        })
    }
}

#[derive(Default)]
pub struct InterviewMutations;

#[Object]
impl InterviewMutations {
    /// Schedules an interview of an application in `INTERVIEW` (needs `interviews:create` and
    /// membership of the company). `CONFLICT` when the candidate or an interviewer already has
    /// an interview at that time.
    #[graphql(guard = "RequirePermission::new(Permission::InterviewsCreate)")]
    async fn schedule_interview(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The application's id.")] application_id: ID,
        #[graphql(desc = "When, how and with whom (`startsAt`).")] input: ArrangeInterviewInput,
    ) -> Result<Interview> {
        arrange(ctx, &application_id, input, false).await
    }

    /// Proposes up to five slots for the candidate to pick from (needs `interviews:create` and
    /// membership of the company).
    #[graphql(guard = "RequirePermission::new(Permission::InterviewsCreate)")]
    async fn propose_interview_slots(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The application's id.")] application_id: ID,
        #[graphql(desc = "The slots (`slots`), how and with whom.")] input: ArrangeInterviewInput,
    ) -> Result<Interview> {
        arrange(ctx, &application_id, input, true).await
    }

    /// Picks one of the proposed slots: the candidate from the company's, a company member
    /// holding `interviews:create` from the candidate's. `CONFLICT` when someone is busy then.
    #[graphql(guard = "Authenticated")]
    async fn accept_interview_slot(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The interview's id.")] id: ID,
        #[graphql(desc = "One of `proposedSlots`.")] starts_at: DateTime<FixedOffset>,
    ) -> Result<Interview> {
        let caller = editor(ctx)?;
        let can_arrange = matches!(Caller::of(ctx), Caller::User(user)
            if user.has_permission(Permission::InterviewsCreate));
        let service = ctx.data::<JobsService>()?;
        let model = service
            .accept_interview_slot(
                caller,
                can_arrange,
                parse_id(&id, "id")?,
                starts_at.with_timezone(&Utc),
            )
            .await?;
        read(ctx, model).await
    }

    /// The candidate declines the interview.
    #[graphql(guard = "Authenticated")]
    async fn decline_interview(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The interview's id.")] id: ID,
        #[graphql(desc = "Words to the company, at most 2,000 characters.")] message: Option<
            String,
        >,
    ) -> Result<Interview> {
        let user = Caller::of(ctx).require_user().map_err(ApiError::from)?;
        let model = ctx
            .data::<JobsService>()?
            .answer_interview(user.user_id, parse_id(&id, "id")?, None, message)
            .await?;
        read(ctx, model).await
    }

    /// The candidate asks for another time; the company accepts it with `acceptInterviewSlot`
    /// or arranges another.
    #[graphql(guard = "Authenticated")]
    async fn propose_interview_time(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The interview's id.")] id: ID,
        #[graphql(desc = "The time asked for, with its offset.")] starts_at: DateTime<FixedOffset>,
        #[graphql(desc = "Words to the company, at most 2,000 characters.")] message: Option<
            String,
        >,
    ) -> Result<Interview> {
        let user = Caller::of(ctx).require_user().map_err(ApiError::from)?;
        let model = ctx
            .data::<JobsService>()?
            .answer_interview(
                user.user_id,
                parse_id(&id, "id")?,
                Some(starts_at.with_timezone(&Utc)),
                message,
            )
            .await?;
        read(ctx, model).await
    }

    /// Moves a scheduled interview (needs `interviews:create` and membership); the invitation's
    /// `SEQUENCE` grows so calendars update it.
    #[graphql(guard = "RequirePermission::new(Permission::InterviewsCreate)")]
    async fn reschedule_interview(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The interview's id.")] id: ID,
        #[graphql(desc = "The new start, with its offset.")] starts_at: DateTime<FixedOffset>,
        #[graphql(desc = "A new length, 15 to 480 minutes; unchanged when omitted.")]
        duration_minutes: Option<i32>,
        #[graphql(desc = "Words to the candidate, at most 2,000 characters.")] message: Option<
            String,
        >,
    ) -> Result<Interview> {
        let model = ctx
            .data::<JobsService>()?
            .change_interview(
                editor(ctx)?,
                parse_id(&id, "id")?,
                Some((starts_at.with_timezone(&Utc), duration_minutes)),
                message,
            )
            .await?;
        read(ctx, model).await
    }

    /// Cancels a proposed or scheduled interview (needs `interviews:create` and membership).
    #[graphql(guard = "RequirePermission::new(Permission::InterviewsCreate)")]
    async fn cancel_interview(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The interview's id.")] id: ID,
        #[graphql(desc = "Words to the candidate, at most 2,000 characters.")] message: Option<
            String,
        >,
    ) -> Result<Interview> {
        let model = ctx
            .data::<JobsService>()?
            .change_interview(editor(ctx)?, parse_id(&id, "id")?, None, message)
            .await?;
        read(ctx, model).await
    }
}

async fn arrange(
    ctx: &Context<'_>,
    application_id: &ID,
    input: ArrangeInterviewInput,
    slots: bool,
) -> Result<Interview> {
    let arrangement = input.arrangement(slots)?;
    let model = ctx
        .data::<JobsService>()?
        .arrange_interview(
            editor(ctx)?,
            parse_id(application_id, "applicationId")?,
            arrangement,
            slots,
        )
        .await?;
    read(ctx, model).await
}

/// The interview from the caller's side.
async fn read(ctx: &Context<'_>, model: job_interview::Model) -> Result<Interview> {
    let (model, side) = ctx
        .data::<JobsService>()?
        .interview(editor(ctx)?, model.id)
        .await?;
    Ok(Interview { model, side })
}

/// The interviews of an application, for `Application.interviews`.
pub async fn interviews_of(ctx: &Context<'_>, application: &Application) -> Result<Vec<Interview>> {
    Ok(ctx
        .data::<JobsService>()?
        .interviews_of(application.model.id)
        .await?
        .into_iter()
        .map(|model| Interview {
            model,
            side: application.side,
        })
        .collect())
}
