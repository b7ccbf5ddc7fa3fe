//! Offers: a company's employer or HR manager makes one on an application in `INTERVIEW`; before
//! it is sent, `check` decides whether this candidate may lawfully take it (refused with the
//! findings in both languages when not) and which visa steps it needs. The candidate accepts
//! (the application is `HIRED`, the hire counts toward the posting's headcount, and the posting
//! closes when it is filled) or declines (the company may make another offer, or reject).
//! Every step is one transaction with its history row and its events (`offer.made`,
//! `offer.answered`, `application.status_changed`, and `job.closed` when a posting fills).

mod check;

pub use check::{CandidateFacts, OfferTerms, VisaStep, check_offer};

use super::applications::{Transition, status_of};
use super::lifecycle::status_payload;
use super::{Editor, JobStatus, JobsService, audit, posting_store, search};
use chrono::{NaiveDate, Utc};
use contracts::events::{OfferAnswered, OfferMade};
use contracts::{ApplicationActor, ApplicationStatus, ErrorCode};
use entities::jobs::{job_application, job_candidate_facts, job_offer, job_posting};
use kit::{ApiError, ApiResult, Event};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

const MAX_MESSAGE: usize = 2_000;

/// An offer's status.
pub const PENDING: &str = "pending";
pub const ACCEPTED: &str = "accepted";
pub const DECLINED: &str = "declined";

/// An offer as the company makes it.
pub struct OfferRequest {
    pub terms: OfferTerms,
    pub start_date: NaiveDate,
    pub message: Option<String>,
}

impl JobsService {
    /// The company makes an offer on `application_id`.
    pub async fn make_offer(
        &self,
        editor: Editor,
        application_id: Uuid,
        mut request: OfferRequest,
    ) -> ApiResult<job_offer::Model> {
        request.message = kit::error::optional_text(request.message, "message", MAX_MESSAGE)?;
        if request.terms.salary <= 0 {
            return Err(ApiError::invalid("salary", "must be more than 0"));
        }
        if request.start_date < Utc::now().date_naive() {
            return Err(ApiError::invalid("startDate", "must not be in the past"));
        }
        request.terms.status_of_residence =
            compliance::normalize_visa_status(&request.terms.status_of_residence)
                .map_err(|problem| ApiError::invalid("statusOfResidence", problem))?;
        let application = self.company_application(editor, application_id).await?;
        self.require_writer(editor, application.company_id).await?;
        let from = status_of(&application);
        let pending = job_offer::Entity::find()
            .filter(job_offer::Column::ApplicationId.eq(application.id))
            .filter(job_offer::Column::Status.eq(PENDING))
            .count(self.db())
            .await?;
        if !(from == ApplicationStatus::Interview
            || (from == ApplicationStatus::Offer && pending == 0))
        {
            return Err(ApiError::Conflict(format!(
                "the application is {}{}; an offer is made after the interview",
                from.as_str(),
                if pending > 0 {
                    " with an offer pending"
                } else {
                    ""
                }
            )));
        }
        let posting = job_posting::Entity::find_by_id(application.job_id)
            .one(self.db())
            .await?
            .ok_or(ApiError::NotFound("job posting"))?;
        let facts = job_candidate_facts::Entity::find_by_id(application.candidate_id)
            .one(self.db())
            .await?
            .map(|facts| CandidateFacts {
                visa_status: facts.visa_status,
                work_authorization: facts.work_authorization,
            })
            .unwrap_or_default();
        let check = check_offer(&posting_store::data_of(&posting), &request.terms, &facts);
        if !check.lawful() {
            let errors = check.findings.iter().filter(|f| f.is_error()).count();
            return Err(ApiError::WithFindings {
                code: ErrorCode::ComplianceFailed,
                message: format!(
                    "this candidate cannot lawfully take the offer: {errors} rule(s) broken; see \
                     extensions.findings"
                ),
                findings: serde_json::to_value(&check.findings)?,
            });
        }
        let now = Utc::now();
        let txn = kit::db::begin_write(self.db()).await?;
        let offer = job_offer::Entity::insert(job_offer::ActiveModel {
            id: Set(kit::ids::new_id()),
            application_id: Set(application.id),
            job_id: Set(application.job_id),
            company_id: Set(application.company_id),
            candidate_id: Set(application.candidate_id),
            status: Set(PENDING.to_owned()),
            salary: Set(request.terms.salary),
            salary_period: Set(request.terms.salary_period.as_str().to_owned()),
            currency: Set(request.terms.currency.as_str().to_owned()),
            employment_type: Set(request.terms.employment_type.as_str().to_owned()),
            weekly_hours: Set(request.terms.weekly_hours),
            start_date: Set(request.start_date),
            status_of_residence: Set(request.terms.status_of_residence.clone()),
            visa_steps: Set(serde_json::to_value(&check.steps)?),
            findings: Set(serde_json::to_value(&check.findings)?),
            message: Set(request.message.clone()),
            response_message: Set(None),
            made_by: Set(editor.user_id),
            created_at: Set(now),
            answered_at: Set(None),
        })
        .exec_with_returning(&txn)
        .await
        .map_err(|err| {
            if kit::db::is_unique_violation(&err) {
                ApiError::Conflict("the application has an offer pending".into())
            } else {
                err.into()
            }
        })?;
        if from == ApplicationStatus::Interview {
            let events = move_application(
                &txn,
                &application,
                ApplicationStatus::Offer,
                ApplicationActor::Company,
                Some(editor.user_id),
                request.message.as_deref(),
            )
            .await?;
            for event in &events {
                self.outbox().enqueue(&txn, event).await?;
            }
        }
        let made = Event::of(
            offer.id,
            &OfferMade {
                offer_id: offer.id,
                application_id: application.id,
                job_id: application.job_id,
                company_id: application.company_id,
                candidate_id: application.candidate_id,
                status_of_residence: offer.status_of_residence.clone(),
            },
        )?
        .with_actor(Some(editor.user_id.to_string()));
        self.outbox().enqueue(&txn, &made).await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(offer)
    }

