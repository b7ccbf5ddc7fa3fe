//! The candidate's side: `recommendedJobs` (their own matches with published postings, with
//! the same scores and explanation employers see) and `setMatchingOptOut`.

use super::Match;
use crate::service::MatchingService;
use async_graphql::connection::{Connection, ConnectionNameType, Edge, EdgeNameType, EmptyFields};
use async_graphql::{Context, Object, OutputType, Result};
use kit::auth::Authenticated;

const DEFAULT_FIRST: usize = 10;
const MAX_FIRST: usize = 50;

/// What a page of recommendations adds to its connection.
pub struct RecommendationTotals {
    total_count: u64,
    opted_out: bool,
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
    /// `first` ≤ 50 at a time; page with `after`.
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
    ) -> Result<RecommendationConnection> {
        let candidate = super::readers::signed_in(ctx)?;
        let first = kit::pages::page_size(first, DEFAULT_FIRST, MAX_FIRST)?;
        let offset = kit::pages::offset_after(after)?;
        let service = ctx.data::<MatchingService>()?;
        let page = service
            .recommendations(candidate, offset, first as u64)
            .await?;
        let shown = offset + page.matches.len() as u64;
        let mut connection = Connection::with_additional_fields(
            offset > 0,
            shown < page.total,
            RecommendationTotals {
                total_count: page.total,
                opted_out: service.is_opted_out(candidate).await?,
            },
        );
        for (position, found) in page.matches.into_iter().enumerate() {
            let cursor = (offset + position as u64 + 1).to_string();
            connection.edges.push(Edge::new(cursor, Match(found)));
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
