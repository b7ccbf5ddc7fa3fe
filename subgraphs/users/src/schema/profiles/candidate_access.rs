//! What the caller of this request reads of a candidate (see `service::profiles::disclosures`
//! for the rule): the candidate themselves and administrators (`candidates:read`) everything,
//! anyone else what the candidate disclosed to them.

use super::candidate_profile::CandidateProfile;
use super::loaders::CandidateAccessLoader;
use crate::service::CandidateAccess;
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, Result};
use contracts::Permission;
use entities::users::candidate_profile;
use kit::auth::{Caller, CallerOf};
use uuid::Uuid;

/// The candidate's profile, unless they chose to be hidden from the caller.
pub async fn shown_profile(
    ctx: &Context<'_>,
    profile: Option<candidate_profile::Model>,
) -> Result<Option<CandidateProfile>> {
    let Some(profile) = profile else {
        return Ok(None);
    };
    if candidate_access(ctx, profile.user_id).await? == CandidateAccess::Hidden {
        return Ok(None);
    }
    Ok(Some(CandidateProfile::from(profile)))
}

pub async fn candidate_access(ctx: &Context<'_>, candidate: Uuid) -> Result<CandidateAccess> {
    let caller = match Caller::of(ctx) {
        Caller::User(caller) => caller,
        // Anonymous callers read the summary of candidates who did not choose to be hidden;
        // deciding that needs the visibility, which the nil caller's lookup gives.
        Caller::Anonymous => {
            let loader = ctx.data::<DataLoader<CandidateAccessLoader>>()?;
            return Ok(loader
                .load_one((Uuid::nil(), candidate))
                .await?
                .unwrap_or(CandidateAccess::Summary));
        }
    };
    if caller.user_id == candidate || caller.has_permission(Permission::CandidatesRead) {
        return Ok(CandidateAccess::Full);
    }
    let loader = ctx.data::<DataLoader<CandidateAccessLoader>>()?;
    Ok(loader
        .load_one((caller.user_id, candidate))
        .await?
        .unwrap_or(CandidateAccess::Summary))
}
