//! Attacks on identity, through the router: enumeration by message and timing, alias-batched
//! guessing, lockout, forged and tampered tokens, revoked sessions, privilege escalation.
//! (Refresh-token reuse is in `identity_sessions.rs`, replayed TOTP in `identity_mfa.rs`.)

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use e2e::identity::{LOGIN, PASSWORD};
use e2e::{Backend, Options, TestStack, on_both_backends};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn options() -> Options {
    Options {
        seed: false,
        redis: false,
    }
}

fn first_error(body: &Value) -> (Value, Value) {
    let error = &body["errors"][0];
    (
        error["extensions"]["code"].clone(),
        error["message"].clone(),
    )
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_email_and_wrong_password_look_the_same() {
    let test = TestStack::start_configured(Backend::Sqlite, options(), |config| {
        let policy = &mut config.identity.login_policy;
        policy.per_account_ip = 1000;
        policy.per_ip = 1000;
        policy.lockout_threshold = 1000;
    })
    .await;
    test.register_verified("known@example.jp", "CANDIDATE")
        .await;
    let attempt = |email: &'static str| {
        let client = test.client.clone();
        async move {
            let started = Instant::now();
            let reply = client
                .post(
                    LOGIN,
                    json!({"email": email, "password": "wrong password here"}),
                )
                .await;
            (started.elapsed(), first_error(&reply.body))
        }
    };
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let (elapsed, known_error) = attempt("known@example.jp").await;
        known.push(elapsed);
        let (elapsed, unknown_error) = attempt("unknown@example.jp").await;
        unknown.push(elapsed);
        assert_eq!(known_error, unknown_error);
        assert_eq!(known_error.0, "UNAUTHENTICATED");
    }
    // Both verify one argon2id hash: the medians stay within a factor of two of each other.
    let (known, unknown) = (median(known), median(unknown));
    let ratio = known.as_secs_f64() / unknown.as_secs_f64();
    assert!(
        (0.5..2.0).contains(&ratio),
        "known {known:?} vs unknown {unknown:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_aliased_login_attempts_in_one_request_count_one_by_one() {
    // The router refuses such a batch outright (next test); raised limits show the throttle
    // still counts every alias that gets through.
    let test = TestStack::start_configured(Backend::Sqlite, options(), |config| {
        let limits = &mut config.edge.limits;
        limits.max_aliases = 100;
        limits.max_root_fields = 100;
        limits.max_errors = 100;
    })
    .await;
    test.register_verified("target@example.jp", "CANDIDATE")
        .await;
    let reply = test
        .client
        .post(&aliased_logins("target@example.jp", 100), json!({}))
        .await;
    let codes: Vec<String> = reply.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|error| {
            error["extensions"]["code"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(codes.len(), 100, "{}", reply.body);
    let guessed = codes
        .iter()
        .filter(|code| *code == "UNAUTHENTICATED")
        .count();
    let limited = codes.iter().filter(|code| *code == "RATE_LIMITED").count();
    assert_eq!((guessed, limited), (5, 95), "{codes:?}");
    // The throttle holds for the right password too, until the window ends.
    let right = test
        .client
        .post(
            LOGIN,
            json!({"email": "target@example.jp", "password": PASSWORD}),
        )
        .await;
    assert_eq!(first_error(&right.body).0, "RATE_LIMITED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_of_aliased_login_attempts_is_refused_before_any_runs() {
    let test = TestStack::start(Backend::Sqlite, options()).await;
    test.register_verified("target@example.jp", "CANDIDATE")
        .await;
    let reply = test
        .client
        .post(&aliased_logins("target@example.jp", 100), json!({}))
        .await;
    let codes = reply.body["errors"].to_string();
    assert!(
        codes.contains("MAX_ALIASES_EXCEEDED") && codes.contains("MAX_ROOT_FIELDS_EXCEEDED"),
        "{}",
        reply.body
    );
    assert!(reply.body.get("data").is_none(), "{}", reply.body);
    // Nothing was attempted: the right password signs in at once.
    let right = test
        .client
        .post(
            LOGIN,
            json!({"email": "target@example.jp", "password": PASSWORD}),
        )
        .await;
    assert!(right.body.get("errors").is_none(), "{}", right.body);
}

/// One mutation with `count` aliased sign-in attempts with wrong passwords.
fn aliased_logins(email: &str, count: usize) -> String {
    let aliases: String = (0..count)
        .map(|i| {
            format!(
                "a{i}: login(email: \"{email}\", password: \"guess number {i:03}\") {{ status }}\n"
            )
        })
        .collect();
    format!("mutation {{\n{aliases}}}")
}

async fn repeated_failures_lock_any_address_until_the_window_ends(backend: Backend) {
    let test = TestStack::start_configured(backend, options(), |config| {
        let policy = &mut config.identity.login_policy;
        policy.per_account_ip = 100;
        policy.lockout_threshold = 3;
        policy.lockout_window = chrono::Duration::seconds(3);
    })
    .await;
    test.register_verified("locked@example.jp", "CANDIDATE")
        .await;
    for email in ["locked@example.jp", "ghost@example.jp"] {
        for _ in 0..3 {
            let reply = test
                .client
                .post(
                    LOGIN,
                    json!({"email": email, "password": "wrong password here"}),
                )
                .await;
            assert_eq!(first_error(&reply.body).0, "UNAUTHENTICATED");
        }
        let locked = test
            .client
            .post(LOGIN, json!({"email": email, "password": PASSWORD}))
            .await;
        assert_eq!(first_error(&locked.body).0, "ACCOUNT_LOCKED", "{email}");
    }
    // The owner hears of it, once; the address without an account gets nothing.
    let notice =
        e2e::identity::mailed_code(&test.mail_dir, "locked@example.jp", "locked until").await;
    assert!(notice.contains("(UTC)"), "{notice}");
    let notices = |to: &str| {
        e2e::identity::mails_to(&test.mail_dir, to)
            .iter()
            .filter(|body| body.contains("locked until"))
            .count()
    };
    assert_eq!(notices("locked@example.jp"), 1);
    assert_eq!(notices("ghost@example.jp"), 0);
    tokio::time::sleep(Duration::from_millis(3200)).await;
    let unlocked = test
        .client
        .data(
            LOGIN,
            json!({"email": "locked@example.jp", "password": PASSWORD}),
        )
        .await;
    assert_eq!(unlocked["login"]["status"], "SIGNED_IN");
}
on_both_backends!(repeated_failures_lock_any_address_until_the_window_ends);

/// The users subgraph's current signing key, as an attacker who stole the database and the
/// data-encryption key would hold it.
async fn signing_key(test: &TestStack) -> (String, EncodingKey) {
    let db = Database::connect(secrecy::ExposeSecret::expose_secret(
        &test.storage.databases.users,
    ))
    .await
    .unwrap();
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT kid, private_key_der FROM signing_keys WHERE retired_at IS NULL",
        ))
        .await
        .unwrap()
        .expect("a signing key");
    let kid: String = row.try_get("", "kid").unwrap();
    let sealed: String = row.try_get("", "private_key_der").unwrap();
    let der = test
        .config
        .identity
        .data_encryption
        .resolve()
        .unwrap()
        .open(
            users::service::sealed_secrets::SIGNING_KEY_DER,
            &kid,
            &sealed,
        )
        .unwrap();
    let key = EncodingKey::from_ed_der(secrecy::ExposeSecret::expose_secret(&der));
    (kid, key)
}

fn claims(account: &e2e::identity::Account, overrides: Value) -> Value {
    let now = chrono::Utc::now().timestamp();
    let mut claims = json!({
        "sub": account.id, "role": "admin", "permissions": ["*"], "sid": account.session_id,
        "iss": "iworkz-users", "aud": "iworkz-graph", "exp": now + 600, "iat": now, "nbf": now,
        "jti": uuid::Uuid::new_v4().to_string(),
    });
    for (key, value) in overrides.as_object().unwrap() {
        claims[key] = value.clone();
    }
    claims
}

async fn forged_expired_and_tampered_tokens_are_refused(backend: Backend) {
    let test = TestStack::start(backend, options()).await;
    let account = test.signed_up("victim@example.jp", "CANDIDATE").await;
    let (kid, real_key) = signing_key(&test).await;
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(kid.clone());
    let sign =
        |claims: &Value, key: &EncodingKey| jsonwebtoken::encode(&header, claims, key).unwrap();

    // Control: the real key with the right claims works (so the refusals below are real).
    let valid = sign(
        &claims(&account, json!({"role": "candidate", "permissions": []})),
        &real_key,
    );
    test.as_user(&valid).data("{ me { id } }", json!({})).await;

    let now = chrono::Utc::now().timestamp();
    let mut attacker_seed = [7u8; 32];
    attacker_seed[0] = 1;
    let attacker = ed25519_key(&attacker_seed);
    let none_token = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(json!({"alg": "none", "typ": "JWT", "kid": kid}).to_string()),
        URL_SAFE_NO_PAD.encode(claims(&account, json!({})).to_string()),
    );
    let jwks_url = test
        .client
        .url
        .replace("/graphql", "/.well-known/jwks.json");
    let jwks: Value = reqwest::get(jwks_url).await.unwrap().json().await.unwrap();
    let public_x = jwks["keys"][0]["x"].as_str().unwrap().to_owned();
    let mut hs_header = Header::new(Algorithm::HS256);
    hs_header.kid = Some(kid.clone());
    let hs_confusion = jsonwebtoken::encode(
        &hs_header,
        &claims(&account, json!({})),
        &EncodingKey::from_secret(public_x.as_bytes()),
    )
    .unwrap();
    let cases = [
        (
            "expired",
            sign(
                &claims(
                    &account,
                    json!({"exp": now - 60, "iat": now - 1000, "nbf": now - 1000}),
                ),
                &real_key,
            ),
        ),
        (
            "not yet valid",
            sign(&claims(&account, json!({"nbf": now + 600})), &real_key),
        ),
        (
            "wrong audience",
            sign(&claims(&account, json!({"aud": "someone-else"})), &real_key),
        ),
        (
            "wrong issuer",
            sign(&claims(&account, json!({"iss": "evil"})), &real_key),
        ),
        (
            "forged signature",
            sign(&claims(&account, json!({})), &attacker),
        ),
        ("alg none", none_token),
        ("HS256 with the public key", hs_confusion),
        ("garbage", "not.a.jwt".to_owned()),
    ];
    for (name, token) in cases {
        let reply = test.as_user(&token).post("{ me { id } }", json!({})).await;
        assert_eq!(
            first_error(&reply.body).0,
            "UNAUTHENTICATED",
            "{name}: {}",
            reply.body
        );
        assert_eq!(reply.body["data"], Value::Null, "{name}");
    }

    // A signed-out session's token (still unexpired) is refused too.
    test.as_user(&account.access_token)
        .data("mutation { logout }", json!({}))
        .await;
    let revoked = test
        .as_user(&account.access_token)
        .post("{ me { id } }", json!({}))
        .await;
    assert_eq!(first_error(&revoked.body).0, "UNAUTHENTICATED");
    let revoked_valid = test.as_user(&valid).post("{ me { id } }", json!({})).await;
    assert_eq!(first_error(&revoked_valid.body).0, "UNAUTHENTICATED");
}
on_both_backends!(forged_expired_and_tampered_tokens_are_refused);

