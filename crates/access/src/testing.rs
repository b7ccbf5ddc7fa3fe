//! Minting tokens in tests (feature `testing`; always on in kit's own tests). The production
//! issuer lives in the users subgraph; these helpers sign claims with throwaway Ed25519 keys so
//! verifier, router and end-to-end tests can exercise every way a token can be wrong.

use super::{AccessClaims, AuthError, DEFAULT_AUDIENCE, DEFAULT_ISSUER, JwksSource};
use base64::Engine as _;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use uuid::Uuid;

/// An Ed25519 signing key with its `kid` and public JWK.
pub struct TestKey {
    pub kid: String,
    encoding: EncodingKey,
    jwk: Jwk,
}

impl TestKey {
    /// A fresh random key.
    pub fn generate(kid: &str) -> Self {
        // As `TokenVerifier::new`: signing must not depend on which backends are enabled.
        let _ = jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
        let mut seed = [0u8; 32];
        seed[..16].copy_from_slice(Uuid::new_v4().as_bytes());
        seed[16..].copy_from_slice(Uuid::new_v4().as_bytes());
        let signing = SigningKey::from_bytes(&seed);
        let der = signing.to_pkcs8_der().expect("encode the test key");
        let encoding = EncodingKey::from_ed_der(der.as_bytes());
        let x = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(signing.verifying_key().as_bytes());
        let jwk = serde_json::from_value(serde_json::json!({
            "kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": "EdDSA", "use": "sig"
        }))
        .expect("public JWK");
        Self {
            kid: kid.to_owned(),
            encoding,
            jwk,
        }
    }

    /// The public key as published in a JWKS.
    pub fn jwk(&self) -> Jwk {
        self.jwk.clone()
    }

    /// A correctly signed token: `{"alg":"EdDSA","typ":"JWT","kid":…}`.
    pub fn sign(&self, claims: &impl Serialize) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        self.sign_with(header, claims)
    }

    /// Signed with this key under any header (e.g. another `kid`).
    pub fn sign_with(&self, header: Header, claims: &impl Serialize) -> String {
        jsonwebtoken::encode(&header, claims, &self.encoding).expect("sign the test token")
    }

    /// HS256 with the public key's bytes as the HMAC secret: the classic algorithm confusion
    /// forgery, which a verifier trusting the token's `alg` would accept.
    pub fn hs256_with_public_key(&self, claims: &impl Serialize) -> String {
        let jsonwebtoken::jwk::AlgorithmParameters::OctetKeyPair(params) = &self.jwk.algorithm
        else {
            unreachable!("an Ed25519 JWK");
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.kid.clone());
        let secret = EncodingKey::from_secret(params.x.as_bytes());
        jsonwebtoken::encode(&header, claims, &secret).expect("sign the forged token")
    }
}

/// A JWKS of `keys`.
pub fn jwks_of(keys: &[&TestKey]) -> JwkSet {
    JwkSet {
        keys: keys.iter().map(|key| key.jwk()).collect(),
    }
}

/// An `alg: none` token (no signature) with `kid`.
pub fn unsigned_token(kid: &str, claims: &impl Serialize) -> String {
    let encode = |value: &serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
    };
    let header = serde_json::json!({"alg": "none", "typ": "JWT", "kid": kid});
    let claims = serde_json::to_value(claims).expect("claims");
    format!("{}.{}.", encode(&header), encode(&claims))
}

/// Claims valid from now for 15 minutes, with the default issuer and audience and a fresh
/// session and token id.
pub fn claims_for(user: Uuid, role: &str, permissions: &[&str]) -> AccessClaims {
    let now = chrono::Utc::now().timestamp();
    AccessClaims {
        sub: user,
        role: role.to_owned(),
        permissions: permissions.iter().map(|p| (*p).to_owned()).collect(),
        sid: Uuid::now_v7(),
        iss: DEFAULT_ISSUER.to_owned(),
        aud: DEFAULT_AUDIENCE.to_owned(),
        exp: now + 15 * 60,
        iat: now,
        nbf: now,
        jti: Uuid::now_v7(),
        lang: None,
    }
}

/// A key set in memory that tests can rotate, counting how often it was fetched.
#[derive(Default)]
pub struct MemoryJwks {
    set: Mutex<Option<JwkSet>>,
    fetches: AtomicUsize,
}

impl MemoryJwks {
    pub fn new(set: JwkSet) -> Self {
        Self {
            set: Mutex::new(Some(set)),
            fetches: AtomicUsize::new(0),
        }
    }

    /// Replaces the published keys; `None` makes fetches fail.
    pub fn publish(&self, set: Option<JwkSet>) {
        *self.set.lock().unwrap_or_else(|p| p.into_inner()) = set;
    }

    pub fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}

#[async_trait::async_trait]
impl JwksSource for MemoryJwks {
    async fn fetch(&self) -> Result<JwkSet, AuthError> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        self.set
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| AuthError::KeysUnavailable("no keys published".into()))
    }
}
