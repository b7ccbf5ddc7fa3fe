//! Authentication in the subgraphs. Verifying tokens, the revocation list and whom to believe
//! about client addresses live in the `access` crate (shared with the router, which must not
//! compile the ORM); this module re-exports them and adds what only a GraphQL subgraph needs:
//! the request's [`Caller`] from the context ([`CallerOf`]), the guards, the client's address
//! ([`ClientInfo`]) and the mapping of refusals to [`ApiError`]s.
//!
//! A process builds one [`Auth`] and hands clones to every component, so the one-process stack
//! has one key cache and one revocation list.

mod client_info;
mod guards;
mod hidden;

#[cfg(any(test, feature = "testing"))]
pub use access::testing;
pub use access::{
    ACCESS_TOKEN_LIFETIME, AccessClaims, AuthError, AuthenticatedUser, Caller, DEFAULT_AUDIENCE,
    DEFAULT_ISSUER, HttpJwks, JwkSet, JwksSource, RedisStore, Refusal, SessionRevocations,
    StoreUnavailable, TokenVerifier, TrustedProxies, TrustedProxiesError, VerifyOptions,
    X_FORWARDED_FOR, bearer_token, jwks_url_beside, permission_covers,
};
pub use client_info::{ClientInfo, PeerAddr};
pub use guards::{Authenticated, RequirePermission};
pub use hidden::hidden;

use crate::error::ApiError;
use async_graphql::Context;
use std::sync::Arc;

/// Everything a process shares for authentication. Cheap to clone; clones share state.
#[derive(Clone, Debug)]
pub struct Auth {
    pub verifier: TokenVerifier,
    /// The verifier's revocation list, for the users subgraph to revoke sessions on.
    pub revocations: SessionRevocations,
}

impl Auth {
    /// Verifies against `jwks`; the revocation list lives in Redis under `namespace` when
    /// `redis_url` is set, else in process.
    pub async fn connect(
        jwks: Arc<dyn JwksSource>,
        options: VerifyOptions,
        redis_url: Option<&str>,
        namespace: &str,
    ) -> Result<Self, AuthError> {
        let revocations = SessionRevocations::connect(redis_url, namespace).await?;
        Ok(Self::new(jwks, options, revocations))
    }

    /// From parts built elsewhere (e.g. a revocation list shared with other components).
    pub fn new(
        jwks: Arc<dyn JwksSource>,
        options: VerifyOptions,
        revocations: SessionRevocations,
    ) -> Self {
        Self {
            verifier: TokenVerifier::new(jwks, revocations.clone(), options),
            revocations,
        }
    }
}

static ANONYMOUS: Caller = Caller::Anonymous;

/// `Caller::of(ctx)`: the caller of the request `ctx` belongs to (anonymous if the server put
/// none there). A trait because `Caller` lives in `access`, which knows nothing of GraphQL.
pub trait CallerOf {
    fn of<'a>(ctx: &Context<'a>) -> &'a Caller;
}

impl CallerOf for Caller {
    fn of<'a>(ctx: &Context<'a>) -> &'a Caller {
        ctx.data_opt::<Caller>().unwrap_or(&ANONYMOUS)
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Unauthenticated => ApiError::Unauthenticated,
            Refusal::Forbidden => ApiError::Forbidden,
        }
    }
}

/// A refused credential is the caller's problem (`UNAUTHENTICATED`, with a message saying
/// what to do); the keys being unreachable is ours, and passes (`SERVICE_UNAVAILABLE`).
impl From<AuthError> for ApiError {
    fn from(err: AuthError) -> Self {
        if err.is_unauthenticated() {
            tracing::debug!(reason = %err, "credential refused");
            ApiError::InvalidToken(err.client_message())
        } else {
            ApiError::unavailable(err)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_and_unchecked_credentials_map_to_their_codes() {
        assert_eq!(
            ApiError::from(Refusal::Unauthenticated).code(),
            "UNAUTHENTICATED"
        );
        assert_eq!(ApiError::from(Refusal::Forbidden).code(), "FORBIDDEN");
        assert_eq!(ApiError::from(AuthError::Expired).code(), "UNAUTHENTICATED");
        let outage = ApiError::from(AuthError::KeysUnavailable("down".into()));
        assert_eq!(outage.code(), "SERVICE_UNAVAILABLE");
        assert!(outage.report().contains("down"), "{}", outage.report());
    }
}
