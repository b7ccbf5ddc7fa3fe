//! Verifying access tokens: the one implementation the router and every subgraph use.
//!
//! The key set is cached. An unknown `kid` (a key rotated in since the last fetch) triggers a
//! refetch, at most once per [`VerifyOptions::refetch_cooldown`] whatever the number of
//! requests, so tokens with made-up `kid`s cannot hammer the users subgraph; the cache is also
//! refreshed once it is older than [`VerifyOptions::keys_max_age`], so retired keys stop
//! verifying. Only EdDSA is accepted: the algorithm comes from an allow-list, never from the
//! token, which closes `alg: none` and the HS256-with-the-public-key confusion.
//!
//! Order of checks: shape and algorithm, key, signature, then claims (`exp`, `nbf`, `iss`,
//! `aud`, with a small leeway), then the revocation list, the only check that may touch Redis.

use super::caller::{AuthenticatedUser, Caller};
use super::{AccessClaims, AuthError, JwksSource, SessionRevocations};
use super::{DEFAULT_AUDIENCE, DEFAULT_ISSUER};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// What a token must satisfy, and how keys are cached.
#[derive(Clone, Debug)]
pub struct VerifyOptions {
    pub issuer: String,
    pub audience: String,
    /// Clock skew tolerated on `exp` and `nbf`.
    pub leeway: Duration,
    /// The least time between two key set fetches.
    pub refetch_cooldown: Duration,
    /// Cached keys older than this are refetched before use (kept if the fetch fails).
    pub keys_max_age: Duration,
}

impl VerifyOptions {
    pub fn new(issuer: impl Into<String>, audience: impl Into<String>) -> Self {
        Self {
            issuer: issuer.into(),
            audience: audience.into(),
            leeway: Duration::from_secs(5),
            refetch_cooldown: Duration::from_secs(5),
            keys_max_age: Duration::from_secs(5 * 60),
        }
    }
}

impl Default for VerifyOptions {
    fn default() -> Self {
        Self::new(DEFAULT_ISSUER, DEFAULT_AUDIENCE)
    }
}

/// Verifies access tokens. Cheap to clone; clones share the key cache.
#[derive(Clone)]
pub struct TokenVerifier {
    inner: Arc<Inner>,
}

struct Inner {
    source: Arc<dyn JwksSource>,
    revocations: SessionRevocations,
    options: VerifyOptions,
    validation: Validation,
    keys: RwLock<Option<Arc<Keys>>>,
    /// When the key set was last requested; held while fetching so fetches never overlap.
    last_fetch: tokio::sync::Mutex<Option<Instant>>,
}

/// One fetched key set, with the usable (Ed25519 signing) keys indexed by `kid`.
struct Keys {
    set: Arc<JwkSet>,
    by_kid: HashMap<String, DecodingKey>,
    fetched_at: Instant,
}

impl std::fmt::Debug for TokenVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenVerifier")
            .field("options", &self.inner.options)
            .field("revocations", &self.inner.revocations)
            .finish_non_exhaustive()
    }
}

impl TokenVerifier {
    pub fn new(
        source: Arc<dyn JwksSource>,
        revocations: SessionRevocations,
        options: VerifyOptions,
    ) -> Self {
        // jsonwebtoken picks its crypto backend from its features; name it explicitly so a
        // dependency enabling another backend cannot leave verification without a provider.
        let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.leeway = options.leeway.as_secs();
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.set_issuer(&[&options.issuer]);
        validation.set_audience(&[&options.audience]);
        Self {
            inner: Arc::new(Inner {
                source,
                revocations,
                options,
                validation,
                keys: RwLock::new(None),
                last_fetch: tokio::sync::Mutex::new(None),
            }),
        }
    }

    pub fn revocations(&self) -> &SessionRevocations {
        &self.inner.revocations
    }

    /// The caller of a request from its `Authorization` header value: none is anonymous, a
    /// valid bearer token is its user, anything else is an error.
    pub async fn authenticate(&self, authorization: Option<&str>) -> Result<Caller, AuthError> {
        match authorization {
            None => Ok(Caller::Anonymous),
            Some(value) => {
                let token = bearer_token(value)?;
                Ok(Caller::User(Arc::new(self.verify(token).await?)))
            }
        }
    }

