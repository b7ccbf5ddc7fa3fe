//! Queries and the federation entity resolvers for `Match` and the `JobPosting` extension.

use super::loaders::MatchLoader;
use super::{JobPosting, Match};
use crate::service::MatchingService;
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result};
use contracts::Permission;
use kit::auth::{Authenticated, Caller, CallerOf};

#[derive(Default)]
pub struct MatchQueries;

#[Object]
impl MatchQueries {
    /// One match by id: the candidate's own, or one of a posting whose matches the caller may
    /// read (`matches:read` and membership of the posting's company, or `jobs:manage`; a hidden
    /// candidate's only once they answered "interested"); null otherwise.
    #[graphql(name = "match", guard = "Authenticated")]
    async fn match_by_id(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The match's id.")] id: ID,
    ) -> Result<Option<Match>> {
        load_match(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_match_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Match>> {
        load_match(ctx, &id).await
    }

    /// Any posting id resolves: a posting matching has not seen yet simply has no matches.
    #[graphql(entity)]
    async fn find_job_posting_by_id(&self, id: ID) -> Result<JobPosting> {
        Ok(JobPosting {
            id: kit::ids::parse_id(&id, "id")?,
        })
    }
}

async fn load_match(ctx: &Context<'_>, id: &ID) -> Result<Option<Match>> {
    let id = kit::ids::parse_id(id, "id")?;
    let loader = ctx.data::<DataLoader<MatchLoader>>()?;
    let Some(found) = loader.load_one(id).await? else {
        return Ok(None);
    };
    if let Caller::User(caller) = Caller::of(ctx)
        && caller.user_id == found.candidate_id
    {
        return Ok(Some(Match(found)));
    }
    // Another company's match is not found rather than refused: its existence is private too.
    let company_reads = matches!(Caller::of(ctx), Caller::User(caller)
        if caller.has_permission(Permission::MatchesRead));
    if !company_reads || !super::readers::may_read_matches_of(ctx, found.job_id).await? {
        return Ok(None);
    }
    let service = ctx.data::<MatchingService>()?;
    if !service.shown_to_company(&found).await? {
        return Ok(None);
    }
    Ok(Some(Match(found)))
}
