//! Access tokens, refresh rotation, reuse detection and session management, through the
//! router: a revoked session's access token stops working at once.

use base64::Engine as _;
use e2e::identity::{LOGIN, PASSWORD, account_from};
use e2e::{Backend, Options, TestStack, on_both_backends};
use serde_json::{Value, json};

const REFRESH: &str = r#"mutation($token: String!) {
  refreshToken(refreshToken: $token) { accessToken refreshToken sessionId user { id email } }
}"#;
const ME: &str = "{ me { id email } }";

fn options(redis: bool) -> Options {
    Options { seed: false, redis }
}

fn jwt_part(token: &str, index: usize) -> Value {
    let part = token.split('.').nth(index).expect("jwt part");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("json")
}

fn code(reply: &e2e::Reply) -> Value {
    reply.body["errors"][0]["extensions"]["code"].clone()
}

async fn access_tokens_carry_the_contract_claims(backend: Backend) {
    let test = TestStack::start(backend, options(false)).await;
    let account = test.signed_up("claims@example.jp", "EMPLOYER").await;
    let header = jwt_part(&account.access_token, 0);
    assert_eq!(header["alg"], "EdDSA");
    assert!(header["kid"].as_str().is_some_and(|kid| !kid.is_empty()));
    let claims = jwt_part(&account.access_token, 1);
    assert_eq!(claims["sub"], account.id.as_str());
    assert_eq!(claims["sid"], account.session_id.as_str());
    assert_eq!(claims["role"], "employer");
    assert_eq!(claims["iss"], "iworkz-users");
    assert_eq!(claims["aud"], "iworkz-graph");
    assert!(claims["jti"].as_str().is_some());
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(lifetime, 15 * 60);
    let permissions: Vec<&str> = claims["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        permissions,
        [
            "analytics:read",
            "interviews:create",
            "jobs:create",
            "jobs:read",
            "jobs:update",
            "matches:read"
        ]
    );

    // The router publishes the keys that verify it.
    let jwks_url = test
        .client
        .url
        .replace("/graphql", "/.well-known/jwks.json");
    let jwks: Value = reqwest::get(jwks_url).await.unwrap().json().await.unwrap();
    assert!(
        jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .any(|key| key["kid"] == header["kid"] && key["crv"] == "Ed25519")
    );
    let me = test
        .as_user(&account.access_token)
        .data(ME, json!({}))
        .await;
    assert_eq!(me["me"]["id"], account.id.as_str());
}
on_both_backends!(access_tokens_carry_the_contract_claims);

async fn reusing_a_rotated_refresh_token_revokes_the_whole_family(backend: Backend) {
    let test = TestStack::start_configured(backend, options(true), |config| {
        config.identity.tokens.refresh_reuse_grace = chrono::Duration::zero();
    })
    .await;
    let account = test.signed_up("rotate@example.jp", "CANDIDATE").await;
    let rotated = test
        .client
        .data(REFRESH, json!({"token": account.refresh_token}))
        .await;
    let successor = account_from(&rotated["refreshToken"], &account.email);
    assert_ne!(successor.refresh_token, account.refresh_token);
    assert_eq!(successor.session_id, account.session_id);
    test.as_user(&successor.access_token)
        .data(ME, json!({}))
        .await;

    // The old token again: a copy is in someone else's hands. The family ends.
    let reuse = test
        .client
        .post(REFRESH, json!({"token": account.refresh_token}))
        .await;
    assert_eq!(code(&reuse), "UNAUTHENTICATED");
    let successor_refresh = test
        .client
        .post(REFRESH, json!({"token": successor.refresh_token}))
        .await;
    assert_eq!(code(&successor_refresh), "UNAUTHENTICATED");
    let with_access = test
        .as_user(&successor.access_token)
        .post(ME, json!({}))
        .await;
    assert_eq!(
        code(&with_access),
        "UNAUTHENTICATED",
        "{}",
        with_access.body
    );
}
on_both_backends!(reusing_a_rotated_refresh_token_revokes_the_whole_family);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_refreshing_at_once_both_stay_signed_in() {
    let test = TestStack::start(Backend::Sqlite, options(false)).await;
    let account = test.signed_up("tabs@example.jp", "CANDIDATE").await;
    let (first, second) = tokio::join!(
        test.client
            .post(REFRESH, json!({"token": account.refresh_token})),
        test.client
            .post(REFRESH, json!({"token": account.refresh_token})),
    );
    for reply in [&first, &second] {
        let tokens = &reply.body["data"]["refreshToken"];
        let next = account_from(tokens, &account.email);
        test.as_user(&next.access_token).data(ME, json!({})).await;
        test.client
            .data(REFRESH, json!({"token": next.refresh_token}))
            .await;
    }
}

async fn sessions_are_listed_and_revoked_one_by_one_or_all_others(backend: Backend) {
    let test = TestStack::start(backend, options(true)).await;
    let laptop = test.signed_up("devices@example.jp", "CANDIDATE").await;
    let phone = test.login("devices@example.jp").await;
    let tablet = test.login("devices@example.jp").await;

    let list = test
        .as_user(&laptop.access_token)
        .data("{ mySessions { id current } }", json!({}))
        .await;
    let sessions = list["mySessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 3);
    let current: Vec<_> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["id"], laptop.session_id.as_str());

    let revoke = "mutation($id: ID!) { revokeSession(id: $id) }";
    test.as_user(&laptop.access_token)
        .data(revoke, json!({"id": phone.session_id}))
        .await;
    let phone_me = test.as_user(&phone.access_token).post(ME, json!({})).await;
    assert_eq!(code(&phone_me), "UNAUTHENTICATED");

    // Someone else's session id is not found, not revoked.
    let stranger = test.signed_up("stranger@example.jp", "CANDIDATE").await;
    let foreign = test
        .as_user(&stranger.access_token)
        .post(revoke, json!({"id": laptop.session_id}))
        .await;
    assert_eq!(code(&foreign), "NOT_FOUND");

    let others = test
        .as_user(&laptop.access_token)
        .data("mutation { revokeOtherSessions }", json!({}))
        .await;
    assert_eq!(others["revokeOtherSessions"], 1);
    let tablet_me = test.as_user(&tablet.access_token).post(ME, json!({})).await;
    assert_eq!(code(&tablet_me), "UNAUTHENTICATED");
    test.as_user(&laptop.access_token).data(ME, json!({})).await;

    test.as_user(&laptop.access_token)
        .data("mutation { logout }", json!({}))
        .await;
    let after_logout = test.as_user(&laptop.access_token).post(ME, json!({})).await;
    assert_eq!(code(&after_logout), "UNAUTHENTICATED");
    let refresh = test
        .client
        .post(REFRESH, json!({"token": laptop.refresh_token}))
        .await;
    assert_eq!(code(&refresh), "UNAUTHENTICATED");
}
on_both_backends!(sessions_are_listed_and_revoked_one_by_one_or_all_others);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remember_me_sessions_last_thirty_days_instead_of_seven() {
    let test = TestStack::start(Backend::Sqlite, options(false)).await;
    test.register_verified("remember@example.jp", "CANDIDATE")
        .await;
    let mut expiries = Vec::new();
    for remember in [false, true] {
        let data = test
            .client
            .data(
                LOGIN,
                json!({"email": "remember@example.jp", "password": PASSWORD, "rememberMe": remember}),
            )
            .await;
        let expires = data["login"]["tokens"]["sessionExpiresAt"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap();
        expiries.push((expires - chrono::Utc::now()).num_days());
    }
    assert_eq!(expiries, [6, 29]);
}
