//! A candidate applies, or withdraws. Applying is refused unless the posting is published and
//! before its deadline; the answers are checked against the posting's screening questions;
//! a second open application to the same posting is `CONFLICT` (checked first, and held by the
//! unique index over open applications when two arrive at once). An application sends one saved
//! version of the candidate's profile, the latest by default.

use super::{ApplicationLanguage, Step, Transition, status_of};
use crate::service::screening::{self, AnswerSent};
use crate::service::{JobStatus, JobsService, analytics, posting_store};
use chrono::{DateTime, Utc};
use contracts::events::ApplicationSubmitted;
use contracts::{ApplicationActor, ApplicationSource, ApplicationStatus};
use entities::jobs::{job_application, job_candidate_facts, job_match_score, job_posting};
use kit::{ApiError, ApiResult, Event};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// A cover letter's length.
pub const MAX_COVER_LETTER: usize = 5_000;
/// A message to the company when withdrawing.
const MAX_MESSAGE: usize = 2_000;

/// What a candidate sends.
pub struct Submission {
    pub job_id: Uuid,
    pub cover_letter: Option<String>,
    pub language: ApplicationLanguage,
    pub answers: Vec<AnswerSent>,
    pub source: ApplicationSource,
    /// The match applied from, if any (checked against matching's copy when it is there).
    pub match_id: Option<Uuid>,
    /// The saved version of the profile to send; the latest one this subgraph has seen when
    /// `None`.
    pub profile_version: Option<i32>,
}

impl JobsService {
    /// `candidate` applies; the new application in `SUBMITTED`.
    pub async fn apply(
        &self,
        candidate: Uuid,
        submission: Submission,
    ) -> ApiResult<job_application::Model> {
        let cover_letter =
            kit::error::optional_text(submission.cover_letter, "coverLetter", MAX_COVER_LETTER)?;
        let posting = job_posting::Entity::find_by_id(submission.job_id)
            .one(self.db())
            .await?;
        let Some(posting) = self
            .visible(crate::service::Viewer::Anonymous, posting)
            .await?
        else {
            return Err(ApiError::NotFound("job posting"));
        };
        let now = Utc::now();
        check_open_for_applications(&posting, now)?;
        let questions = posting_store::data_of(&posting).screening_questions;
        let answers = screening::checked_answers(&questions, &submission.answers)?;
        let scored = job_match_score::Entity::find()
            .filter(job_match_score::Column::JobId.eq(posting.id))
            .filter(job_match_score::Column::CandidateId.eq(candidate))
            .one(self.db())
            .await?;
        if let (Some(sent), Some(known)) = (submission.match_id, &scored)
            && sent != known.match_id
        {
            return Err(ApiError::invalid(
                "matchId",
                "is not your match for this posting",
            ));
        }
        let profile_version = self
            .profile_version_to_send(candidate, submission.profile_version)
            .await?;
        if self
            .open_application(candidate, posting.id)
            .await?
            .is_some()
        {
            return Err(already_applied());
        }
        let application = job_application::ActiveModel {
            id: Set(kit::ids::new_node_id(kit::ids::NodeKind::Application)),
            job_id: Set(posting.id),
            company_id: Set(posting.company_id),
            candidate_id: Set(candidate),
            status: Set(ApplicationStatus::Submitted.as_str().to_owned()),
            source: Set(submission.source.as_str().to_owned()),
            match_id: Set(scored.as_ref().map(|scored| scored.match_id)),
            match_score: Set(scored.as_ref().map(|scored| scored.score)),
            cover_letter: Set(cover_letter),
            language: Set(submission.language.as_str().to_owned()),
            answers: Set(serde_json::to_value(&answers)?),
            rejection_reason: Set(None),
            rejection_message: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            first_response_at: Set(None),
            closed_at: Set(None),
            profile_version: Set(profile_version),
        };
        let txn = kit::db::begin_write(self.db()).await?;
        let application = match job_application::Entity::insert(application)
            .exec_with_returning(&txn)
            .await
        {
            Ok(application) => application,
            Err(err) if kit::db::is_unique_violation(&err) => return Err(already_applied()),
            Err(err) => return Err(err.into()),
        };
        Step {
            application_id: application.id,
            from: None,
            to: ApplicationStatus::Submitted,
            actor: ApplicationActor::Candidate,
            actor_id: Some(candidate),
            reason: None,
            message: None,
            note: None,
        }
        .record(&txn)
        .await?;
        analytics::Bump::new(application.job_id, application.company_id, now)
            .add("applications", 1)
            .add(
                analytics::source_counter("applications", submission.source),
                1,
            )
            .write(&txn)
            .await?;
        let event = Event::of(
            application.id,
            &ApplicationSubmitted {
                application_id: application.id,
                job_id: application.job_id,
                company_id: application.company_id,
                candidate_id: candidate,
                source: submission.source,
                match_id: submission.match_id.or(application.match_id),
                profile_version,
            },
        )?
        .with_actor(Some(candidate.to_string()));
        self.outbox().enqueue(&txn, &event).await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(application)
    }