    /// Verifies a compact JWT (without the `Bearer ` prefix).
    pub async fn verify(&self, token: &str) -> Result<AuthenticatedUser, AuthError> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|err| AuthError::Malformed(format!("header: {err}")))?;
        if header.alg != Algorithm::EdDSA {
            return Err(AuthError::UnsupportedAlgorithm(format!("{:?}", header.alg)));
        }
        let kid = header
            .kid
            .ok_or_else(|| AuthError::Malformed("no kid in the header".into()))?;
        let keys = self.keys_with(&kid).await?;
        let key = keys
            .by_kid
            .get(&kid)
            .ok_or_else(|| AuthError::UnknownKey(kid.clone()))?;
        let claims = jsonwebtoken::decode::<AccessClaims>(token, key, &self.inner.validation)
            .map_err(|err| from_jwt_error(err.into_kind()))?
            .claims;
        if self.inner.revocations.is_revoked(claims.sid).await? {
            return Err(AuthError::Revoked);
        }
        Ok(AuthenticatedUser::new(claims, token.to_owned()))
    }

    /// The cached key set (fetched first when there is none or it is old), as the router
    /// republishes it.
    pub async fn jwks(&self) -> Result<Arc<JwkSet>, AuthError> {
        let keys = match self.current() {
            Some(keys) if !self.is_old(&keys) => keys,
            current => self.refetch(current.map(|keys| keys.fetched_at)).await?,
        };
        Ok(keys.set.clone())
    }

    /// Keys that contain `kid` if a fetch allowed now can make them; otherwise the best keys
    /// there are (the caller then reports the key as unknown).
    async fn keys_with(&self, kid: &str) -> Result<Arc<Keys>, AuthError> {
        let current = self.current();
        if let Some(keys) = &current
            && !self.is_old(keys)
            && keys.by_kid.contains_key(kid)
        {
            return Ok(keys.clone());
        }
        self.refetch(current.map(|keys| keys.fetched_at)).await
    }

    /// Fetches the key set unless another task already did since `seen` or the cooldown
    /// forbids it. A failed fetch keeps serving the previous keys, if any.
    async fn refetch(&self, seen: Option<Instant>) -> Result<Arc<Keys>, AuthError> {
        let mut last_fetch = self.inner.last_fetch.lock().await;
        let current = self.current();
        if let Some(keys) = &current
            && Some(keys.fetched_at) != seen
        {
            return Ok(keys.clone());
        }
        let cooling_down =
            last_fetch.is_some_and(|at| at.elapsed() < self.inner.options.refetch_cooldown);
        if cooling_down {
            return current.ok_or_else(|| {
                AuthError::KeysUnavailable("the last fetch failed; retrying shortly".into())
            });
        }
        *last_fetch = Some(Instant::now());
        match self.inner.source.fetch().await {
            Ok(set) => {
                let keys = Arc::new(Keys::index(set));
                *self
                    .inner
                    .keys
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(keys.clone());
                Ok(keys)
            }
            Err(err) => match current {
                Some(keys) => {
                    tracing::warn!(error = %err, "refreshing signing keys failed; keeping the cached ones");
                    Ok(keys)
                }
                None => Err(err),
            },
        }
    }

    fn current(&self) -> Option<Arc<Keys>> {
        self.inner
            .keys
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn is_old(&self, keys: &Keys) -> bool {
        keys.fetched_at.elapsed() > self.inner.options.keys_max_age
    }
}

impl Keys {
    /// Indexes the Ed25519 signing keys; any other key in the set is ignored, so it can never
    /// be used to check a token whatever its header claims.
    fn index(set: JwkSet) -> Self {
        let mut by_kid = HashMap::new();
        for jwk in &set.keys {
            let AlgorithmParameters::OctetKeyPair(params) = &jwk.algorithm else {
                continue;
            };
            let usable = params.curve == EllipticCurve::Ed25519
                && jwk
                    .common
                    .key_algorithm
                    .is_none_or(|alg| alg == KeyAlgorithm::EdDSA)
                && jwk
                    .common
                    .public_key_use
                    .as_ref()
                    .is_none_or(|usage| *usage == PublicKeyUse::Signature);
            let (true, Some(kid)) = (usable, &jwk.common.key_id) else {
                continue;
            };
            match DecodingKey::from_jwk(jwk) {
                Ok(key) => {
                    by_kid.insert(kid.clone(), key);
                }
                Err(err) => tracing::warn!(kid = %kid, error = %err, "skipping unusable key"),
            }
        }
        Self {
            set: Arc::new(set),
            by_kid,
            fetched_at: Instant::now(),
        }
    }
}

/// The token of an `Authorization: Bearer <token>` value (scheme case-insensitive).
pub fn bearer_token(authorization: &str) -> Result<&str, AuthError> {
    let (scheme, token) = authorization
        .trim()
        .split_once(' ')
        .ok_or_else(|| AuthError::Malformed("expected `Bearer <token>`".into()))?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(AuthError::Malformed("expected `Bearer <token>`".into()));
    }
    Ok(token)
}

fn from_jwt_error(kind: ErrorKind) -> AuthError {
    match kind {
        ErrorKind::InvalidSignature => AuthError::BadSignature,
        ErrorKind::ExpiredSignature => AuthError::Expired,
        ErrorKind::ImmatureSignature => AuthError::NotYetValid,
        ErrorKind::InvalidIssuer => AuthError::WrongIssuer,
        ErrorKind::InvalidAudience => AuthError::WrongAudience,
        ErrorKind::InvalidAlgorithm => AuthError::UnsupportedAlgorithm("mismatch".into()),
        ErrorKind::MissingRequiredClaim(claim) => AuthError::Malformed(format!("no {claim}")),
        other => AuthError::Malformed(format!("{other:?}")),
    }
}
