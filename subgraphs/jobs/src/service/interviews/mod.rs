//! Interviews of applications in `INTERVIEW`. A company member holding `interviews:create`
//! schedules one (a start with its time zone, a duration, video, phone or on-site, a link or
//! address, interviewers who are members of the company) or proposes up to five slots for the
//! candidate to pick; the candidate accepts a slot, declines, or asks for another time (which
//! the company then accepts); the company reschedules or cancels. Times are stored in UTC.
//!
//! Nobody is in two interviews at once: scheduling (by any path) checks every participant —
//! the candidate and each interviewer — against their other scheduled interviews in the same
//! write transaction (`job_interview_participants`; on PostgreSQL the participants are locked
//! first, so two concurrent schedules for the same person cannot both pass). Every change is
//! one transaction with its event: `interview.scheduled` when it gets a time, else
//! `interview.changed`.

mod calendar;

pub use calendar::{Invitation, invitation, local, time_zone};

use super::applications::{Side, status_of};
use super::{Editor, JobsService};
use chrono::{DateTime, Duration, Utc};
use contracts::events::InterviewChanged;
use contracts::{ApplicationStatus, CompanyMemberRole};
use entities::jobs::{company_member, job_application, job_interview, job_interview_participant};
use kit::{ApiError, ApiResult, Event};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::BTreeSet;
use uuid::Uuid;

const MAX_SLOTS: usize = 5;
const MAX_INTERVIEWERS: usize = 10;
const MAX_TEXT: usize = 2_000;
const DURATIONS: std::ops::RangeInclusive<i32> = 15..=480;

/// How an interview is held.
#[derive(async_graphql::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InterviewKind {
    /// A video call: `location` is its link.
    Video,
    /// A phone call: `location` is the number to call, if the company gives one.
    Phone,
    /// In person: `location` is the address.
    OnSite,
}

impl InterviewKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Video => "video",
            Self::Phone => "phone",
            Self::OnSite => "on_site",
        }
    }

    pub fn parse(stored: &str) -> Self {
        match stored {
            "phone" => Self::Phone,
            "on_site" => Self::OnSite,
            _ => Self::Video,
        }
    }
}

/// Where an interview stands.
pub const PROPOSED: &str = "proposed";
pub const SCHEDULED: &str = "scheduled";
pub const DECLINED: &str = "declined";
pub const CANCELLED: &str = "cancelled";

/// An interview as the company arranges it: one start, or slots to pick from.
pub struct Arrangement {
    /// One start (schedule) or up to five (propose), with their offsets.
    pub starts: Vec<DateTime<Utc>>,
    pub time_zone: String,
    pub duration_minutes: i32,
    pub kind: InterviewKind,
    pub location: Option<String>,
    pub interviewers: Vec<Uuid>,
    pub message: Option<String>,
}

fn text(value: Option<String>, field: &str) -> ApiResult<Option<String>> {
    kit::error::optional_text(value, field, MAX_TEXT)
}

fn future(at: DateTime<Utc>, field: &str) -> ApiResult<()> {
    if at <= Utc::now() {
        return Err(ApiError::invalid(field, "must be in the future"));
    }
    Ok(())
}

