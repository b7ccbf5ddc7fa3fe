//! A match's workflow. The employer moves it along `generated → viewed → shortlisted →
//! contacted` (never back down that ladder), or rejects it (and may take a rejection back by
//! moving it on again); the candidate says whether they are interested. Each change records who
//! and when, stamps the first look of each side (`viewed_by_company_at`,
//! `viewed_by_candidate_at`) and the company's first contact (`contacted_at`), and raises
//! `match.status_changed` through the outbox in the same transaction, saying whether the
//! candidate is told (their own answer, the first contact; never the company's other steps).
//! Recomputing a score never touches any of it. Applying to the posting (the jobs subgraph's
//! `application.submitted`) is the candidate's "interested": the match is marked so in the
//! same step, whether the candidate applied from the match or found the posting in search; and
//! withdrawing the application is their "not interested" in it.

use super::MatchingService;
use chrono::Utc;
use contracts::CandidateInterest;
use contracts::events::MatchStatusChanged;
use entities::matching::{job_copy, match_result};
use kit::{ApiError, ApiResult, Event};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, TransactionTrait};
use uuid::Uuid;

/// Where the employer has got with a match (typed once, in `contracts`, with its ladder).
pub use contracts::MatchStatus;

fn status_event(
    row: &match_result::Model,
    actor: Uuid,
    company_id: Option<Uuid>,
    seen_by_candidate: bool,
) -> ApiResult<Event> {
    let changed = MatchStatusChanged {
        match_id: row.id,
        job_id: row.job_id,
        candidate_id: row.candidate_id,
        status: MatchStatus::parse(&row.status).unwrap_or(MatchStatus::Generated),
        candidate_interest: row
            .candidate_interest
            .as_deref()
            .and_then(CandidateInterest::parse),
        changed_by: actor,
        company_id,
        seen_by_candidate,
    };
    Ok(Event::of(row.id, &changed)?)
}

/// Records the candidate's `interest` in their match for the posting they applied to (or
/// withdrew from), in the consumer's transaction; the `match.status_changed` to raise (none when
/// there is no match or the answer is already that).
pub(super) async fn application_answer(
    txn: &sea_orm::DatabaseTransaction,
    job_id: Uuid,
    candidate_id: Uuid,
    company_id: Uuid,
    interest: CandidateInterest,
) -> ApiResult<Vec<Event>> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let Some(row) = match_result::Entity::find()
        .filter(match_result::Column::JobId.eq(job_id))
        .filter(match_result::Column::CandidateId.eq(candidate_id))
        .one(txn)
        .await?
    else {
        return Ok(Vec::new());
    };
    let answer = interest.as_str();
    if row.candidate_interest.as_deref() == Some(answer) {
        return Ok(Vec::new());
    }
    let mut active: match_result::ActiveModel = row.clone().into();
    let now = Utc::now();
    active.candidate_interest = Set(Some(answer.to_owned()));
    if row.viewed_by_candidate_at.is_none() {
        active.viewed_by_candidate_at = Set(Some(now));
    }
    active.status_changed_by = Set(Some(candidate_id));
    active.status_changed_at = Set(Some(now));
    let stored = active.update(txn).await?;
    Ok(vec![status_event(
        &stored,
        candidate_id,
        Some(company_id),
        true,
    )?])
}

impl MatchingService {
    pub async fn find_match(&self, id: Uuid) -> ApiResult<Option<match_result::Model>> {
        Ok(match_result::Entity::find_by_id(id).one(self.db()).await?)
    }

    /// Applies `change` to match `id`; `change` says whether the candidate is told of it.
    async fn change_match(
        &self,
        id: Uuid,
        actor: Uuid,
        change: impl FnOnce(&match_result::Model, &mut match_result::ActiveModel) -> ApiResult<bool>,
    ) -> ApiResult<match_result::Model> {
        let txn = self.db().begin().await?;
        let row = match_result::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("match"))?;
        let company_id = job_copy::Entity::find_by_id(row.job_id)
            .one(&txn)
            .await?
            .and_then(|job| job.company_id);
        let mut active: match_result::ActiveModel = row.clone().into();
        let seen_by_candidate = change(&row, &mut active)?;
        let now = Utc::now();
        active.status_changed_by = Set(Some(actor));
        active.status_changed_at = Set(Some(now));
        let stored = active.update(&txn).await?;
        let event = status_event(&stored, actor, company_id, seen_by_candidate)?;
        self.outbox().enqueue(&txn, &event).await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(stored)
    }

    /// The employer's move of match `id` to `status` (the caller's right to the posting's
    /// matches is checked by the schema first).
    pub async fn set_match_status(
        &self,
        actor: Uuid,
        id: Uuid,
        status: MatchStatus,
    ) -> ApiResult<match_result::Model> {
        self.change_match(id, actor, |row, active| {
            let from = MatchStatus::parse(&row.status).unwrap_or(MatchStatus::Generated);
            if let Some(reason) = from.refuses(status) {
                return Err(ApiError::Conflict(reason));
            }
            active.status = Set(status.as_str().to_owned());
            if row.viewed_by_company_at.is_none() {
                active.viewed_by_company_at = Set(Some(Utc::now()));
            }
            // The first contact is the one step the candidate is told about.
            let first_contact = status == MatchStatus::Contacted && row.contacted_at.is_none();
            if first_contact {
                active.contacted_at = Set(Some(Utc::now()));
            }
            Ok(first_contact)
        })
        .await
    }

    /// The candidate's answer to their match `id`; another candidate's match is not found.
    pub async fn respond_to_match(
        &self,
        candidate: Uuid,
        id: Uuid,
        interested: bool,
    ) -> ApiResult<match_result::Model> {
        self.change_match(id, candidate, |row, active| {
            if row.candidate_id != candidate {
                return Err(ApiError::NotFound("match"));
            }
            let interest = if interested {
                CandidateInterest::Interested
            } else {
                CandidateInterest::NotInterested
            };
            active.candidate_interest = Set(Some(interest.as_str().to_owned()));
            if row.viewed_by_candidate_at.is_none() {
                active.viewed_by_candidate_at = Set(Some(Utc::now()));
            }
            Ok(true)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::MatchStatus::*;

    #[test]
    fn the_ladder_only_goes_up_and_rejection_is_always_possible() {
        assert_eq!(Generated.refuses(Shortlisted), None);
        assert_eq!(Viewed.refuses(Contacted), None);
        assert_eq!(Shortlisted.refuses(Rejected), None);
        assert_eq!(Rejected.refuses(Shortlisted), None);
        assert_eq!(Contacted.refuses(Contacted), None);
        assert_eq!(
            Shortlisted.refuses(Viewed).as_deref(),
            Some("a shortlisted match cannot go back to viewed")
        );
        assert!(Viewed.refuses(Generated).is_some());
        assert!(Rejected.refuses(Generated).is_some());
    }
}
