//! Access tokens, as every service checks them: the claims the users subgraph signs
//! ([`AccessClaims`]), verification against its JWKS ([`TokenVerifier`]: EdDSA only, keys
//! cached and refetched on an unknown `kid`), the revocation list of signed-out sessions
//! ([`SessionRevocations`]), the [`Caller`] a verified token makes, and which proxies may name
//! the client ([`TrustedProxies`]).
//!
//! A crate of its own, free of the ORM and of GraphQL, because the router needs exactly this
//! and nothing else of the subgraphs' plumbing (`kit` builds on it and adds the GraphQL side).

mod caller;
mod claims;
mod error;
mod jwks;
pub mod redis_store;
mod revocations;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod trusted_proxies;
mod verifier;
#[cfg(test)]
#[path = "verifier_tests.rs"]
mod verifier_tests;

pub use caller::{AuthenticatedUser, Caller, Refusal, permission_covers};
pub use claims::{ACCESS_TOKEN_LIFETIME, AccessClaims, DEFAULT_AUDIENCE, DEFAULT_ISSUER};
pub use error::AuthError;
pub use jsonwebtoken::jwk::JwkSet;
pub use jwks::{HttpJwks, JwksSource, jwks_url_beside};
pub use redis_store::{RedisStore, StoreUnavailable};
pub use revocations::SessionRevocations;
pub use trusted_proxies::{TrustedProxies, TrustedProxiesError};
pub use verifier::{TokenVerifier, VerifyOptions, bearer_token};

/// The header carrying the client's address through proxies; believed only from
/// [`TrustedProxies`].
pub const X_FORWARDED_FOR: &str = "x-forwarded-for";

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
