//! Field guards, so resolvers declare who may call them instead of repeating checks:
//!
//! ```ignore
//! #[graphql(guard = "Authenticated")]
//! async fn my_applications(&self, ctx: &Context<'_>) -> Result<Vec<Application>> { … }
//!
//! #[graphql(guard = "RequirePermission::new(Permission::AuditRead)")]
//! async fn audit_log(&self, ctx: &Context<'_>) -> Result<Vec<AuditEntry>> { … }
//! ```
//!
//! Failures carry the shared codes: `UNAUTHENTICATED` for anonymous callers, `FORBIDDEN` for
//! users lacking the permission.

use super::{Caller, CallerOf};
use crate::ApiError;
use async_graphql::{Context, Guard, Result};
use contracts::Permission;

/// Any signed-in user.
pub struct Authenticated;

impl Guard for Authenticated {
    async fn check(&self, ctx: &Context<'_>) -> Result<()> {
        Caller::of(ctx).require_user().map_err(ApiError::from)?;
        Ok(())
    }
}

/// A signed-in user granted one permission (wildcards as in
/// [`permission_covers`](super::permission_covers)).
pub struct RequirePermission(Permission);

impl RequirePermission {
    pub fn new(permission: Permission) -> Self {
        Self(permission)
    }
}

impl Guard for RequirePermission {
    async fn check(&self, ctx: &Context<'_>) -> Result<()> {
        Caller::of(ctx)
            .require_permission(self.0)
            .map_err(ApiError::from)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::AuthenticatedUser;
    use crate::auth::testing::{TestKey, claims_for};
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Request, Schema};
    use std::sync::Arc;
    use uuid::Uuid;

    struct Query;

    #[Object]
    impl Query {
        #[graphql(guard = "Authenticated")]
        async fn me(&self) -> &str {
            "me"
        }

        #[graphql(guard = "RequirePermission::new(Permission::AuditRead)")]
        async fn audit(&self) -> &str {
            "audit"
        }
    }

    async fn run(caller: Caller, query: &str) -> serde_json::Value {
        let schema = Schema::new(Query, EmptyMutation, EmptySubscription);
        let response = schema.execute(Request::new(query).data(caller)).await;
        serde_json::to_value(&response).unwrap()
    }

    fn user(permissions: &[&str]) -> Caller {
        let claims = claims_for(Uuid::now_v7(), "admin", permissions);
        let token = TestKey::generate("k").sign(&claims);
        Caller::User(Arc::new(AuthenticatedUser::new(claims, token)))
    }

    #[tokio::test]
    async fn guards_answer_unauthenticated_and_forbidden_codes() {
        let anonymous = run(Caller::Anonymous, "{ me }").await;
        assert_eq!(
            anonymous["errors"][0]["extensions"]["code"],
            "UNAUTHENTICATED"
        );

        let reader = user(&["jobs:read"]);
        assert_eq!(run(reader.clone(), "{ me }").await["data"]["me"], "me");
        let forbidden = run(reader, "{ audit }").await;
        assert_eq!(forbidden["errors"][0]["extensions"]["code"], "FORBIDDEN");

        let auditor = user(&["audit:*"]);
        assert_eq!(run(auditor, "{ audit }").await["data"]["audit"], "audit");
    }
}
