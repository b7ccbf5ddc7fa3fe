//! Signing keys and TOTP secrets at rest: sealed under the configured data-encryption key, plain
//! rows from before sealed at start, rotation re-seals every row, a wrong key stops start-up,
//! and a sealed value moved to another user's row does not open.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use e2e::identity::{Account, LOGIN, PASSWORD};
use e2e::{Backend, Options, Stopped, TestStack, on_both_backends};
use entities::users::{signing_key, totp_factor};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use sea_orm::{ActiveModelTrait, ActiveValue, Database, DatabaseConnection, EntityTrait};
use secrecy::ExposeSecret as _;
use serde_json::{Value, json};
use stack::StackConfig;
use totp_rs::{Builder, Secret};
use users::service::sealed_secrets::{SIGNING_KEY_DER, TOTP_SECRET};
use users::service::{DataEncryption, DataEncryptionKeys};
use uuid::Uuid;

const COMPLETE: &str = r#"mutation($ticket: String!, $code: String!) {
  completeMfaLogin(mfaTicket: $ticket, code: $code) { accessToken user { id mfaEnabled } }
}"#;

fn options() -> Options {
    Options {
        seed: false,
        redis: false,
    }
}

/// `kid:base64(32 random bytes)`, as an operator would write it into `DATA_ENCRYPTION_KEYS`.
fn random_entry(kid: &str) -> String {
    let key = [*Uuid::new_v4().as_bytes(), *Uuid::new_v4().as_bytes()].concat();
    format!("{kid}:{}", STANDARD.encode(key))
}

fn use_keys(config: &mut StackConfig, value: &str) {
    config.identity.data_encryption =
        DataEncryption::Keys(DataEncryptionKeys::parse(value).unwrap());
}

fn keys_of(config: &StackConfig) -> DataEncryptionKeys {
    config.identity.data_encryption.resolve().unwrap()
}

async fn users_db(storage: &e2e::backend::Storage) -> DatabaseConnection {
    Database::connect(storage.databases.users.expose_secret())
        .await
        .unwrap()
}

async fn signing_rows(db: &DatabaseConnection) -> Vec<signing_key::Model> {
    signing_key::Entity::find().all(db).await.unwrap()
}

async fn stored_totp(db: &DatabaseConnection, user: &str) -> String {
    totp_factor::Entity::find_by_id(Uuid::parse_str(user).unwrap())
        .one(db)
        .await
        .unwrap()
        .expect("a TOTP factor")
        .secret
}

