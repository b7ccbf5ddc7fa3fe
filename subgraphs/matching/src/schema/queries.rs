//! Queries and the federation entity resolvers for `Match` and the `JobPosting` extension.

use super::loaders::MatchLoader;
use super::{JobPosting, Match};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result};
use contracts::Permission;
use kit::auth::RequirePermission;

#[derive(Default)]
pub struct MatchQueries;

#[Object]
impl MatchQueries {
    /// One match by id: null unless the caller may read its posting's matches (`matches:read`
    /// and membership of the posting's company, or `jobs:manage`).
    #[graphql(
        name = "match",
        guard = "RequirePermission::new(Permission::MatchesRead)"
    )]
    async fn match_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Match>> {
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
    // Another company's match is not found rather than refused: its existence is private too.
    if !super::readers::may_read_matches_of(ctx, found.job_id).await? {
        return Ok(None);
    }
    Ok(Some(Match(found)))
}