    /// The candidate withdraws their open application, with an optional message to the
    /// company.
    pub async fn withdraw_application(
        &self,
        candidate: Uuid,
        id: Uuid,
        message: Option<String>,
    ) -> ApiResult<job_application::Model> {
        let message = kit::error::optional_text(message, "message", MAX_MESSAGE)?;
        let application = job_application::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .filter(|application| application.candidate_id == candidate)
            .ok_or(ApiError::NotFound("application"))?;
        let txn = kit::db::begin_write(self.db()).await?;
        let withdrawn = withdraw(
            &txn,
            &application,
            ApplicationActor::Candidate,
            message.as_deref(),
        )
        .await?
        .ok_or_else(|| {
            ApiError::Conflict(format!(
                "the application is {}; only an open application can be withdrawn",
                application.status
            ))
        })?;
        for event in &withdrawn.1 {
            self.outbox().enqueue(&txn, event).await?;
        }
        txn.commit().await?;
        self.outbox().wake();
        Ok(withdrawn.0)
    }

    /// The saved profile version an application sends: `chosen`, when it is one of the
    /// candidate's saved versions this subgraph has seen (`candidate.profile_updated` numbers
    /// them from 1, so every number up to the latest exists), else the latest seen. A version
    /// saved a moment ago may not have arrived yet: it is refused like an unknown one, and
    /// applying again shortly after succeeds.
    async fn profile_version_to_send(
        &self,
        candidate: Uuid,
        chosen: Option<i32>,
    ) -> ApiResult<Option<i32>> {
        let latest = job_candidate_facts::Entity::find_by_id(candidate)
            .one(self.db())
            .await?
            .and_then(|facts| facts.profile_version);
        match (chosen, latest) {
            (None, latest) => Ok(latest),
            (Some(chosen), Some(latest)) if (1..=latest).contains(&chosen) => Ok(Some(chosen)),
            (Some(_), Some(latest)) => Err(ApiError::invalid(
                "profileVersion",
                &format!("is not one of your saved profile versions (1 to {latest})"),
            )),
            (Some(_), None) => Err(ApiError::invalid(
                "profileVersion",
                "is not one of your saved profile versions (you have none yet)",
            )),
        }
    }

    /// `candidate`'s open application to `job_id`, if any.
    async fn open_application(
        &self,
        candidate: Uuid,
        job_id: Uuid,
    ) -> ApiResult<Option<job_application::Model>> {
        Ok(job_application::Entity::find()
            .filter(job_application::Column::CandidateId.eq(candidate))
            .filter(job_application::Column::JobId.eq(job_id))
            .filter(job_application::Column::ClosedAt.is_null())
            .one(self.db())
            .await?)
    }
}

/// Withdraws every open application of a deleted account, in the consumer's transaction; the
/// events to raise with it.
pub(crate) async fn withdraw_all_of(
    conn: &impl ConnectionTrait,
    candidate: Uuid,
) -> ApiResult<Vec<Event>> {
    let open = job_application::Entity::find()
        .filter(job_application::Column::CandidateId.eq(candidate))
        .filter(job_application::Column::ClosedAt.is_null())
        .all(conn)
        .await?;
    let mut events = Vec::with_capacity(open.len());
    for application in open {
        if let Some((_, raised)) =
            withdraw(conn, &application, ApplicationActor::System, None).await?
        {
            events.extend(raised);
        }
    }
    Ok(events)
}

/// Moves an open application to `WITHDRAWN` (`None` when it was no longer open); the
/// application as it is now and the events to enqueue.
async fn withdraw(
    conn: &impl ConnectionTrait,
    application: &job_application::Model,
    actor: ApplicationActor,
    message: Option<&str>,
) -> ApiResult<Option<(job_application::Model, Vec<Event>)>> {
    if !status_of(application).is_open() {
        return Ok(None);
    }
    let Some(events) = Transition {
        to: ApplicationStatus::Withdrawn,
        actor,
        actor_id: (actor == ApplicationActor::Candidate).then_some(application.candidate_id),
        reason: None,
        message,
        note: None,
    }
    .apply(conn, application)
    .await?
    else {
        return Ok(None);
    };
    let withdrawn = job_application::Entity::find_by_id(application.id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("application"))?;
    Ok(Some((withdrawn, events)))
}

/// `CONFLICT` unless `posting` takes applications at `now`.
fn check_open_for_applications(posting: &job_posting::Model, now: DateTime<Utc>) -> ApiResult<()> {
    if posting.status != JobStatus::Published.as_str() {
        return Err(ApiError::Conflict(format!(
            "the posting is {}; only a published posting takes applications",
            posting.status
        )));
    }
    if posting
        .application_deadline
        .is_some_and(|deadline| deadline <= now)
    {
        return Err(ApiError::Conflict(
            "the posting's application deadline has passed".into(),
        ));
    }
    Ok(())
}

fn already_applied() -> ApiError {
    ApiError::Conflict(
        "you already have an open application to this posting; withdraw it to apply again".into(),
    )
}