    /// The candidate accepts or declines their pending offer `offer_id`.
    pub async fn answer_offer(
        &self,
        candidate: Uuid,
        offer_id: Uuid,
        accept: bool,
        message: Option<String>,
    ) -> ApiResult<job_offer::Model> {
        let message = kit::error::optional_text(message, "message", MAX_MESSAGE)?;
        let offer = job_offer::Entity::find_by_id(offer_id)
            .one(self.db())
            .await?
            .filter(|offer| offer.candidate_id == candidate)
            .ok_or(ApiError::NotFound("offer"))?;
        let application = job_application::Entity::find_by_id(offer.application_id)
            .one(self.db())
            .await?
            .ok_or(ApiError::NotFound("application"))?;
        let now = Utc::now();
        let txn = kit::db::begin_write(self.db()).await?;
        let answered = job_offer::Entity::update_many()
            .col_expr(
                job_offer::Column::Status,
                Expr::value(if accept { ACCEPTED } else { DECLINED }),
            )
            .col_expr(job_offer::Column::AnsweredAt, Expr::value(now))
            .col_expr(
                job_offer::Column::ResponseMessage,
                Expr::value(message.clone()),
            )
            .filter(job_offer::Column::Id.eq(offer.id))
            .filter(job_offer::Column::Status.eq(PENDING))
            .exec(&txn)
            .await?
            .rows_affected;
        if answered == 0 || status_of(&application) != ApplicationStatus::Offer {
            return Err(ApiError::Conflict(format!(
                "the offer is {}; only a pending offer of an open application can be answered",
                offer.status
            )));
        }
        let mut filled = None;
        if accept {
            let events = move_application(
                &txn,
                &application,
                ApplicationStatus::Hired,
                ApplicationActor::Candidate,
                Some(candidate),
                message.as_deref(),
            )
            .await?;
            for event in &events {
                self.outbox().enqueue(&txn, event).await?;
            }
            filled = close_when_filled(&txn, application.job_id).await?;
        }
        let event = Event::of(
            offer.id,
            &OfferAnswered {
                offer_id: offer.id,
                application_id: offer.application_id,
                job_id: offer.job_id,
                company_id: offer.company_id,
                candidate_id: candidate,
                accepted: accept,
            },
        )?
        .with_actor(Some(candidate.to_string()));
        self.outbox().enqueue(&txn, &event).await?;
        if let Some(closed) = &filled {
            self.outbox().enqueue(&txn, closed).await?;
        }
        let offer = job_offer::Entity::find_by_id(offer.id)
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("offer"))?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(offer)
    }

    /// The offers made on `application_id`, oldest first.
    pub async fn offers_of(&self, application_id: Uuid) -> ApiResult<Vec<job_offer::Model>> {
        Ok(job_offer::Entity::find()
            .filter(job_offer::Column::ApplicationId.eq(application_id))
            .order_by_asc(job_offer::Column::Id)
            .all(self.db())
            .await?)
    }

    /// How many hires the posting `job_id` has made.
    pub async fn hired_count(&self, job_id: Uuid) -> ApiResult<u64> {
        hired(self.db(), job_id).await
    }
}