impl Arrangement {
    /// Checks the arrangement's own values (bounds first, then each value).
    fn checked(mut self, slots: bool) -> ApiResult<Self> {
        let field = if slots { "slots" } else { "startsAt" };
        if self.starts.is_empty() || self.starts.len() > if slots { MAX_SLOTS } else { 1 } {
            return Err(ApiError::invalid(
                field,
                &format!("needs 1 to {} times", if slots { MAX_SLOTS } else { 1 }),
            ));
        }
        if self.interviewers.is_empty() || self.interviewers.len() > MAX_INTERVIEWERS {
            return Err(ApiError::invalid(
                "interviewerIds",
                &format!("needs 1 to {MAX_INTERVIEWERS} interviewers"),
            ));
        }
        for start in &self.starts {
            future(*start, field)?;
        }
        self.starts.sort();
        self.starts.dedup();
        time_zone(&self.time_zone, "timeZone")?;
        if !DURATIONS.contains(&self.duration_minutes) {
            return Err(ApiError::invalid(
                "durationMinutes",
                "must be between 15 and 480 minutes",
            ));
        }
        self.location = text(self.location, "location")?;
        match (self.kind, &self.location) {
            (InterviewKind::Video, Some(link))
                if !(link.starts_with("https://") || link.starts_with("http://")) =>
            {
                return Err(ApiError::invalid(
                    "location",
                    "a video interview needs its link (https://…)",
                ));
            }
            (InterviewKind::Video | InterviewKind::OnSite, None) => {
                return Err(ApiError::invalid(
                    "location",
                    "a video interview needs its link, an on-site one its address",
                ));
            }
            _ => {}
        }
        self.message = text(self.message, "message")?;
        let unique: BTreeSet<Uuid> = self.interviewers.iter().copied().collect();
        self.interviewers = unique.into_iter().collect();
        Ok(self)
    }
}

/// The stored proposed slots.
pub fn slots_of(interview: &job_interview::Model) -> Vec<DateTime<Utc>> {
    serde_json::from_value(interview.proposed_slots.clone()).unwrap_or_default()
}

/// The stored interviewer ids.
pub fn interviewers_of(interview: &job_interview::Model) -> Vec<Uuid> {
    serde_json::from_value(interview.interviewer_ids.clone()).unwrap_or_default()
}

