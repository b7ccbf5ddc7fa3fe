//! The access token's claims: the contract between the issuer (users subgraph) and every
//! verifier (router, subgraphs). Both sides use this one type so the shape cannot drift.

use serde::{Deserialize, Serialize};
use std::time::Duration;
use uuid::Uuid;

/// How long an access token lives; a revoked session stays on the revocation list this long,
/// after which every token it could have issued has expired anyway.
pub const ACCESS_TOKEN_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// `JWT_ISSUER` default.
pub const DEFAULT_ISSUER: &str = "iworkz-users";
/// `JWT_AUDIENCE` default.
pub const DEFAULT_AUDIENCE: &str = "iworkz-graph";

/// The claims of an access JWT (header `{"alg":"EdDSA","typ":"JWT","kid":…}`). Every field is
/// required: a token missing one is malformed. Times are unix seconds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user's id.
    pub sub: Uuid,
    /// The user's role, e.g. `candidate`.
    pub role: String,
    /// Granted permissions (`jobs:read`, `profile:update`, `resource:*`, or `*` for all).
    pub permissions: Vec<String>,
    /// The session the token belongs to; revoking it rejects the token.
    pub sid: Uuid,
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    pub nbf: i64,
    /// The token's own id.
    pub jti: Uuid,
    /// The user's language preference (`ja`, `en`), which the router answers errors in.
    /// Optional: tokens issued before it existed verify without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}
