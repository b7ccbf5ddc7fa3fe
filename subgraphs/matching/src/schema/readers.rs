//! The caller as a reader of matches, and the check of which postings' matches they may read
//! (batched: a page of postings with their matches costs two queries for all of them); the
//! signed-in caller's id and the offset cursors of the subgraph's connections.

use super::loaders::PostingMemberLoader;
use crate::service::{ReadRule, Reader};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, Result};
use contracts::Permission;
use kit::ApiError;
use kit::auth::{Caller, CallerOf};
use uuid::Uuid;

pub fn reader(ctx: &Context<'_>) -> Reader {
    match Caller::of(ctx) {
        Caller::Anonymous => Reader::Anonymous,
        Caller::User(user) => Reader::User {
            user_id: user.user_id,
            sees_all: user.has_permission(Permission::JobsManage),
        },
    }
}

/// Whether the caller may read the matches of the posting `job_id` (a posting matching has
/// not seen yet has none, and reads as empty to any signed-in caller).
pub async fn may_read_matches_of(ctx: &Context<'_>, job_id: Uuid) -> Result<bool> {
    match reader(ctx).match_rule() {
        ReadRule::Decided(verdict) => Ok(verdict),
        ReadRule::MemberOfPostingCompany(user_id) => {
            let loader = ctx.data::<DataLoader<PostingMemberLoader>>()?;
            Ok(loader.load_one((job_id, user_id)).await?.unwrap_or(false))
        }
    }
}

/// The signed-in caller's id (`UNAUTHENTICATED` otherwise).
pub fn signed_in(ctx: &Context<'_>) -> Result<Uuid> {
    Ok(Caller::of(ctx)
        .require_user()
        .map_err(ApiError::from)?
        .user_id)
}
