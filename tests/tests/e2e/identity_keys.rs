//! Signing keys and stored credentials over time: keys persist, rotation keeps old tokens
//! valid, old password hashes are upgraded at sign-in, token reuse is reported as an event.

use base64::Engine as _;
use e2e::identity::{PASSWORD, with_admin};
use e2e::{Backend, Options, TestStack, on_both_backends};
use kit::config::ExposeSecret;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::{Value, json};

fn kid(token: &str) -> String {
    let header = token.split('.').next().unwrap();
    let header: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header)
            .unwrap(),
    )
    .unwrap();
    header["kid"].as_str().unwrap().to_owned()
}

async fn users_db(test: &TestStack) -> DatabaseConnection {
    Database::connect(test.storage.databases.users.expose_secret())
        .await
        .unwrap()
}

async fn scalar(db: &DatabaseConnection, sql: &str) -> String {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .expect("a row");
    row.try_get_by_index::<String>(0).unwrap()
}

async fn rotation_keeps_old_tokens_valid_and_keys_survive_restarts(backend: Backend) {
    let test = TestStack::start_configured(
        backend,
        Options {
            seed: false,
            redis: false,
        },
        |config| {
            with_admin(config);
            // Longer than the verifiers' refetch cooldown (5 s), as the 30 s default is.
            config.identity.tokens.key_publish_lead = chrono::Duration::seconds(6);
        },
    )
    .await;
    let before = test.signed_up("holder@example.jp", "CANDIDATE").await;
    let old_kid = kid(&before.access_token);

    // What a restarted users subgraph loads: the same key, from the database.
    let reloaded = users::service::KeyRing::load(
        users_db(&test).await,
        test.config.identity.data_encryption.resolve().unwrap(),
        chrono::Duration::minutes(15),
        chrono::Duration::seconds(30),
    )
    .await
    .unwrap();
    assert_eq!(reloaded.active().unwrap().kid, old_kid);

    let rotated = test
        .admin()
        .await
        .data("mutation { rotateSigningKey }", json!({}))
        .await;
    let new_kid = rotated["rotateSigningKey"].as_str().unwrap().to_owned();
    assert_ne!(new_kid, old_kid);

    // Published at once by the users subgraph, signing only after the lead: until then the old
    // key signs.
    let users_jwks =
        test.stack.subgraphs.urls()["users"].replace("/graphql", "/.well-known/jwks.json");
    let published: Value = reqwest::get(&users_jwks)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(published.to_string().contains(&new_kid));
    let during = test.login("holder@example.jp").await;
    assert_eq!(kid(&during.access_token), old_kid);
    // The lead is a rule of time, not a wait for a service: the new key signs once it passed.
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;
    let after = test.login("holder@example.jp").await;
    assert_eq!(kid(&after.access_token), new_kid);
    // Both the old and the new token verify at the router and the users subgraph.
    for token in [&before.access_token, &after.access_token] {
        let me = test.as_user(token).data("{ me { id } }", json!({})).await;
        assert_eq!(me["me"]["id"], before.id.as_str());
    }
    let jwks_url = test
        .client
        .url
        .replace("/graphql", "/.well-known/jwks.json");
    let jwks: Value = reqwest::get(&jwks_url).await.unwrap().json().await.unwrap();
    let kids: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|key| key["kid"].as_str())
        .collect();
    assert!(
        kids.contains(&old_kid.as_str()) && kids.contains(&new_kid.as_str()),
        "{kids:?}"
    );
}
on_both_backends!(rotation_keeps_old_tokens_valid_and_keys_survive_restarts);

async fn a_hash_with_old_parameters_is_upgraded_at_sign_in(backend: Backend) {
    let test = TestStack::start(
        backend,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let id = test
        .register_verified("legacy@example.jp", "CANDIDATE")
        .await;
    let params = argon2::Params::new(4096, 3, 1, None).unwrap();
    let legacy = argon2::password_hash::PasswordHasher::hash_password(
        &argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params),
        PASSWORD.as_bytes(),
        &argon2::password_hash::SaltString::from_b64("c2FsdHNhbHRzYWx0").unwrap(),
    )
    .unwrap()
    .to_string();
    let db = users_db(&test).await;
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        match db.get_database_backend() {
            sea_orm::DbBackend::Postgres => "UPDATE users SET password_hash = $1 WHERE id = $2",
            _ => "UPDATE users SET password_hash = ? WHERE id = ?",
        },
        [
            legacy.clone().into(),
            uuid::Uuid::parse_str(&id).unwrap().into(),
        ],
    ))
    .await
    .unwrap();

    test.login("legacy@example.jp").await;
    let stored = scalar(
        &db,
        "SELECT password_hash FROM users WHERE email_normalized = 'legacy@example.jp'",
    )
    .await;
    assert_ne!(stored, legacy);
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored}"
    );
    test.login("legacy@example.jp").await;
}
on_both_backends!(a_hash_with_old_parameters_is_upgraded_at_sign_in);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_token_reuse_raises_a_security_violation_event() {
    let test = TestStack::start_configured(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
        |config| config.identity.tokens.refresh_reuse_grace = chrono::Duration::zero(),
    )
    .await;
    let account = test.signed_up("reused@example.jp", "CANDIDATE").await;
    let refresh = "mutation($t: String!) { refreshToken(refreshToken: $t) { refreshToken } }";
    test.client
        .data(refresh, json!({"t": account.refresh_token}))
        .await;
    test.client
        .post(refresh, json!({"t": account.refresh_token}))
        .await;
    let db = users_db(&test).await;
    let payload = scalar(
        &db,
        "SELECT payload FROM users_outbox WHERE event_type = 'user.security_violation'",
    )
    .await;
    let event: Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(event["payload"]["kind"], "refresh_token_reuse");
    assert_eq!(event["payload"]["sessionId"], account.session_id.as_str());
}
