//! `Match`, the `JobPosting.matches` extension, and `User` as a key-only reference.
//!
//! Matches name candidates, so reading them needs `matches:read` and membership of the
//! posting's company, or `jobs:manage` (see `service::access`); another company's members get
//! `FORBIDDEN`.

use super::loaders::MatchesByJobLoader;
use crate::service;
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use contracts::Permission;
use entities::matching::match_result;
use kit::ApiError;
use kit::auth::RequirePermission;
use uuid::Uuid;

/// A page of matches: the loader fetches no more per posting.
const MAX_MATCHES: i32 = super::loaders::MAX_MATCHES_PER_JOB as i32;

/// A user, resolved by the users subgraph.
#[derive(SimpleObject)]
#[graphql(unresolvable)]
pub struct User {
    pub id: ID,
}

/// A job posting; the jobs subgraph owns its other fields.
pub struct JobPosting {
    pub id: Uuid,
}

#[Object]
impl JobPosting {
    async fn id(&self) -> ID {
        ID(self.id.to_string())
    }

    /// The best-scored candidates for this posting, best first (`first` ≤ 100). Nullable so
    /// that the posting still resolves when matching is unavailable. Needs `matches:read` and
    /// membership of the posting's company (or `jobs:manage`).
    #[graphql(guard = "RequirePermission::new(Permission::MatchesRead)")]
    async fn matches(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 10)] first: i32,
    ) -> Result<Option<Vec<Match>>> {
        if !(0..=MAX_MATCHES).contains(&first) {
            return Err(ApiError::invalid("first", "must be between 0 and 100").into());
        }
        if !super::readers::may_read_matches_of(ctx, self.id).await? {
            return Err(ApiError::Forbidden.into());
        }
        let loader = ctx.data::<DataLoader<MatchesByJobLoader>>()?;
        let matches = loader.load_one(self.id).await?.unwrap_or_default();
        Ok(Some(
            matches
                .into_iter()
                .take(first as usize)
                .map(Match)
                .collect(),
        ))
    }
}

pub struct Match(pub match_result::Model);

/// The employer's workflow of a match.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum MatchStatus {
    Generated,
    Viewed,
    Shortlisted,
    Contacted,
    Rejected,
}

impl From<service::MatchStatus> for MatchStatus {
    fn from(status: service::MatchStatus) -> Self {
        match status {
            service::MatchStatus::Generated => Self::Generated,
            service::MatchStatus::Viewed => Self::Viewed,
            service::MatchStatus::Shortlisted => Self::Shortlisted,
            service::MatchStatus::Contacted => Self::Contacted,
            service::MatchStatus::Rejected => Self::Rejected,
        }
    }
}

impl From<MatchStatus> for service::MatchStatus {
    fn from(status: MatchStatus) -> Self {
        match status {
            MatchStatus::Generated => Self::Generated,
            MatchStatus::Viewed => Self::Viewed,
            MatchStatus::Shortlisted => Self::Shortlisted,
            MatchStatus::Contacted => Self::Contacted,
            MatchStatus::Rejected => Self::Rejected,
        }
    }
}

/// The candidate's answer to a match.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum CandidateInterest {
    Interested,
    NotInterested,
}

#[Object]
impl Match {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Overall score in [0, 1].
    async fn score(&self) -> f64 {
        self.0.score
    }

    /// Share of the posting's required skills the candidate has.
    async fn skill_score(&self) -> f64 {
        self.0.skill_score
    }

    /// The required skills the candidate has: the explanation of the skill score.
    async fn matched_skills(&self) -> Vec<String> {
        serde_json::from_value(self.0.matched_skills.clone()).unwrap_or_default()
    }

    async fn score_version(&self) -> i32 {
        self.0.score_version
    }

    /// Where the posting's company has got with this candidate; only the company (and
    /// administrators) see it, the candidate reads null.
    async fn status(&self, ctx: &Context<'_>) -> Result<Option<MatchStatus>> {
        if !super::readers::may_read_matches_of(ctx, self.0.job_id).await? {
            return Ok(None);
        }
        Ok(Some(
            service::MatchStatus::parse(&self.0.status)
                .unwrap_or(service::MatchStatus::Generated)
                .into(),
        ))
    }

    /// The candidate's answer, once given.
    async fn candidate_interest(&self) -> Option<CandidateInterest> {
        match self.0.candidate_interest.as_deref() {
            Some("interested") => Some(CandidateInterest::Interested),
            Some("not_interested") => Some(CandidateInterest::NotInterested),
            _ => None,
        }
    }

    /// When someone of the posting's company first acted on this match.
    async fn viewed_by_company_at(&self) -> Option<DateTime<Utc>> {
        self.0.viewed_by_company_at
    }

    /// When the candidate first answered this match.
    async fn viewed_by_candidate_at(&self) -> Option<DateTime<Utc>> {
        self.0.viewed_by_candidate_at
    }

    /// When the status or the candidate's interest last changed.
    async fn status_changed_at(&self) -> Option<DateTime<Utc>> {
        self.0.status_changed_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    async fn candidate(&self) -> User {
        User {
            id: ID(self.0.candidate_id.to_string()),
        }
    }

    async fn job(&self) -> JobPosting {
        JobPosting { id: self.0.job_id }
    }
}
