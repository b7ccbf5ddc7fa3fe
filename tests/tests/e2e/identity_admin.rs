//! Administration through the router: the first admin from configuration, user search,
//! suspension (which ends sessions), role grants reaching tokens, the audit trail.

use e2e::identity::{LOGIN, PASSWORD, with_admin};
use e2e::{Backend, Options, TestStack, on_both_backends};
use serde_json::{Value, json};

async fn start(backend: Backend) -> TestStack {
    TestStack::start_configured(
        backend,
        Options {
            seed: false,
            redis: true,
        },
        with_admin,
    )
    .await
}

fn error_code(body: &Value) -> Value {
    body["errors"][0]["extensions"]["code"].clone()
}

async fn admins_search_suspend_grant_and_audit(backend: Backend) {
    let test = start(backend).await;
    let admin = test.admin().await;
    let aiko = test.signed_up("aiko.tanaka@example.jp", "CANDIDATE").await;
    test.signed_up("ken.mori@example.jp", "EMPLOYER").await;

    let search = r#"query($filter: UserFilterInput) {
      users(filter: $filter, first: 10) { edges { node { id email roles } } pageInfo { hasNextPage } }
    }"#;
    let by_kana = admin
        .data(search, json!({"filter": {"query": "タナカ"}}))
        .await;
    let emails: Vec<&Value> = by_kana["users"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| &edge["node"]["email"])
        .collect();
    assert_eq!(
        emails.len(),
        2,
        "both test users carry the kana タナカ: {by_kana}"
    );
    let employers = admin
        .data(
            search,
            json!({"filter": {"role": "EMPLOYER", "query": "MORI"}}),
        )
        .await;
    assert_eq!(employers["users"]["edges"].as_array().unwrap().len(), 1);
    assert_eq!(
        employers["users"]["edges"][0]["node"]["email"],
        "ken.mori@example.jp"
    );
    let literal = admin.data(search, json!({"filter": {"query": "%"}})).await;
    assert_eq!(literal["users"]["edges"].as_array().unwrap().len(), 0);

    // Granting hr_manager reaches the next token's permissions.
    admin
        .data(
            r#"mutation($id: ID!) { assignRole(userId: $id, role: HR_MANAGER) { id } }"#,
            json!({"id": aiko.id}),
        )
        .await;
    let refreshed = test
        .client
        .data(
            "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken sessionId user { id roles } } }",
            json!({"t": aiko.refresh_token}),
        )
        .await;
    assert_eq!(
        refreshed["refreshToken"]["user"]["roles"],
        json!(["CANDIDATE", "HR_MANAGER"])
    );
    let token = refreshed["refreshToken"]["accessToken"].as_str().unwrap();
    let payload = token.split('.').nth(1).unwrap();
    use base64::Engine as _;
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    assert!(
        claims["permissions"]
            .as_array()
            .unwrap()
            .contains(&json!("jobs:delete"))
    );
    let primary = admin
        .post(
            r#"mutation($id: ID!) { revokeRole(userId: $id, role: CANDIDATE) { id } }"#,
            json!({"id": aiko.id}),
        )
        .await;
    assert_eq!(primary.body["errors"][0]["extensions"]["field"], "role");

    // Suspension ends the sessions at once and blocks sign-in.
    admin
        .data(
            r#"mutation($id: ID!) { setUserStatus(userId: $id, status: SUSPENDED, reason: "abuse report") { status } }"#,
            json!({"id": aiko.id}),
        )
        .await;
    let suspended = test.as_user(token).post("{ me { id } }", json!({})).await;
    assert_eq!(error_code(&suspended.body), "UNAUTHENTICATED");
    let login = test
        .client
        .post(
            LOGIN,
            json!({"email": "aiko.tanaka@example.jp", "password": PASSWORD}),
        )
        .await;
    assert_eq!(error_code(&login.body), "ACCOUNT_SUSPENDED");

    let audit = admin
        .data(
            r#"query($id: ID!) { auditLogs(filter: {userId: $id}, first: 50) { edges { node { action success actorId ip } } } }"#,
            json!({"id": aiko.id}),
        )
        .await;
    let actions: Vec<(String, bool)> = audit["auditLogs"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| {
            (
                edge["node"]["action"].as_str().unwrap().to_owned(),
                edge["node"]["success"].as_bool().unwrap(),
            )
        })
        .collect();
    for expected in [
        ("email_verified", true),
        ("login", true),
        ("admin.assign_role", true),
        ("admin.set_user_status", true),
        ("login", false),
    ] {
        let expected = (expected.0.to_owned(), expected.1);
        assert!(
            actions.contains(&expected),
            "{expected:?} missing in {actions:?}"
        );
    }
    assert!(
        audit["auditLogs"]["edges"][0]["node"]["ip"]
            .as_str()
            .is_some()
    );

    // The same grant from several tabs at once: the role is held afterwards, so every
    // request succeeds (none ends in an internal error), and it is granted and audited once.
    let ken = test.signed_up("ken.ota@example.jp", "CANDIDATE").await;
    let grants = (0..6).map(|_| {
        admin.post(
            r#"mutation($id: ID!) { assignRole(userId: $id, role: HR_MANAGER) { id roles } }"#,
            json!({"id": ken.id}),
        )
    });
    for reply in futures::future::join_all(grants).await {
        assert_eq!(reply.body["errors"], Value::Null, "{}", reply.body);
        assert_eq!(
            reply.body["data"]["assignRole"]["roles"],
            json!(["CANDIDATE", "HR_MANAGER"])
        );
    }
    let audit = admin
        .data(
            r#"query($id: ID!) { auditLogs(filter: {userId: $id}, first: 50) { edges { node { action } } } }"#,
            json!({"id": ken.id}),
        )
        .await;
    let grants_audited = audit["auditLogs"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|edge| edge["node"]["action"] == "admin.assign_role")
        .count();
    assert_eq!(grants_audited, 1, "{audit}");
}
on_both_backends!(admins_search_suspend_grant_and_audit);

