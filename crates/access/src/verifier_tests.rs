//! The verifier against every way a token can be wrong, and the key cache's refetch rules.

use super::testing::{MemoryJwks, TestKey, claims_for, jwks_of, unsigned_token};
use super::*;
use base64::Engine as _;
use contracts::Permission;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

struct Fixture {
    key: TestKey,
    jwks: Arc<MemoryJwks>,
    verifier: TokenVerifier,
}

fn fixture_with(options: VerifyOptions) -> Fixture {
    let key = TestKey::generate("key-1");
    let jwks = Arc::new(MemoryJwks::new(jwks_of(&[&key])));
    let verifier = TokenVerifier::new(jwks.clone(), SessionRevocations::in_process(), options);
    Fixture {
        key,
        jwks,
        verifier,
    }
}

fn fixture() -> Fixture {
    fixture_with(VerifyOptions::default())
}

const COOLDOWN: Duration = Duration::from_millis(300);

fn short_cooldown() -> VerifyOptions {
    VerifyOptions {
        refetch_cooldown: COOLDOWN,
        ..VerifyOptions::default()
    }
}

fn claims() -> AccessClaims {
    claims_for(Uuid::now_v7(), "candidate", &["jobs:read", "profile:*"])
}

fn b64(value: &serde_json::Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
}

#[tokio::test]
async fn a_valid_token_yields_its_user() {
    let f = fixture();
    let claims = claims();
    let token = f.key.sign(&claims);
    let user = f.verifier.verify(&token).await.unwrap();
    assert_eq!(user.user_id, claims.sub);
    assert_eq!(user.session_id, claims.sid);
    assert_eq!(user.token_id, claims.jti);
    assert_eq!(user.role, "candidate");
    assert!(user.has_permission(Permission::ProfileUpdate));
    assert_eq!(user.raw_token, token);

    let caller = f
        .verifier
        .authenticate(Some(&format!("bearer {token}")))
        .await
        .unwrap();
    assert_eq!(caller.user().map(|u| u.user_id), Some(claims.sub));
}

#[tokio::test]
async fn no_header_is_anonymous_and_other_schemes_are_malformed() {
    let f = fixture();
    assert!(matches!(
        f.verifier.authenticate(None).await,
        Ok(Caller::Anonymous)
    ));
    for value in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "token"] {
        assert!(
            matches!(
                f.verifier.authenticate(Some(value)).await,
                Err(AuthError::Malformed(_))
            ),
            "{value}"
        );
    }
    assert!(matches!(
        f.verifier.verify("not-a-jwt").await,
        Err(AuthError::Malformed(_))
    ));
}

#[tokio::test]
async fn a_token_signed_by_another_key_under_our_kid_is_a_bad_signature() {
    let f = fixture();
    let forger = TestKey::generate("key-1");
    let result = f.verifier.verify(&forger.sign(&claims())).await;
    assert!(matches!(result, Err(AuthError::BadSignature)), "{result:?}");
}

#[tokio::test]
async fn changed_claims_break_the_signature() {
    let f = fixture();
    let token = f.key.sign(&claims());
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut escalated = claims();
    escalated.permissions = vec!["*".into()];
    parts[1] = b64(&serde_json::to_value(&escalated).unwrap());
    let result = f.verifier.verify(&parts.join(".")).await;
    assert!(matches!(result, Err(AuthError::BadSignature)), "{result:?}");
}

#[tokio::test]
async fn alg_none_is_rejected() {
    let f = fixture();
    let result = f.verifier.verify(&unsigned_token("key-1", &claims())).await;
    let err = result.expect_err("an unsigned token must not verify");
    assert!(err.is_unauthenticated(), "{err:?}");
}

#[tokio::test]
async fn hs256_signed_with_the_public_key_is_rejected() {
    let f = fixture();
    let token = f.key.hs256_with_public_key(&claims());
    let result = f.verifier.verify(&token).await;
    assert!(
        matches!(result, Err(AuthError::UnsupportedAlgorithm(_))),
        "{result:?}"
    );
    assert_eq!(
        f.jwks.fetches(),
        0,
        "a refused algorithm never fetches keys"
    );
}