impl JobsService {
    /// Schedules an interview (one start) or proposes slots (`slots`), for an application in
    /// `INTERVIEW` of a company `editor` works for.
    pub async fn arrange_interview(
        &self,
        editor: Editor,
        application_id: Uuid,
        arrangement: Arrangement,
        slots: bool,
    ) -> ApiResult<job_interview::Model> {
        let arrangement = arrangement.checked(slots)?;
        let application = self.company_application(editor, application_id).await?;
        if status_of(&application) != ApplicationStatus::Interview {
            return Err(ApiError::Conflict(format!(
                "the application is {}; interviews are arranged for applications in interview",
                application.status
            )));
        }
        self.require_interviewers(application.company_id, &arrangement.interviewers)
            .await?;
        let now = Utc::now();
        let txn = kit::db::begin_write(self.db()).await?;
        let interview = job_interview::Entity::insert(job_interview::ActiveModel {
            id: Set(kit::ids::new_id()),
            application_id: Set(application.id),
            job_id: Set(application.job_id),
            company_id: Set(application.company_id),
            candidate_id: Set(application.candidate_id),
            status: Set(if slots { PROPOSED } else { SCHEDULED }.to_owned()),
            kind: Set(arrangement.kind.as_str().to_owned()),
            starts_at: Set((!slots).then(|| arrangement.starts[0])),
            duration_minutes: Set(arrangement.duration_minutes),
            time_zone: Set(arrangement.time_zone.trim().to_owned()),
            location: Set(arrangement.location),
            interviewer_ids: Set(serde_json::to_value(&arrangement.interviewers)?),
            proposed_slots: Set(serde_json::to_value(if slots {
                arrangement.starts.clone()
            } else {
                Vec::new()
            })?),
            proposed_by: Set("company".to_owned()),
            sequence: Set(0),
            message: Set(arrangement.message),
            created_by: Set(editor.user_id),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_with_returning(&txn)
        .await?;
        if !slots {
            book(&txn, &interview).await?;
        }
        self.finish(txn, &interview, !slots, Some(editor.user_id))
            .await
    }

    /// The side that did not propose the slots picks one: the candidate a company's proposal,
    /// a company member (`interviews:create`) the candidate's.
    pub async fn accept_interview_slot(
        &self,
        caller: Editor,
        can_arrange: bool,
        id: Uuid,
        start: DateTime<Utc>,
    ) -> ApiResult<job_interview::Model> {
        let (interview, side) = self.interview(caller, id).await?;
        let picker = if interview.proposed_by == "company" {
            Side::Candidate
        } else {
            Side::Company
        };
        if side != picker || (side == Side::Company && !can_arrange) {
            return Err(ApiError::Forbidden);
        }
        if interview.status != PROPOSED {
            return Err(conflict(
                &interview,
                "only a proposed interview has slots to pick",
            ));
        }
        if !slots_of(&interview).contains(&start) {
            return Err(ApiError::invalid(
                "startsAt",
                "is not one of the proposed slots",
            ));
        }
        future(start, "startsAt")?;
        self.change(
            &interview,
            caller.user_id,
            |row| {
                row.status = Set(SCHEDULED.to_owned());
                row.starts_at = Set(Some(start));
                row.proposed_slots = Set(serde_json::json!([]));
            },
            None,
            true,
        )
        .await
    }

    /// The candidate declines the interview, or asks for another time (`new_time`): the
    /// company then accepts that slot or arranges another.
    pub async fn answer_interview(
        &self,
        candidate: Uuid,
        id: Uuid,
        new_time: Option<DateTime<Utc>>,
        message: Option<String>,
    ) -> ApiResult<job_interview::Model> {
        let message = text(message, "message")?;
        let caller = Editor {
            user_id: candidate,
            any_posting: false,
        };
        let (interview, side) = self.interview(caller, id).await?;
        if side != Side::Candidate {
            return Err(ApiError::NotFound("interview"));
        }
        if ![PROPOSED, SCHEDULED].contains(&interview.status.as_str()) {
            return Err(conflict(
                &interview,
                "only a proposed or scheduled interview can be answered",
            ));
        }
        if let Some(at) = new_time {
            future(at, "startsAt")?;
        }
        self.change(
            &interview,
            candidate,
            |row| match new_time {
                Some(at) => {
                    row.status = Set(PROPOSED.to_owned());
                    row.starts_at = Set(None);
                    row.proposed_slots = Set(serde_json::json!([at]));
                    row.proposed_by = Set("candidate".to_owned());
                }
                None => row.status = Set(DECLINED.to_owned()),
            },
            message,
            false,
        )
        .await
    }

    /// The company moves a scheduled interview to a new start (and duration), or cancels an
    /// interview that is proposed or scheduled.
    pub async fn change_interview(
        &self,
        editor: Editor,
        id: Uuid,
        new_start: Option<(DateTime<Utc>, Option<i32>)>,
        message: Option<String>,
    ) -> ApiResult<job_interview::Model> {
        let message = text(message, "message")?;
        let (interview, side) = self.interview(editor, id).await?;
        if side != Side::Company {
            return Err(ApiError::NotFound("interview"));
        }
        match new_start {
            Some((start, duration)) => {
                if interview.status != SCHEDULED {
                    return Err(conflict(
                        &interview,
                        "only a scheduled interview is rescheduled",
                    ));
                }
                future(start, "startsAt")?;
                if duration.is_some_and(|minutes| !DURATIONS.contains(&minutes)) {
                    return Err(ApiError::invalid(
                        "durationMinutes",
                        "must be between 15 and 480 minutes",
                    ));
                }
                self.change(
                    &interview,
                    editor.user_id,
                    |row| {
                        row.starts_at = Set(Some(start));
                        if let Some(minutes) = duration {
                            row.duration_minutes = Set(minutes);
                        }
                    },
                    message,
                    false,
                )
                .await
            }
            None => {
                if ![PROPOSED, SCHEDULED].contains(&interview.status.as_str()) {
                    return Err(conflict(&interview, "it is already over"));
                }
                self.change(
                    &interview,
                    editor.user_id,
                    |row| {
                        row.status = Set(CANCELLED.to_owned());
                    },
                    message,
                    false,
                )
                .await
            }
        }
    }

    /// The interviews of `application_id`, by start (proposed ones last).
    pub async fn interviews_of(
        &self,
        application_id: Uuid,
    ) -> ApiResult<Vec<job_interview::Model>> {
        Ok(job_interview::Entity::find()
            .filter(job_interview::Column::ApplicationId.eq(application_id))
            .order_by_asc(job_interview::Column::Id)
            .all(self.db())
            .await?)
    }

    /// The interview `id` and the side `caller` reads it from (`NOT_FOUND` for others).
    pub async fn interview(
        &self,
        caller: Editor,
        id: Uuid,
    ) -> ApiResult<(job_interview::Model, Side)> {
        let interview = job_interview::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or(ApiError::NotFound("interview"))?;
        let application = job_application::Entity::find_by_id(interview.application_id)
            .one(self.db())
            .await?
            .ok_or(ApiError::NotFound("interview"))?;
        match self.application_side(caller.viewer(), &application).await? {
            Some(side) => Ok((interview, side)),
            None => Err(ApiError::NotFound("interview")),
        }
    }

    /// `BAD_USER_INPUT` unless every one of `interviewers` is a member of `company_id`.
    async fn require_interviewers(&self, company_id: Uuid, interviewers: &[Uuid]) -> ApiResult<()> {
        let members: Vec<(Uuid, String)> = company_member::Entity::find()
            .select_only()
            .column(company_member::Column::UserId)
            .column(company_member::Column::Role)
            .filter(company_member::Column::CompanyId.eq(company_id))
            .filter(company_member::Column::UserId.is_in(interviewers.iter().copied()))
            .into_tuple()
            .all(self.db())
            .await?;
        let known = members
            .iter()
            .filter(|(_, role)| CompanyMemberRole::parse(role).is_some())
            .count();
        if known != interviewers.len() {
            return Err(ApiError::invalid(
                "interviewerIds",
                "every interviewer must be a member of the company",
            ));
        }
        Ok(())
    }

    /// Applies `edit` to `interview` (one more sequence), books or frees its participants, and
    /// raises its event; `scheduled_now` when this change gives it its first agreed time (a
    /// reschedule is a change).
    async fn change(
        &self,
        interview: &job_interview::Model,
        actor: Uuid,
        edit: impl FnOnce(&mut job_interview::ActiveModel),
        message: Option<String>,
        scheduled_now: bool,
    ) -> ApiResult<job_interview::Model> {
        let txn = kit::db::begin_write(self.db()).await?;
        let mut row: job_interview::ActiveModel = interview.clone().into();
        edit(&mut row);
        row.sequence = Set(interview.sequence + 1);
        row.updated_at = Set(Utc::now());
        if message.is_some() {
            row.message = Set(message);
        }
        // Unchanged since read: a change that crossed another is a conflict.
        let updated = job_interview::Entity::update_many()
            .set(row)
            .filter(job_interview::Column::Id.eq(interview.id))
            .filter(job_interview::Column::Sequence.eq(interview.sequence))
            .exec(&txn)
            .await?
            .rows_affected;
        if updated == 0 {
            return Err(ApiError::Conflict(
                "the interview changed meanwhile; read it again and retry".into(),
            ));
        }
        let changed = job_interview::Entity::find_by_id(interview.id)
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("interview"))?;
        job_interview_participant::Entity::delete_many()
            .filter(job_interview_participant::Column::InterviewId.eq(changed.id))
            .exec(&txn)
            .await?;
        if changed.status == SCHEDULED {
            book(&txn, &changed).await?;
        }
        self.finish(txn, &changed, scheduled_now, Some(actor)).await
    }

    async fn finish(
        &self,
        txn: DatabaseTransaction,
        interview: &job_interview::Model,
        scheduled_now: bool,
        actor: Option<Uuid>,
    ) -> ApiResult<job_interview::Model> {
        let event = Event::of(
            interview.id,
            &InterviewChanged {
                interview_id: interview.id,
                application_id: interview.application_id,
                job_id: interview.job_id,
                company_id: interview.company_id,
                candidate_id: interview.candidate_id,
                status: interview.status.clone(),
                starts_at: interview.starts_at,
                scheduled_now,
            },
        )?
        .with_actor(actor.map(|id| id.to_string()));
        self.outbox().enqueue(&txn, &event).await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(interview.clone())
    }
}

/// Cancels the interviews of `application_id` still proposed or scheduled ahead, in the
/// caller's transaction, when the application closes (withdrawn, rejected, hired): the people booked are
/// free again and both sides' calendars get the cancellation. The events to raise.
pub(crate) async fn cancel_open(
    conn: &impl ConnectionTrait,
    application_id: Uuid,
) -> ApiResult<Vec<Event>> {
    // Interviews already held stay as they were: only proposals and those still ahead go.
    let open = job_interview::Entity::find()
        .filter(job_interview::Column::ApplicationId.eq(application_id))
        .filter(
            sea_orm::Condition::any()
                .add(job_interview::Column::Status.eq(PROPOSED))
                .add(
                    sea_orm::Condition::all()
                        .add(job_interview::Column::Status.eq(SCHEDULED))
                        .add(job_interview::Column::StartsAt.gt(Utc::now())),
                ),
        )
        .all(conn)
        .await?;
    let mut events = Vec::with_capacity(open.len());
    for interview in open {
        job_interview::Entity::update_many()
            .col_expr(
                job_interview::Column::Status,
                sea_orm::sea_query::Expr::value(CANCELLED),
            )
            .col_expr(
                job_interview::Column::Sequence,
                sea_orm::sea_query::Expr::value(interview.sequence + 1),
            )
            .col_expr(
                job_interview::Column::UpdatedAt,
                sea_orm::sea_query::Expr::value(Utc::now()),
            )
            .filter(job_interview::Column::Id.eq(interview.id))
            .exec(conn)
            .await?;
        job_interview_participant::Entity::delete_many()
            .filter(job_interview_participant::Column::InterviewId.eq(interview.id))
            .exec(conn)
            .await?;
        events.push(Event::of(
            interview.id,
            &InterviewChanged {
                interview_id: interview.id,
                application_id: interview.application_id,
                job_id: interview.job_id,
                company_id: interview.company_id,
                candidate_id: interview.candidate_id,
                status: CANCELLED.to_owned(),
                starts_at: interview.starts_at,
                scheduled_now: false,
            },
        )?);
    }
    Ok(events)
}

fn conflict(interview: &job_interview::Model, why: &str) -> ApiError {
    ApiError::Conflict(format!("the interview is {}; {why}", interview.status))
}

/// Books the scheduled `interview` for its candidate and interviewers, refusing with
/// `CONFLICT` when one of them has another interview that overlaps it.
async fn book(txn: &DatabaseTransaction, interview: &job_interview::Model) -> ApiResult<()> {
    let Some(start) = interview.starts_at else {
        return Err(ApiError::defect("a scheduled interview without a start"));
    };
    let end = start + Duration::minutes(i64::from(interview.duration_minutes));
    let mut people: Vec<Uuid> = interviewers_of(interview);
    people.push(interview.candidate_id);
    people.sort();
    people.dedup();
    if txn.get_database_backend() == DbBackend::Postgres {
        // In a fixed order, so two schedules sharing people cannot deadlock.
        for person in &people {
            txn.execute_unprepared(&format!(
                "SELECT pg_advisory_xact_lock(hashtext('interview:{person}'))"
            ))
            .await?;
        }
    }
    let clash = job_interview_participant::Entity::find()
        .filter(job_interview_participant::Column::UserId.is_in(people.iter().copied()))
        .filter(job_interview_participant::Column::InterviewId.ne(interview.id))
        .filter(job_interview_participant::Column::StartsAt.lt(end))
        .filter(job_interview_participant::Column::EndsAt.gt(start))
        .one(txn)
        .await?;
    if let Some(clash) = clash {
        let who = if clash.user_id == interview.candidate_id {
            "the candidate".to_owned()
        } else {
            format!("interviewer {}", clash.user_id)
        };
        return Err(ApiError::Conflict(format!(
            "{who} already has an interview from {} to {}",
            clash.starts_at.to_rfc3339(),
            clash.ends_at.to_rfc3339()
        )));
    }
    for person in people {
        job_interview_participant::Entity::insert(job_interview_participant::ActiveModel {
            interview_id: Set(interview.id),
            user_id: Set(person),
            starts_at: Set(start),
            ends_at: Set(end),
        })
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}
