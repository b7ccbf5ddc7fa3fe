//! The caller as the service sees them: a reader (`Viewer`) or a writer (`Editor`).

use crate::service::{Editor, Viewer};
use async_graphql::{Context, Result};
use contracts::Permission;
use kit::ApiError;
use kit::auth::{Caller, CallerOf};

pub fn viewer(ctx: &Context<'_>) -> Viewer {
    match Caller::of(ctx) {
        Caller::Anonymous => Viewer::Anonymous,
        Caller::User(user) => Viewer::User {
            user_id: user.user_id,
            sees_all: user.has_permission(Permission::JobsManage),
        },
    }
}

/// The signed-in caller as the editor of postings.
pub fn editor(ctx: &Context<'_>) -> Result<Editor> {
    let user = Caller::of(ctx).require_user().map_err(ApiError::from)?;
    Ok(Editor {
        user_id: user.user_id,
        any_posting: user.has_permission(Permission::JobsManage),
    })
}