#[tokio::test]
async fn rs256_is_rejected() {
    let f = fixture();
    let header = serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": "key-1"});
    let claims = serde_json::to_value(claims()).unwrap();
    let token = format!("{}.{}.c2lnbmF0dXJl", b64(&header), b64(&claims));
    let result = f.verifier.verify(&token).await;
    assert!(
        matches!(result, Err(AuthError::UnsupportedAlgorithm(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn wrong_audience_and_issuer_are_rejected() {
    let f = fixture();
    let mut wrong_aud = claims();
    wrong_aud.aud = "another-api".into();
    let result = f.verifier.verify(&f.key.sign(&wrong_aud)).await;
    assert!(
        matches!(result, Err(AuthError::WrongAudience)),
        "{result:?}"
    );

    let mut wrong_iss = claims();
    wrong_iss.iss = "someone-else".into();
    let result = f.verifier.verify(&f.key.sign(&wrong_iss)).await;
    assert!(matches!(result, Err(AuthError::WrongIssuer)), "{result:?}");
}

#[tokio::test]
async fn expiry_and_not_before_are_checked_with_a_small_leeway() {
    let f = fixture();
    let now = chrono::Utc::now().timestamp();
    let mut expired = claims();
    expired.exp = now - 60;
    let result = f.verifier.verify(&f.key.sign(&expired)).await;
    assert!(matches!(result, Err(AuthError::Expired)), "{result:?}");

    let mut early = claims();
    early.nbf = now + 60;
    let result = f.verifier.verify(&f.key.sign(&early)).await;
    assert!(matches!(result, Err(AuthError::NotYetValid)), "{result:?}");

    let mut skewed = claims();
    skewed.exp = now - 2;
    skewed.nbf = now + 2;
    assert!(f.verifier.verify(&f.key.sign(&skewed)).await.is_ok());
}

#[tokio::test]
async fn tokens_missing_a_required_claim_are_malformed() {
    let f = fixture();
    for missing in ["sid", "jti", "sub", "exp"] {
        let mut claims = serde_json::to_value(claims()).unwrap();
        claims.as_object_mut().unwrap().remove(missing);
        let result = f.verifier.verify(&f.key.sign(&claims)).await;
        assert!(
            matches!(result, Err(AuthError::Malformed(_))),
            "{missing}: {result:?}"
        );
    }
}

#[tokio::test]
async fn a_revoked_session_is_rejected() {
    let f = fixture();
    let claims = claims();
    let token = f.key.sign(&claims);
    assert!(f.verifier.verify(&token).await.is_ok());
    f.verifier
        .revocations()
        .revoke(claims.sid, ACCESS_TOKEN_LIFETIME)
        .await
        .unwrap();
    let result = f.verifier.verify(&token).await;
    assert!(matches!(result, Err(AuthError::Revoked)), "{result:?}");
    let other = f
        .key
        .sign(&super::testing::claims_for(claims.sub, "candidate", &[]));
    assert!(
        f.verifier.verify(&other).await.is_ok(),
        "other sessions stay valid"
    );
}

#[tokio::test]
async fn an_unknown_kid_triggers_one_refetch_and_a_rotated_in_key_then_verifies() {
    let f = fixture_with(short_cooldown());
    assert!(f.verifier.verify(&f.key.sign(&claims())).await.is_ok());
    assert_eq!(f.jwks.fetches(), 1);
    tokio::time::sleep(COOLDOWN + Duration::from_millis(50)).await;

    let rotated = TestKey::generate("key-2");
    f.jwks.publish(Some(jwks_of(&[&f.key, &rotated])));
    assert!(f.verifier.verify(&rotated.sign(&claims())).await.is_ok());
    assert_eq!(f.jwks.fetches(), 2, "the unknown kid refetched once");
    assert!(f.verifier.verify(&rotated.sign(&claims())).await.is_ok());
    assert!(f.verifier.verify(&f.key.sign(&claims())).await.is_ok());
    assert_eq!(f.jwks.fetches(), 2, "known kids come from the cache");
}

#[tokio::test]
async fn made_up_kids_do_not_hammer_the_key_source() {
    let f = fixture_with(short_cooldown());
    assert!(f.verifier.verify(&f.key.sign(&claims())).await.is_ok());
    tokio::time::sleep(COOLDOWN + Duration::from_millis(50)).await;
    let stranger = TestKey::generate("key-1");
    let mut attempts = Vec::new();
    for n in 0..20 {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
        header.kid = Some(format!("made-up-{n}"));
        let token = stranger.sign_with(header, &claims());
        let verifier = f.verifier.clone();
        attempts.push(tokio::spawn(async move { verifier.verify(&token).await }));
    }
    for attempt in attempts {
        let result = attempt.await.unwrap();
        assert!(
            matches!(result, Err(AuthError::UnknownKey(_))),
            "{result:?}"
        );
    }
    assert_eq!(f.jwks.fetches(), 2, "one refetch per cooldown at most");
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    header.kid = Some("made-up-again".into());
    let again = f
        .verifier
        .verify(&stranger.sign_with(header, &claims()))
        .await;
    assert!(matches!(again, Err(AuthError::UnknownKey(_))), "{again:?}");
    assert_eq!(f.jwks.fetches(), 2, "still cooling down");
}

#[tokio::test]
async fn unavailable_keys_are_our_failure_not_the_callers() {
    let f = fixture();
    f.jwks.publish(None);
    let err = f
        .verifier
        .verify(&f.key.sign(&claims()))
        .await
        .expect_err("no keys");
    assert!(matches!(err, AuthError::KeysUnavailable(_)), "{err:?}");
    assert!(!err.is_unauthenticated());
}

#[tokio::test]
async fn cached_keys_survive_a_failed_refresh_and_retired_keys_stop_verifying() {
    let f = fixture_with(VerifyOptions {
        keys_max_age: Duration::from_millis(50),
        refetch_cooldown: Duration::from_millis(10),
        ..VerifyOptions::default()
    });
    let token = f.key.sign(&claims());
    assert!(f.verifier.verify(&token).await.is_ok());

    f.jwks.publish(None);
    tokio::time::sleep(Duration::from_millis(80)).await;
    assert!(
        f.verifier.verify(&token).await.is_ok(),
        "an outage of the key source keeps the cached keys"
    );

    let replacement = TestKey::generate("key-2");
    f.jwks.publish(Some(jwks_of(&[&replacement])));
    tokio::time::sleep(Duration::from_millis(80)).await;
    let result = f.verifier.verify(&token).await;
    assert!(
        matches!(result, Err(AuthError::UnknownKey(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn keys_of_other_types_under_a_known_kid_are_ignored() {
    let key = TestKey::generate("key-1");
    let mut set = jwks_of(&[]);
    let secret: jsonwebtoken::jwk::Jwk = serde_json::from_value(serde_json::json!({
        "kty": "oct", "kid": "key-1", "k": "c2VjcmV0"
    }))
    .unwrap();
    set.keys.push(secret);
    let jwks = Arc::new(MemoryJwks::new(set));
    let verifier = TokenVerifier::new(
        jwks,
        SessionRevocations::in_process(),
        VerifyOptions::default(),
    );
    let result = verifier.verify(&key.sign(&claims())).await;
    assert!(
        matches!(result, Err(AuthError::UnknownKey(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn the_published_key_set_is_served_from_the_cache() {
    let f = fixture();
    let set = f.verifier.jwks().await.unwrap();
    assert_eq!(set.keys.len(), 1);
    assert_eq!(set.keys[0].common.key_id.as_deref(), Some("key-1"));
    f.verifier.jwks().await.unwrap();
    assert_eq!(f.jwks.fetches(), 1);
}
