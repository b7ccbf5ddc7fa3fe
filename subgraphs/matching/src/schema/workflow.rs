//! Moving a match through its workflow: the employer's status, the candidate's answer.

use super::Match;
use super::match_type::MatchStatus;
use crate::service::MatchingService;
use async_graphql::{Context, ID, Object, Result};
use contracts::Permission;
use kit::ApiError;
use kit::auth::{Authenticated, RequirePermission};

#[derive(Default)]
pub struct WorkflowMutations;

#[Object]
impl WorkflowMutations {
    /// Moves match `id` along viewed → shortlisted → contacted (never back down), or to
    /// rejected. Needs `matches:read` and membership of the posting's company (or
    /// `jobs:manage`); another company's match is `NOT_FOUND`, a step back `CONFLICT`.
    #[graphql(guard = "RequirePermission::new(Permission::MatchesRead)")]
    async fn set_match_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The match's id.")] id: ID,
        #[graphql(
            desc = "The new status: the same or a later step of `GENERATED` → `VIEWED` → \
                    `SHORTLISTED` → `CONTACTED`, or `REJECTED` from any step; never back to \
                    `GENERATED`."
        )]
        status: MatchStatus,
    ) -> Result<Match> {
        let actor = super::readers::signed_in(ctx)?;
        let id = kit::ids::parse_id(&id, "id")?;
        let service = ctx.data::<MatchingService>()?;
        let Some(found) = service.find_match(id).await? else {
            return Err(ApiError::NotFound("match").into());
        };
        if !super::readers::may_read_matches_of(ctx, found.job_id).await? {
            return Err(ApiError::NotFound("match").into());
        }
        Ok(Match(service.set_match_status(actor, id, status).await?))
    }

    /// The signed-in candidate's answer to their match `id`: interested or not.
    #[graphql(guard = "Authenticated")]
    async fn respond_to_match(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The id of the signed-in candidate's own match; another's is `NOT_FOUND`."
        )]
        id: ID,
        #[graphql(
            desc = "`true` when interested, `false` when not; a later call changes the answer."
        )]
        interested: bool,
    ) -> Result<Match> {
        let candidate = super::readers::signed_in(ctx)?;
        let id = kit::ids::parse_id(&id, "id")?;
        let service = ctx.data::<MatchingService>()?;
        Ok(Match(
            service.respond_to_match(candidate, id, interested).await?,
        ))
    }
}