async fn a_user_watches_their_own_status_and_not_others(backend: Backend) {
    let test = start(backend).await;
    let admin = test.admin().await;
    let aiko = test.signed_up("watcher@example.jp", "CANDIDATE").await;
    let ken = test.signed_up("other@example.jp", "CANDIDATE").await;
    let watch = "subscription($id: ID!) { userStatusChanged(userId: $id) { id status } }";
    let ws_url = test.client.websocket_url();
    let bearer = |token: &str| json!({"Authorization": format!("Bearer {token}")});

    let mut others = e2e::WsClient::start_with_params(
        &ws_url,
        bearer(&ken.access_token),
        watch,
        json!({"id": aiko.id}),
    )
    .await;
    let refused = others
        .next_message_within(std::time::Duration::from_secs(10))
        .await;
    let errors = match refused["type"].as_str() {
        Some("error") => refused["payload"].clone(),
        _ => refused["payload"]["errors"].clone(),
    };
    assert_eq!(errors[0]["extensions"]["code"], "FORBIDDEN", "{refused}");
    assert_eq!(refused["payload"]["data"]["userStatusChanged"], Value::Null);

    let bus = &test.stack.subgraphs.bus;
    let listening = bus.local_subscribers();
    let mut own = e2e::WsClient::start_with_params(
        &ws_url,
        bearer(&aiko.access_token),
        watch,
        json!({"id": aiko.id}),
    )
    .await;
    let mut watching_admin = e2e::WsClient::start_with_params(
        &ws_url,
        bearer(&admin.bearer.clone().unwrap()),
        watch,
        json!({"id": aiko.id}),
    )
    .await;
    e2e::wait_for_subscribers(bus, listening + 2).await;
    admin
        .data(
            r#"mutation($id: ID!) { setUserStatus(userId: $id, status: INACTIVE) { status } }"#,
            json!({"id": aiko.id}),
        )
        .await;
    let event = watching_admin
        .next_payload(std::time::Duration::from_secs(10))
        .await;
    assert_eq!(
        event["data"]["userStatusChanged"],
        json!({"id": aiko.id, "status": "INACTIVE"})
    );
    // Deactivation ended Aiko's sessions: her open subscription ends, saying why with
    // UNAUTHENTICATED and then `complete`, instead of delivering the event to a revoked token.
    let cut = own
        .next_message_within(std::time::Duration::from_secs(10))
        .await;
    assert_eq!(cut["type"], "next", "{cut}");
    assert_eq!(
        cut["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{cut}"
    );
    let complete = own
        .next_message_within(std::time::Duration::from_secs(10))
        .await;
    assert_eq!(complete["type"], "complete", "{complete}");
}
on_both_backends!(a_user_watches_their_own_status_and_not_others);
