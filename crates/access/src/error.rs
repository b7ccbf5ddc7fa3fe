//! Why a credential was refused, or why it could not be checked.
//!
//! The split matters to clients: a token that is malformed, forged, expired or revoked is the
//! caller's problem (`UNAUTHENTICATED`, so a client refreshes or signs in again), while the keys
//! being unreachable is ours (`SERVICE_UNAVAILABLE`, HTTP 503 with `Retry-After` at the router):
//! telling a client with a good token to sign in again would only send it into a loop.

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Not a bearer token, not a JWT, missing `kid`, or claims that do not fit the contract.
    #[error("malformed token: {0}")]
    Malformed(String),
    /// Any algorithm but EdDSA (`none`, HS256 with the public key as secret, RS256, …).
    #[error("algorithm {0} is not accepted")]
    UnsupportedAlgorithm(String),
    /// The `kid` is not in the key set, even after refetching it.
    #[error("unknown signing key {0:?}")]
    UnknownKey(String),
    #[error("bad signature")]
    BadSignature,
    #[error("token expired")]
    Expired,
    /// `nbf` lies in the future (beyond the leeway).
    #[error("token not yet valid")]
    NotYetValid,
    #[error("wrong issuer")]
    WrongIssuer,
    #[error("wrong audience")]
    WrongAudience,
    /// The token's session (`sid`) was signed out or revoked.
    #[error("session revoked")]
    Revoked,
    /// The key set could not be fetched and none is cached: `SERVICE_UNAVAILABLE`, not the
    /// caller's fault.
    #[error("signing keys unavailable: {0}")]
    KeysUnavailable(String),
    /// Redis could not be reached when a store was set up (at start).
    #[error("auth store unavailable: {0}")]
    Store(#[from] redis::RedisError),
}

impl AuthError {
    /// True when the credential itself is at fault (`UNAUTHENTICATED`); false when checking it
    /// failed on our side (`INTERNAL`).
    pub fn is_unauthenticated(&self) -> bool {
        !matches!(self, Self::KeysUnavailable(_) | Self::Store(_))
    }

    /// The message a client sees: what to do about it, never internals.
    pub fn client_message(&self) -> &'static str {
        match self {
            Self::Expired => "The access token has expired.",
            Self::Revoked => "The session has been signed out.",
            Self::KeysUnavailable(_) | Self::Store(_) => {
                "Authentication is temporarily unavailable."
            }
            _ => "The access token is invalid.",
        }
    }
}
