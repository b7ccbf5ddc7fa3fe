//! Who is calling, as resolvers see it: anonymous or a verified user with a role and
//! permissions. The server puts one [`Caller`] into every GraphQL request's data.

use super::AccessClaims;
use crate::error::{ApiError, ApiResult};
use async_graphql::Context;
use contracts::Permission;
use std::sync::Arc;
use uuid::Uuid;

/// The caller of one request (or WebSocket connection).
#[derive(Clone, Debug, Default)]
pub enum Caller {
    /// No credentials; resolvers decide what anonymous callers may see.
    #[default]
    Anonymous,
    /// A verified, unrevoked access token.
    User(Arc<AuthenticatedUser>),
}

static ANONYMOUS: Caller = Caller::Anonymous;

impl Caller {
    /// The caller of the request `ctx` belongs to (anonymous if the server put none there).
    pub fn of<'a>(ctx: &Context<'a>) -> &'a Caller {
        ctx.data_opt::<Caller>().unwrap_or(&ANONYMOUS)
    }

    pub fn user(&self) -> Option<&AuthenticatedUser> {
        match self {
            Self::Anonymous => None,
            Self::User(user) => Some(user),
        }
    }

    /// The user, or `UNAUTHENTICATED`.
    pub fn require_user(&self) -> ApiResult<&AuthenticatedUser> {
        self.user().ok_or(ApiError::Unauthenticated)
    }

    pub fn has_permission(&self, permission: Permission) -> bool {
        self.user()
            .is_some_and(|user| user.has_permission(permission))
    }

    /// The user if granted `permission`; `UNAUTHENTICATED` when anonymous, `FORBIDDEN` when
    /// signed in without it.
    pub fn require_permission(&self, permission: Permission) -> ApiResult<&AuthenticatedUser> {
        let user = self.require_user()?;
        if user.has_permission(permission) {
            Ok(user)
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

/// A user proven by a verified access token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthenticatedUser {
    pub user_id: Uuid,
    pub role: String,
    pub permissions: Vec<String>,
    pub session_id: Uuid,
    /// The token's `jti`.
    pub token_id: Uuid,
    /// The verified claims, e.g. for `exp`.
    pub claims: AccessClaims,
    /// The compact JWT, to forward to another service on the caller's behalf.
    pub raw_token: String,
}

impl AuthenticatedUser {
    pub(super) fn new(claims: AccessClaims, raw_token: String) -> Self {
        Self {
            user_id: claims.sub,
            role: claims.role.clone(),
            permissions: claims.permissions.clone(),
            session_id: claims.sid,
            token_id: claims.jti,
            claims,
            raw_token,
        }
    }

    /// Whether any granted permission covers `wanted` (see [`permission_covers`]).
    pub fn has_permission(&self, wanted: Permission) -> bool {
        self.permissions
            .iter()
            .any(|granted| permission_covers(granted, wanted.as_str()))
    }
}

/// `*` covers everything, `resource:*` covers every `resource:action`, anything else only
/// itself.
pub fn permission_covers(granted: &str, wanted: &str) -> bool {
    if granted == "*" || granted == wanted {
        return true;
    }
    match (granted.strip_suffix(":*"), wanted.split_once(':')) {
        (Some(resource), Some((wanted_resource, _))) => resource == wanted_resource,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::testing::claims_for;

    fn user(permissions: &[&str]) -> Caller {
        let claims = claims_for(Uuid::now_v7(), "candidate", permissions);
        Caller::User(Arc::new(AuthenticatedUser::new(claims, "t".into())))
    }

    #[test]
    fn wildcards_cover_all_or_one_resource() {
        assert!(permission_covers("*", "users:manage"));
        assert!(permission_covers("jobs:*", "jobs:read"));
        assert!(permission_covers("jobs:read", "jobs:read"));
        assert!(!permission_covers("jobs:*", "jobsx:read"));
        assert!(!permission_covers("jobs:*", "profile:update"));
        assert!(!permission_covers("jobs:read", "jobs:write"));
        assert!(!permission_covers("jobs", "jobs:read"));
    }

    #[test]
    fn anonymous_callers_are_unauthenticated_and_users_without_permission_forbidden() {
        assert!(matches!(
            Caller::Anonymous.require_permission(Permission::JobsRead),
            Err(ApiError::Unauthenticated)
        ));
        assert!(matches!(
            user(&["profile:update"]).require_permission(Permission::JobsRead),
            Err(ApiError::Forbidden)
        ));
        let admin = user(&["*"]);
        assert!(admin.require_permission(Permission::AuditRead).is_ok());
        assert!(admin.has_permission(Permission::UsersManage));
        assert!(!Caller::Anonymous.has_permission(Permission::JobsRead));
    }
}
