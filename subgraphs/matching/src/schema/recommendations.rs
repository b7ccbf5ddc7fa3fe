//! The candidate's side: `recommendedJobs` (their own matches with published postings, with
//! the same scores and explanation employers see, and `gaps`: why there are few or none) and
//! `setMatchingOptOut`.

use super::Match;
use crate::service::MatchingService;
use crate::service::engine::gates::Gate;
use async_graphql::connection::{Connection, ConnectionNameType, Edge, EdgeNameType, EmptyFields};
use async_graphql::{Context, Enum, Object, OutputType, Result, SimpleObject};
use kit::auth::Authenticated;
use kit::pages::PageArgs;

const DEFAULT_FIRST: usize = 10;
const MAX_FIRST: usize = 50;

/// What a page of recommendations adds to its connection.
pub struct RecommendationTotals {
    total_count: u64,
    opted_out: bool,
    candidate: uuid::Uuid,
}

/// A hard gate of matching.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum MatchGate {
    /// The status of residence does not allow the work.
    Visa,
    /// Japanese more than one JLPT level short.
    Japanese,
    /// On site in a prefecture the candidate did not choose, without relocation.
    Location,
}

/// The postings one gate keeps from the candidate, why, and what would open them.
#[derive(SimpleObject)]
pub struct RecommendationGate {
    /// Which gate.
    pub gate: MatchGate,
    /// How many of the postings considered it keeps out.
    pub postings: u64,
    /// Why, in English.
    pub why: String,
    /// Why, in Japanese.
    pub why_ja: String,
    /// What would open them, in English.
    pub change: String,
    /// What would open them, in Japanese.
    pub change_ja: String,
}

/// Why the recommendations are few or none.
#[derive(SimpleObject)]
pub struct RecommendationGaps {
    /// The published postings looked at (the newest, at most 5,000).
    pub postings_considered: u64,
    /// Postings that pass every gate (recommended when they have something in common with the
    /// profile: the occupation, a skill, a close description).
    pub open: u64,
    /// The gates that keep postings out, most first.
    pub gates: Vec<RecommendationGate>,
}

#[Object]
impl RecommendationTotals {
    /// Every recommendation, not only this page.
    async fn total_count(&self) -> u64 {
        self.total_count
    }

    /// Whether the caller chose not to be matched (then there are none).
    async fn opted_out(&self) -> bool {
        self.opted_out
    }

    /// Why there are few or no recommendations, and what would change that (computed when
    /// asked, over the newest published postings); null before matching has the caller's
    /// profile.
    async fn gaps(&self, ctx: &Context<'_>) -> Result<Option<RecommendationGaps>> {
        let service = ctx.data::<MatchingService>()?;
        let Some(gaps) = service.recommendation_gaps(self.candidate).await? else {
            return Ok(None);
        };
        Ok(Some(RecommendationGaps {
            postings_considered: gaps.postings_considered,
            open: gaps.open,
            gates: gaps
                .gates
                .into_iter()
                .map(|gap| RecommendationGate {
                    gate: match gap.gate {
                        Gate::Visa => MatchGate::Visa,
                        Gate::Japanese => MatchGate::Japanese,
                        Gate::Location => MatchGate::Location,
                    },
                    postings: gap.postings,
                    why: gap.why_en,
                    why_ja: gap.why_ja,
                    change: gap.change_en,
                    change_ja: gap.change_ja,
                })
                .collect(),
        }))
    }
}

/// Names the recommendations' connection apart from a posting's `matchConnection`.
pub struct RecommendedJobsName;

impl ConnectionNameType for RecommendedJobsName {
    fn type_name<T: OutputType>() -> String {
        "RecommendedJobConnection".into()
    }
}

impl EdgeNameType for RecommendedJobsName {
    fn type_name<T: OutputType>() -> String {
        "RecommendedJobEdge".into()
    }
}

pub type RecommendationConnection = Connection<
    String,
    Match,
    RecommendationTotals,
    EmptyFields,
    RecommendedJobsName,
    RecommendedJobsName,
>;

#[derive(Default)]
pub struct RecommendationQueries;

#[Object]
impl RecommendationQueries {
    /// The signed-in candidate's matches with published postings, best first ("jobs for me"),
    /// `first` or `last` ≤ 50 at a time; page with `after`, or back with `last` and `before`.
    #[graphql(guard = "Authenticated")]
    async fn recommended_jobs(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "How many recommendations to return, 0 to 50; default 10. Page on with `after`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the last recommendation already shown: the page starts after \
                    it (at most 10,000 deep). Omit for the first page."
        )]
        after: Option<String>,
        #[graphql(
            desc = "How many recommendations to return from the end of the list (or before \
                    `before`), 0 to 50; page back with `before`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the first recommendation already shown: the page ends \
                    before it."
        )]
        before: Option<String>,
    ) -> Result<RecommendationConnection> {
        let candidate = super::readers::signed_in(ctx)?;
        let window = kit::pages::offset_window(
            PageArgs {
                first,
                after,
                last,
                before,
            },
            DEFAULT_FIRST,
            MAX_FIRST,
        )?;
        let service = ctx.data::<MatchingService>()?;
        let page = service.recommendations(candidate, &window).await?;
        let (has_previous, has_next) = page.range.page_info(page.matches.len(), page.total);
        let mut connection = Connection::with_additional_fields(
            has_previous,
            has_next,
            RecommendationTotals {
                total_count: page.total,
                opted_out: service.is_opted_out(candidate).await?,
                candidate,
            },
        );
        for (index, found) in page.matches.into_iter().enumerate() {
            connection
                .edges
                .push(Edge::new(page.range.cursor(index), Match(found)));
        }
        Ok(connection)
    }
}

#[derive(Default)]
pub struct RecommendationMutations;

#[Object]
impl RecommendationMutations {
    /// Stops (`optOut: true`) or resumes matching the signed-in candidate; returns the choice.
    /// Opting out removes their matches at once; opting back in scores them again.
    #[graphql(guard = "Authenticated")]
    async fn set_matching_opt_out(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "`true` to stop matching the signed-in candidate, `false` to resume it.")]
        opt_out: bool,
    ) -> Result<bool> {
        let candidate = super::readers::signed_in(ctx)?;
        let service = ctx.data::<MatchingService>()?;
        Ok(service.set_opted_out(candidate, opt_out).await?)
    }
}
