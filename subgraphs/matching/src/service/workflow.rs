//! A match's workflow. The employer moves it along `generated → viewed → shortlisted →
//! contacted` (never back down that ladder), or rejects it (and may take a rejection back by
//! moving it on again); the candidate says whether they are interested. Each change records who
//! and when, stamps the first look of each side (`viewed_by_company_at`,
//! `viewed_by_candidate_at`), and raises `match.status_changed` through the outbox in the same
//! transaction. Recomputing a score never touches any of it.

use super::MatchingService;
use chrono::Utc;
use contracts::events::MatchStatusChanged;
use entities::matching::match_result;
use kit::{ApiError, ApiResult, Event};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, TransactionTrait};
use uuid::Uuid;

/// Where the employer has got with a match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchStatus {
    Generated,
    Viewed,
    Shortlisted,
    Contacted,
    Rejected,
}

impl MatchStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Generated => "generated",
            Self::Viewed => "viewed",
            Self::Shortlisted => "shortlisted",
            Self::Contacted => "contacted",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Generated,
            Self::Viewed,
            Self::Shortlisted,
            Self::Contacted,
            Self::Rejected,
        ]
        .into_iter()
        .find(|status| status.as_str() == value)
    }

    /// The step on the ladder; rejected is off it.
    fn step(self) -> Option<u8> {
        match self {
            Self::Generated => Some(0),
            Self::Viewed => Some(1),
            Self::Shortlisted => Some(2),
            Self::Contacted => Some(3),
            Self::Rejected => None,
        }
    }

    /// Why the employer may not move a match from `self` to `to`, if they may not.
    pub fn refuses(self, to: MatchStatus) -> Option<String> {
        if to == Self::Generated && self != Self::Generated {
            return Some("a match cannot go back to generated".into());
        }
        match (self.step(), to.step()) {
            (Some(from), Some(next)) if next < from => Some(format!(
                "a {} match cannot go back to {}",
                self.as_str(),
                to.as_str()
            )),
            _ => None,
        }
    }
}

fn status_event(row: &match_result::Model, actor: Uuid) -> ApiResult<Event> {
    let changed = MatchStatusChanged {
        match_id: row.id,
        job_id: row.job_id,
        candidate_id: row.candidate_id,
        status: row.status.clone(),
        candidate_interest: row.candidate_interest.clone(),
        changed_by: actor,
    };
    Ok(Event::of(row.id, &changed)?)
}

impl MatchingService {
    pub async fn find_match(&self, id: Uuid) -> ApiResult<Option<match_result::Model>> {
        Ok(match_result::Entity::find_by_id(id).one(self.db()).await?)
    }

    async fn change_match(
        &self,
        id: Uuid,
        actor: Uuid,
        change: impl FnOnce(&match_result::Model, &mut match_result::ActiveModel) -> ApiResult<()>,
    ) -> ApiResult<match_result::Model> {
        let txn = self.db().begin().await?;
        let row = match_result::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("match"))?;
        let mut active: match_result::ActiveModel = row.clone().into();
        change(&row, &mut active)?;
        let now = Utc::now();
        active.status_changed_by = Set(Some(actor));
        active.status_changed_at = Set(Some(now));
        let stored = active.update(&txn).await?;
        self.outbox()
            .enqueue(&txn, &status_event(&stored, actor)?)
            .await?;
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
            Ok(())
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
                "interested"
            } else {
                "not_interested"
            };
            active.candidate_interest = Set(Some(interest.to_owned()));
            if row.viewed_by_candidate_at.is_none() {
                active.viewed_by_candidate_at = Set(Some(Utc::now()));
            }
            Ok(())
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
