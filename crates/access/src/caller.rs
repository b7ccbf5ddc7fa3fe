//! Who is calling: anonymous or a verified user with a role and permissions. The verifier
//! makes one [`Caller`] per request (or WebSocket connection); the subgraphs' server puts it
//! into every GraphQL request's data, and the router forwards the token it came from.

use super::AccessClaims;
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

/// Why a caller may not go on: no credentials, or credentials without the permission. The
/// subgraphs turn it into their `UNAUTHENTICATED` / `FORBIDDEN` errors.
///
/// Deliberately not `Display`: GraphQL libraries turn any `Display` error into a message
/// without a code, so `?` must go through the subgraphs' own error type to compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Unauthenticated,
    Forbidden,
}

impl Caller {
    pub fn user(&self) -> Option<&AuthenticatedUser> {
        match self {
            Self::Anonymous => None,
            Self::User(user) => Some(user),
        }
    }

    /// The user, or [`Refusal::Unauthenticated`].
    pub fn require_user(&self) -> Result<&AuthenticatedUser, Refusal> {
        self.user().ok_or(Refusal::Unauthenticated)
    }

    pub fn has_permission(&self, permission: Permission) -> bool {
        self.user()
            .is_some_and(|user| user.has_permission(permission))
    }

    /// The user if granted `permission`; refused as unauthenticated when anonymous, forbidden
    /// when signed in without it.
    pub fn require_permission(
        &self,
        permission: Permission,
    ) -> Result<&AuthenticatedUser, Refusal> {
        let user = self.require_user()?;
        if user.has_permission(permission) {
            Ok(user)
        } else {
            Err(Refusal::Forbidden)
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
    /// The user `claims` describe; the verifier makes these only from verified tokens.
    pub fn new(claims: AccessClaims, raw_token: String) -> Self {
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
    use crate::testing::claims_for;

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
            Err(Refusal::Unauthenticated)
        ));
        assert!(matches!(
            user(&["profile:update"]).require_permission(Permission::JobsRead),
            Err(Refusal::Forbidden)
        ));
        let admin = user(&["*"]);
        assert!(admin.require_permission(Permission::AuditRead).is_ok());
        assert!(admin.has_permission(Permission::UsersManage));
        assert!(!Caller::Anonymous.has_permission(Permission::JobsRead));
    }
}
