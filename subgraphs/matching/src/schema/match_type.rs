//! `Match`, the `JobPosting.matches` extension, and `User` as a key-only reference.
//!
//! Matches name candidates, so reading them needs `matches:read` and membership of the
//! posting's company, or `jobs:manage` (see `service::access`); to other signed-in callers a
//! posting's matches read null (`kit::auth::hidden`), so a page of postings keeps the rest. A company's lists leave out candidates who chose to be hidden and did not answer
//! "interested" (`service::disclosure`). The candidate reads their own matches, without the
//! company's workflow (status, when it looked, when it last moved) except its first contact.

use super::explanation::{MatchComponents, MatchReason, MatchRisk};
use super::loaders::MatchesByJobLoader;
use crate::service;
use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use contracts::Permission;
use entities::matching::match_result;
use kit::ApiError;
use kit::auth::{Caller, CallerOf};
use kit::pages::PageArgs;
use uuid::Uuid;

/// A page of matches: the loader fetches no more per posting.
const MAX_MATCHES: usize = super::loaders::MAX_MATCHES_PER_JOB as usize;

/// A user, resolved by the users subgraph.
#[derive(SimpleObject)]
#[graphql(unresolvable)]
pub struct User {
    /// The user's id.
    pub id: ID,
}

/// A job posting; the jobs subgraph owns its other fields.
pub struct JobPosting {
    pub id: Uuid,
}

/// A job posting; the jobs subgraph owns its other fields, matching adds its matches.
#[Object]
impl JobPosting {
    /// The posting's id.
    async fn id(&self) -> ID {
        ID(self.id.to_string())
    }

    /// A page of this posting's matches with their total: at least `minScore`, in any of
    /// `statuses`, by `sort` (`SCORE` when not given); `first` or `last` ≤ 100, page with
    /// `after`, or back with `last` and `before` (at most 10,000 deep). Null to those who may not read `matches`.
    async fn match_connection(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "How many matches to return, 0 to 100; default 20. Page on with `after`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the last match already shown: the page starts after it (at \
                    most 10,000 matches deep). Omit for the first page."
        )]
        after: Option<String>,
        #[graphql(
            desc = "How many matches to return from the end of the list (or before `before`), 0 \
                    to 100; page back with `before`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the first match already shown: the page ends before it."
        )]
        before: Option<String>,
        #[graphql(
            desc = "Keep only matches scoring at least this, 0 to 1; by default no lower bound."
        )]
        min_score: Option<f64>,
        #[graphql(
            desc = "Keep only matches in one of these statuses, at most 5; all statuses when \
                    omitted or empty."
        )]
        statuses: Option<Vec<MatchStatus>>,
        #[graphql(
            desc = "The order of the matches: `SCORE` (best first, the default) or `RECENT` \
                    (most recently scored first)."
        )]
        sort: Option<MatchSort>,
    ) -> Result<Option<MatchConnection>> {
        let window = kit::pages::offset_window(
            PageArgs {
                first,
                after,
                last,
                before,
            },
            kit::pages::DEFAULT_PAGE,
            MAX_MATCHES,
        )?;
        if min_score.is_some_and(|min| !(0.0..=1.0).contains(&min)) {
            return Err(ApiError::invalid("minScore", "must be between 0 and 1").into());
        }
        let statuses = statuses.unwrap_or_default();
        if statuses.len() > 5 {
            return Err(ApiError::invalid("statuses", "has at most 5 entries").into());
        }
        if !may_read_matches(ctx, self.id).await? {
            return Ok(kit::auth::hidden(ctx)?);
        }
        let filter = service::MatchFilter {
            min_score,
            statuses,
        };
        let order = match sort.unwrap_or_default() {
            MatchSort::Score => service::MatchOrder::Score,
            MatchSort::Recent => service::MatchOrder::Recent,
        };
        let page = ctx
            .data::<service::MatchingService>()?
            .match_page(self.id, &filter, order, &window)
            .await?;
        let (has_previous, has_next) = page.range.page_info(page.matches.len(), page.total);
        let mut connection = Connection::with_additional_fields(
            has_previous,
            has_next,
            MatchTotals {
                total_count: page.total,
            },
        );
        for (index, found) in page.matches.into_iter().enumerate() {
            connection
                .edges
                .push(Edge::new(page.range.cursor(index), Match(found)));
        }
        Ok(Some(connection))
    }

    /// The best-scored candidates for this posting, best first (`first` ≤ 100). Nullable so
    /// that the posting still resolves when matching is unavailable. For holders of
    /// `matches:read` who are members of the posting's company, and `jobs:manage` holders;
    /// null to other signed-in callers, so a list of postings keeps the rest.
    async fn matches(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            default = 10,
            desc = "How many matches to return, 0 to 100; default 10."
        )]
        first: i32,
    ) -> Result<Option<Vec<Match>>> {
        let first = kit::pages::page_size(Some(first), MAX_MATCHES, MAX_MATCHES)?;
        if !may_read_matches(ctx, self.id).await? {
            return Ok(kit::auth::hidden(ctx)?);
        }
        let loader = ctx.data::<DataLoader<MatchesByJobLoader>>()?;
        let matches = loader.load_one(self.id).await?.unwrap_or_default();
        Ok(Some(matches.into_iter().take(first).map(Match).collect()))
    }
}

/// Whether the caller holds `matches:read` and may read the matches of `job_id`;
/// `UNAUTHENTICATED` when nobody is signed in.
async fn may_read_matches(ctx: &Context<'_>, job_id: Uuid) -> Result<bool> {
    let caller = Caller::of(ctx).require_user().map_err(ApiError::from)?;
    Ok(caller.has_permission(Permission::MatchesRead)
        && super::readers::may_read_matches_of(ctx, job_id).await?)
}