fn code_at(secret: &str, unix: i64) -> String {
    Builder::new()
        .with_secret(Secret::try_from_base32(secret).unwrap().as_bytes().to_vec())
        .build()
        .unwrap()
        .generate(u64::try_from(unix).unwrap())
        .to_string()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn kid_of(token: &str) -> String {
    let header = token.split('.').next().unwrap();
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap();
    header["kid"].as_str().unwrap().to_owned()
}

/// Sets up and confirms MFA; returns the base32 secret the user was shown.
async fn enable_mfa(test: &TestStack, account: &Account) -> String {
    let me = test.as_user(&account.access_token);
    let setup = me.data("mutation { setupMfa { secret } }", json!({})).await;
    let secret = setup["setupMfa"]["secret"].as_str().unwrap().to_owned();
    me.data(
        "mutation($code: String!) { confirmMfa(code: $code) { codes } }",
        json!({"code": code_at(&secret, now())}),
    )
    .await;
    secret
}

/// Signs in with password and a TOTP code one step ahead (the confirmation used this step).
async fn mfa_login(test: &TestStack, email: &str, secret: &str) -> Value {
    let first = test
        .client
        .data(LOGIN, json!({"email": email, "password": PASSWORD}))
        .await;
    assert_eq!(first["login"]["status"], "MFA_REQUIRED");
    let ticket = first["login"]["mfaTicket"].as_str().unwrap();
    test.client
        .post(
            COMPLETE,
            json!({"ticket": ticket, "code": code_at(secret, now() + 30)}),
        )
        .await
        .body
}

async fn me(test: &TestStack, token: &str) -> String {
    let me = test.as_user(token).data("{ me { id } }", json!({})).await;
    me["me"]["id"].as_str().unwrap().to_owned()
}

async fn secrets_are_sealed_in_the_database(backend: Backend) {
    let test = TestStack::start(backend, options()).await;
    let keys = keys_of(&test.config);
    let account = test.signed_up("sealed@example.jp", "CANDIDATE").await;
    let secret = enable_mfa(&test, &account).await;
    let db = users_db(&test.storage).await;

    let stored = stored_totp(&db, &account.id).await;
    let raw = Secret::try_from_base32(&secret)
        .unwrap()
        .as_bytes()
        .to_vec();
    assert!(stored.starts_with("v1.test."), "{stored}");
    for shown in [
        secret.clone(),
        STANDARD.encode(&raw),
        URL_SAFE_NO_PAD.encode(&raw),
    ] {
        assert!(!stored.contains(&shown[..12]), "{stored} shows {shown}");
    }
    let opened = keys.open(TOTP_SECRET, &account.id, &stored).unwrap();
    assert_eq!(opened.expose_secret(), raw.as_slice());

    let rows = signing_rows(&db).await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert!(row.private_key_der.starts_with("v1.test."));
    let der = keys
        .open(SIGNING_KEY_DER, &row.kid, &row.private_key_der)
        .unwrap();
    let der = der.expose_secret();
    let seed = &der[der.len() - 32..];
    for shown in [
        STANDARD.encode(der),
        STANDARD.encode(seed),
        URL_SAFE_NO_PAD.encode(seed),
    ] {
        assert!(!row.private_key_der.contains(&shown[..12]));
    }
    // What opens is the key that signs: a token made with it passes the router.
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(row.kid.clone());
    let issued = now();
    let claims = json!({
        "sub": account.id, "role": "candidate", "permissions": [], "sid": account.session_id,
        "iss": "iworkz-users", "aud": "iworkz-graph", "exp": issued + 600, "iat": issued,
        "nbf": issued, "jti": Uuid::new_v4().to_string(),
    });
    let token = jsonwebtoken::encode(&header, &claims, &EncodingKey::from_ed_der(der)).unwrap();
    assert_eq!(me(&test, &token).await, account.id);
}
on_both_backends!(secrets_are_sealed_in_the_database);

/// Writes the rows back as the code before sealing stored them: base64 DER, base32 secret.
async fn unseal_the_old_way(stopped: &Stopped, user: &str, secret: &str) {
    let keys = keys_of(&stopped.config);
    let db = users_db(&stopped.storage).await;
    for row in signing_rows(&db).await {
        let der = keys
            .open(SIGNING_KEY_DER, &row.kid, &row.private_key_der)
            .unwrap();
        signing_key::ActiveModel {
            kid: ActiveValue::Unchanged(row.kid.clone()),
            private_key_der: ActiveValue::Set(STANDARD.encode(der.expose_secret())),
            ..Default::default()
        }
        .update(&db)
        .await
        .unwrap();
    }
    totp_factor::ActiveModel {
        user_id: ActiveValue::Unchanged(Uuid::parse_str(user).unwrap()),
        secret: ActiveValue::Set(secret.to_owned()),
        ..Default::default()
    }
    .update(&db)
    .await
    .unwrap();
    assert_eq!(stored_totp(&db, user).await, secret);
}

async fn plain_rows_from_before_are_sealed_at_start_and_keep_working(backend: Backend) {
    let test = TestStack::start(backend, options()).await;
    let account = test.signed_up("legacy@example.jp", "CANDIDATE").await;
    let secret = enable_mfa(&test, &account).await;
    let old_token = account.access_token.clone();
    let stopped = test.stop().await;
    unseal_the_old_way(&stopped, &account.id, &secret).await;

    let test = stopped.start(|_| {}).await;
    let keys = keys_of(&test.config);
    let db = users_db(&test.storage).await;
    let stored = stored_totp(&db, &account.id).await;
    assert!(stored.starts_with("v1.test."), "{stored}");
    assert!(!stored.contains(&secret[..12]));
    let opened = keys.open(TOTP_SECRET, &account.id, &stored).unwrap();
    assert_eq!(
        opened.expose_secret(),
        Secret::try_from_base32(&secret).unwrap().as_bytes()
    );
    for row in signing_rows(&db).await {
        assert!(row.private_key_der.starts_with("v1.test."));
    }

    // A token signed with the old key before the restart still verifies through the router,
    // and the sealed key keeps signing: sign-in with the old TOTP secret works.
    assert_eq!(me(&test, &old_token).await, account.id);
    let after = mfa_login(&test, "legacy@example.jp", &secret).await;
    let new_token = after["data"]["completeMfaLogin"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{after}"));
    assert_eq!(kid_of(new_token), kid_of(&old_token));
    assert_eq!(me(&test, new_token).await, account.id);
}
on_both_backends!(plain_rows_from_before_are_sealed_at_start_and_keep_working);

async fn all_stored(db: &DatabaseConnection) -> Vec<String> {
    let mut values: Vec<String> = signing_rows(db)
        .await
        .into_iter()
        .map(|row| row.private_key_der)
        .collect();
    values.extend(
        totp_factor::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|row| row.secret),
    );
    values.sort();
    values
}

async fn rotation_reseals_every_row_under_the_new_key(backend: Backend) {
    let old = random_entry("old");
    let new = random_entry("new");
    let test = TestStack::start_configured(backend, options(), |config| {
        use_keys(config, &old);
    })
    .await;
    let mut users = Vec::new();
    for email in ["first@example.jp", "second@example.jp"] {
        let account = test.signed_up(email, "CANDIDATE").await;
        users.push((email, enable_mfa(&test, &account).await));
    }
    let stopped = test.stop().await;
    let before = all_stored(&users_db(&stopped.storage).await).await;
    assert_eq!(before.len(), 3);
    assert!(before.iter().all(|value| value.starts_with("v1.old.")));

    let rotated = format!("{new},{old}");
    let test = stopped.start(|config| use_keys(config, &rotated)).await;
    let after = all_stored(&users_db(&test.storage).await).await;
    assert_eq!(after.len(), 3);
    assert!(
        after.iter().all(|value| value.starts_with("v1.new.")),
        "{after:?}"
    );
    // The new key alone opens every secret.
    let new_only = DataEncryptionKeys::parse(&new).unwrap();
    let db = users_db(&test.storage).await;
    for row in totp_factor::Entity::find().all(&db).await.unwrap() {
        new_only
            .open(TOTP_SECRET, &row.user_id.to_string(), &row.secret)
            .unwrap();
    }
    let (email, secret) = &users[0];
    let done = mfa_login(&test, email, secret).await;
    assert!(
        done["data"]["completeMfaLogin"]["accessToken"].is_string(),
        "{done}"
    );

    // Starting again changes nothing; then the old key can go.
    let stopped = test.stop().await;
    stopped
        .try_start(|config| use_keys(config, &rotated))
        .await
        .unwrap();
    assert_eq!(all_stored(&users_db(&stopped.storage).await).await, after);
    let test = stopped.start(|config| use_keys(config, &new)).await;
    let (email, secret) = &users[1];
    let done = mfa_login(&test, email, secret).await;
    assert!(
        done["data"]["completeMfaLogin"]["accessToken"].is_string(),
        "{done}"
    );
}
on_both_backends!(rotation_reseals_every_row_under_the_new_key);

async fn start_up_refuses_keys_that_do_not_open_existing_rows(backend: Backend) {
    let test = TestStack::start(backend, options()).await;
    let account = test.signed_up("kept@example.jp", "CANDIDATE").await;
    let secret = enable_mfa(&test, &account).await;
    let stopped = test.stop().await;
    let db = users_db(&stopped.storage).await;
    let before = all_stored(&db).await;

    let missing = random_entry("other");
    let same_id_other_key = random_entry("test");
    for (keys, names) in [(&missing, "\"test\""), (&same_id_other_key, "\"test\"")] {
        let err = stopped
            .try_start(|config| use_keys(config, keys))
            .await
            .expect_err("start-up fails");
        let message = format!("{err:#}");
        assert!(message.contains("DATA_ENCRYPTION_KEYS"), "{message}");
        assert!(message.contains(names), "{message}");
    }
    // Nothing was dropped or overwritten: the right key still opens everything.
    assert_eq!(all_stored(&db).await, before);
    let test = stopped.start(|_| {}).await;
    let done = mfa_login(&test, "kept@example.jp", &secret).await;
    assert!(
        done["data"]["completeMfaLogin"]["accessToken"].is_string(),
        "{done}"
    );
}
on_both_backends!(start_up_refuses_keys_that_do_not_open_existing_rows);

async fn a_secret_moved_to_another_users_row_does_not_open(backend: Backend) {
    let test = TestStack::start(backend, options()).await;
    let alice = test.signed_up("alice@example.jp", "CANDIDATE").await;
    let alice_secret = enable_mfa(&test, &alice).await;
    let bob = test.signed_up("bob@example.jp", "CANDIDATE").await;
    let bob_secret = enable_mfa(&test, &bob).await;
    let db = users_db(&test.storage).await;
    let (alice_stored, bob_stored) = (
        stored_totp(&db, &alice.id).await,
        stored_totp(&db, &bob.id).await,
    );
    for (user, stored) in [(&alice.id, &bob_stored), (&bob.id, &alice_stored)] {
        totp_factor::ActiveModel {
            user_id: ActiveValue::Unchanged(Uuid::parse_str(user).unwrap()),
            secret: ActiveValue::Set(stored.clone()),
            ..Default::default()
        }
        .update(&db)
        .await
        .unwrap();
    }

    let keys = keys_of(&test.config);
    assert!(keys.open(TOTP_SECRET, &alice.id, &bob_stored).is_err());
    assert!(keys.open(TOTP_SECRET, &bob.id, &alice_stored).is_err());
    // Neither Bob's secret (now in Alice's row) nor Alice's own signs Alice in.
    for secret in [&bob_secret, &alice_secret] {
        let refused = mfa_login(&test, "alice@example.jp", secret).await;
        assert!(refused["data"]["completeMfaLogin"].is_null(), "{refused}");
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "INTERNAL",
            "{refused}"
        );
    }
}
on_both_backends!(a_secret_moved_to_another_users_row_does_not_open);