async fn hired(conn: &impl ConnectionTrait, job_id: Uuid) -> ApiResult<u64> {
    Ok(job_application::Entity::find()
        .filter(job_application::Column::JobId.eq(job_id))
        .filter(job_application::Column::Status.eq(ApplicationStatus::Hired.as_str()))
        .count(conn)
        .await?)
}

/// Moves `application` to `to` on the offer's account (`CONFLICT` when it moved meanwhile);
/// the events to enqueue.
async fn move_application(
    txn: &DatabaseTransaction,
    application: &job_application::Model,
    to: ApplicationStatus,
    actor: ApplicationActor,
    actor_id: Option<Uuid>,
    message: Option<&str>,
) -> ApiResult<Vec<Event>> {
    Transition {
        to,
        actor,
        actor_id,
        reason: None,
        message,
        note: None,
    }
    .apply(txn, application)
    .await?
    .ok_or_else(|| {
        ApiError::Conflict("the application moved meanwhile; read it again and retry".into())
    })
}

/// Closes the published posting `job_id` when its hires reach its headcount; the `job.closed`
/// event to enqueue.
async fn close_when_filled(txn: &DatabaseTransaction, job_id: Uuid) -> ApiResult<Option<Event>> {
    let Some(posting) = job_posting::Entity::find_by_id(job_id).one(txn).await? else {
        return Ok(None);
    };
    if posting.status != JobStatus::Published.as_str()
        || hired(txn, job_id).await? < posting.headcount.max(1) as u64
    {
        return Ok(None);
    }
    let now = Utc::now();
    job_posting::Entity::update_many()
        .col_expr(
            job_posting::Column::Status,
            Expr::value(JobStatus::Closed.as_str()),
        )
        .col_expr(job_posting::Column::ClosedAt, Expr::value(now))
        .col_expr(job_posting::Column::UpdatedAt, Expr::value(now))
        .filter(job_posting::Column::Id.eq(job_id))
        .filter(job_posting::Column::Status.eq(JobStatus::Published.as_str()))
        .exec(txn)
        .await?;
    let posting = job_posting::Entity::find_by_id(job_id)
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound("job posting"))?;
    search::index::sync(txn, &posting).await?;
    audit::record(
        txn,
        None,
        "job_posting_closed",
        &posting,
        serde_json::json!({"from": "published", "reason": "headcount filled"}),
    )
    .await?;
    // No actor: the last hire filled it, not a person closing it.
    Ok(Some(Event::of(posting.id, &status_payload(&posting)?)?))
}
