//! Authentication, shared by the router and every subgraph so there is one implementation:
//! verifying the users subgraph's access tokens against its JWKS ([`TokenVerifier`]), the
//! revocation list of signed-out sessions ([`SessionRevocations`]), what resolvers know about
//! the caller ([`Caller`], [`ClientInfo`]) and the guards that check it, the rate limiter the
//! sign-in flows use ([`RateLimiter`]), and which proxies may name the client
//! ([`TrustedProxies`]).
//!
//! A process builds one [`Auth`] and hands clones to every component, so the one-process stack
//! has one key cache, one revocation list and one set of rate-limit counters.

mod caller;
mod claims;
mod client_info;
mod error;
mod guards;
mod jwks;
mod rate_limit;
mod revocations;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod trusted_proxies;
mod verifier;
#[cfg(test)]
#[path = "verifier_tests.rs"]
mod verifier_tests;

pub use caller::{AuthenticatedUser, Caller, permission_covers};
pub use claims::{ACCESS_TOKEN_LIFETIME, AccessClaims, DEFAULT_AUDIENCE, DEFAULT_ISSUER};
pub use client_info::{ClientInfo, PeerAddr, X_FORWARDED_FOR};
pub use error::AuthError;
pub use guards::{Authenticated, RequirePermission};
pub use jsonwebtoken::jwk::JwkSet;
pub use jwks::{HttpJwks, JwksSource, jwks_url_beside};
pub use rate_limit::{RateDecision, RateLimitError, RateLimiter};
pub use revocations::SessionRevocations;
pub use trusted_proxies::{TrustedProxies, TrustedProxiesError};
pub use verifier::{TokenVerifier, VerifyOptions, bearer_token};

use axum::http::HeaderMap;
use std::sync::Arc;

/// Everything a process shares for authentication. Cheap to clone; clones share state.
#[derive(Clone, Debug)]
pub struct Auth {
    pub verifier: TokenVerifier,
    /// The verifier's revocation list, for the users subgraph to revoke sessions on.
    pub revocations: SessionRevocations,
    pub rate_limiter: RateLimiter,
}

impl Auth {
    /// Verifies against `jwks`; the revocation list and rate limits live in Redis under
    /// `namespace` when `redis_url` is set, else in process.
    pub async fn connect(
        jwks: Arc<dyn JwksSource>,
        options: VerifyOptions,
        redis_url: Option<&str>,
        namespace: &str,
    ) -> Result<Self, AuthError> {
        let (revocations, rate_limiter) = match redis_url {
            Some(url) => {
                let connection = redis::Client::open(url)?.get_connection_manager().await?;
                (
                    SessionRevocations::on_redis(connection.clone(), namespace),
                    RateLimiter::on_redis(connection, namespace),
                )
            }
            None => (SessionRevocations::in_process(), RateLimiter::in_process()),
        };
        Ok(Self::new(jwks, options, revocations, rate_limiter))
    }

    /// From parts built elsewhere (e.g. a revocation list shared with other components).
    pub fn new(
        jwks: Arc<dyn JwksSource>,
        options: VerifyOptions,
        revocations: SessionRevocations,
        rate_limiter: RateLimiter,
    ) -> Self {
        Self {
            verifier: TokenVerifier::new(jwks, revocations.clone(), options),
            revocations,
            rate_limiter,
        }
    }
}

/// Where tokens come from and what they must say, from the environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthSettings {
    /// `USERS_JWKS_URL`, default the users subgraph on its default port.
    pub jwks_url: String,
    /// `JWT_ISSUER`, default `iworkz-users`.
    pub issuer: String,
    /// `JWT_AUDIENCE`, default `iworkz-graph`.
    pub audience: String,
}

pub const DEFAULT_USERS_JWKS_URL: &str = "http://127.0.0.1:4001/.well-known/jwks.json";

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            jwks_url: DEFAULT_USERS_JWKS_URL.to_owned(),
            issuer: DEFAULT_ISSUER.to_owned(),
            audience: DEFAULT_AUDIENCE.to_owned(),
        }
    }
}

impl AuthSettings {
    pub fn from_env() -> Self {
        let var = |name: &str, default: &str| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
                .unwrap_or_else(|| default.to_owned())
        };
        Self {
            jwks_url: var("USERS_JWKS_URL", DEFAULT_USERS_JWKS_URL),
            issuer: var("JWT_ISSUER", DEFAULT_ISSUER),
            audience: var("JWT_AUDIENCE", DEFAULT_AUDIENCE),
        }
    }
}

/// The raw `Authorization` header of a request. Kept for resolvers written before
/// verification; new code reads the verified [`Caller`] instead.
#[derive(Clone, Debug, Default)]
pub struct RequestAuth {
    pub authorization: Option<String>,
}

impl RequestAuth {
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let authorization = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Self { authorization }
    }
}

/// The Redis for backend tests, from `REDIS_URL`; required when `CI=true` so CI never skips
/// them silently (the house pattern of `tests/src/backend.rs`).
#[cfg(test)]
pub(crate) fn test_redis_url() -> Option<String> {
    let url = std::env::var("REDIS_URL")
        .ok()
        .filter(|url| !url.is_empty());
    if url.is_none() && std::env::var("CI").is_ok_and(|ci| ci == "true") {
        panic!("REDIS_URL must be set in CI: run the suite with scripts/test.sh");
    }
    url
}