/// A match of a candidate with a posting (its GraphQL description is on `impl Match`).
pub struct Match(pub match_result::Model);

impl Match {
    /// `value` for the posting's company (and administrators); null for anyone else, the
    /// candidate included: the company's workflow is its own.
    async fn company_only<T>(&self, ctx: &Context<'_>, value: Option<T>) -> Result<Option<T>> {
        Ok(
            if super::readers::may_read_matches_of(ctx, self.0.job_id).await? {
                value
            } else {
                None
            },
        )
    }
}

/// The order of `matchConnection`.
#[derive(Enum, Clone, Copy, Default, PartialEq, Eq)]
pub enum MatchSort {
    /// Best score first.
    #[default]
    Score,
    /// Most recently scored or rescored first (a status change or an answer does not count).
    Recent,
}

/// What a page of a posting's matches adds to its connection.
#[derive(SimpleObject)]
pub struct MatchTotals {
    /// Every match the filter keeps, not only this page.
    pub total_count: u64,
}

pub type MatchConnection = Connection<String, Match, MatchTotals, EmptyFields>;

pub use contracts::{CandidateInterest, MatchStatus};

/// How well a candidate suits a job posting: matching's score, its explanation, and where the
/// company and the candidate have got with it. Read by the candidate, by members of the
/// posting's company holding `matches:read`, and by administrators.
#[Object]
impl Match {
    /// The match's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Overall score in [0, 1].
    async fn score(&self) -> f64 {
        self.0.score
    }

    /// The skills component (`components.skills`), kept for existing clients.
    async fn skill_score(&self) -> f64 {
        self.0.skill_score
    }

    /// The posting's required skills the candidate has, exactly or by another spelling
    /// (near-matches are in `reasons`).
    async fn matched_skills(&self) -> Vec<String> {
        serde_json::from_value(self.0.matched_skills.clone()).unwrap_or_default()
    }

    /// Every component of the score, each in [0, 1]; `score` is their weighted sum under
    /// `scoreVersion`'s weights.
    async fn components(&self) -> MatchComponents {
        MatchComponents::of(&self.0)
    }

    /// How complete the inputs were, in [0, 1]: the weighted share of components computed
    /// from stated facts rather than defaults (a missing salary expectation scores 0.5 and
    /// lowers this instead).
    async fn confidence(&self) -> f64 {
        self.0.confidence
    }

    /// The top strengths and gaps (at most three each), strongest first. Those that reveal a
    /// private profile field only for those who may read it (see `visaEligible`).
    async fn reasons(&self, ctx: &Context<'_>) -> Result<Vec<MatchReason>> {
        super::explanation::reasons(ctx, &self.0).await
    }

    /// What could stand in the way: a visa change, a salary expectation above the range, a
    /// move. Those that reveal a private profile field only for those who may read it.
    async fn risk_factors(&self, ctx: &Context<'_>) -> Result<Vec<MatchRisk>> {
        super::explanation::risks(ctx, &self.0).await
    }

    /// Whether the candidate's status of residence allows the posting's job, as yes or no
    /// (the status itself stays private): null when the candidate did not say or the posting
    /// names no job category.
    async fn visa_eligible(&self) -> Option<bool> {
        super::explanation::visa_eligible(&self.0)
    }

    /// The weights' version the score was computed with.
    async fn score_version(&self) -> i32 {
        self.0.score_version
    }

    /// The embedding model of the semantic components.
    async fn model_id(&self) -> Option<&str> {
        self.0.model_id.as_deref()
    }

    /// Where the posting's company has got with this candidate; only the company (and
    /// administrators) see it, the candidate reads null.
    async fn status(&self, ctx: &Context<'_>) -> Result<Option<MatchStatus>> {
        if !super::readers::may_read_matches_of(ctx, self.0.job_id).await? {
            return Ok(None);
        }
        Ok(Some(
            MatchStatus::parse(&self.0.status).unwrap_or(MatchStatus::Generated),
        ))
    }

    /// The candidate's answer, once given.
    async fn candidate_interest(&self) -> Option<CandidateInterest> {
        self.0
            .candidate_interest
            .as_deref()
            .and_then(CandidateInterest::parse)
    }

    /// When someone of the posting's company first acted on this match. The company's own:
    /// the candidate reads null.
    async fn viewed_by_company_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime<Utc>>> {
        self.company_only(ctx, self.0.viewed_by_company_at).await
    }

    /// When the company first contacted the candidate about this match (it stays when the
    /// company moves on): the one step of the company's the candidate is told.
    async fn contacted_at(&self) -> Option<DateTime<Utc>> {
        self.0.contacted_at
    }

    /// When the candidate first answered this match.
    async fn viewed_by_candidate_at(&self) -> Option<DateTime<Utc>> {
        self.0.viewed_by_candidate_at
    }

    /// When the status or the candidate's interest last changed. The company's own: the
    /// candidate reads null.
    async fn status_changed_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime<Utc>>> {
        self.company_only(ctx, self.0.status_changed_at).await
    }

    /// When the match was last scored or rescored; status changes and the candidate's answer
    /// do not move it.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// The candidate matched; the users subgraph resolves their profile.
    async fn candidate(&self) -> User {
        User {
            id: ID(self.0.candidate_id.to_string()),
        }
    }

    /// The job posting matched; the jobs subgraph resolves its other fields.
    async fn job(&self) -> JobPosting {
        JobPosting { id: self.0.job_id }
    }
}