fn ed25519_key(seed: &[u8; 32]) -> EncodingKey {
    // PKCS#8 v1 wrapping of an Ed25519 seed (RFC 8410): fixed 16-byte prefix + the seed.
    let mut der = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    der.extend_from_slice(seed);
    EncodingKey::from_ed_der(&der)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_candidate_cannot_reach_admin_fields() {
    let test = TestStack::start(Backend::Sqlite, options()).await;
    let candidate = test.signed_up("climber@example.jp", "CANDIDATE").await;
    let as_candidate = test.as_user(&candidate.access_token);
    let attempts = [
        ("{ users(first: 5) { edges { node { id } } } }", json!({})),
        (
            "{ auditLogs(first: 5) { edges { node { action } } } }",
            json!({}),
        ),
        (
            "mutation($id: ID!) { assignRole(userId: $id, role: ADMIN) { id } }",
            json!({"id": candidate.id}),
        ),
        (
            "mutation($id: ID!) { setUserStatus(userId: $id, status: ACTIVE) { id } }",
            json!({"id": candidate.id}),
        ),
        ("mutation { rotateSigningKey }", json!({})),
    ];
    for (query, variables) in attempts {
        let reply = as_candidate.post(query, variables.clone()).await;
        assert_eq!(
            first_error(&reply.body).0,
            "FORBIDDEN",
            "{query}: {}",
            reply.body
        );
        let anonymous = test.client.post(query, variables).await;
        assert_eq!(first_error(&anonymous.body).0, "UNAUTHENTICATED", "{query}");
    }
    // Still a candidate with candidate permissions.
    let roles = as_candidate.data("{ me { role roles } }", json!({})).await;
    assert_eq!(
        roles["me"],
        json!({"role": "CANDIDATE", "roles": ["CANDIDATE"]})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_ip_guessing_across_many_accounts_is_throttled() {
    let test = TestStack::start_configured(Backend::Sqlite, options(), |config| {
        let policy = &mut config.identity.login_policy;
        policy.per_account_ip = 100;
        policy.per_ip = 3;
    })
    .await;
    for (attempt, expected) in [
        "UNAUTHENTICATED",
        "UNAUTHENTICATED",
        "UNAUTHENTICATED",
        "RATE_LIMITED",
    ]
    .into_iter()
    .enumerate()
    {
        let reply = test
            .client
            .post(
                LOGIN,
                json!({"email": format!("spray{attempt}@example.jp"), "password": "spring2026spring"}),
            )
            .await;
        assert_eq!(first_error(&reply.body).0, expected, "attempt {attempt}");
    }
}

/// Per address, only failures count: people behind one address (an office, a school, a
/// dormitory) who sign in correctly are never refused, however many they are.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_address_signing_in_correctly_is_never_throttled() {
    let test = TestStack::start_configured(Backend::Sqlite, options(), |config| {
        let policy = &mut config.identity.login_policy;
        policy.per_account_ip = 100;
        policy.per_ip = 3;
    })
    .await;
    for n in 0..2 {
        test.register_verified(&format!("dorm{n}@example.jp"), "CANDIDATE")
            .await;
    }
    for round in 0..6 {
        let email = format!("dorm{}@example.jp", round % 2);
        let reply = test
            .client
            .post(
                LOGIN,
                json!({"email": email, "password": e2e::identity::PASSWORD}),
            )
            .await;
        assert!(
            reply.body["data"]["login"]["tokens"]["accessToken"].is_string(),
            "sign-in {round}: {}",
            reply.body
        );
    }
    for (attempt, expected) in [
        "UNAUTHENTICATED",
        "UNAUTHENTICATED",
        "UNAUTHENTICATED",
        "RATE_LIMITED",
    ]
    .into_iter()
    .enumerate()
    {
        let reply = test
            .client
            .post(
                LOGIN,
                json!({"email": format!("guess{attempt}@example.jp"), "password": "spring2026spring"}),
            )
            .await;
        assert_eq!(first_error(&reply.body).0, expected, "failure {attempt}");
    }
}
