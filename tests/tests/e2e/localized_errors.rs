//! Errors in the caller's language, through the router: `Accept-Language` for anonymous
//! callers, the account's language preference for signed-in ones (it wins over the header),
//! English otherwise. The code never changes and the English text stays in
//! `extensions.detail`; the router's own refusals and WebSocket errors follow the same rule.

use e2e::identity::login;
use e2e::{Backend, GraphqlClient, Options, TestStack, WsClient};
use serde_json::{Value, json};
use std::time::Duration;

const PREVIEW: &str = "query($token: String!) { invitationPreview(token: $token) { email } }";
const LIST: &str =
    "query { companyInvitations(companyId: \"00000000-0000-0000-0000-000000000000\") { id } }";
const PREFERENCES: &str = "mutation($language: Language!) { updatePreferences(input: {language: $language}) { language } }";

/// POSTs `query` with `accept_language` (and `client`'s token), returning the body.
async fn asked_in(client: &GraphqlClient, accept_language: Option<&str>, query: &str) -> Value {
    let mut request = client
        .http
        .post(&client.url)
        .header("accept", "application/json");
    if let Some(language) = accept_language {
        request = request.header("accept-language", language);
    }
    if let Some(token) = &client.bearer {
        request = request.bearer_auth(token);
    }
    request
        .json(&json!({"query": query, "variables": {"token": "not-a-token"}}))
        .send()
        .await
        .expect("router answers")
        .json()
        .await
        .expect("json body")
}

fn first_error(body: &Value) -> (&str, &str, &str) {
    let error = &body["errors"][0];
    (
        error["extensions"]["code"].as_str().unwrap_or_default(),
        error["message"].as_str().unwrap_or_default(),
        error["extensions"]["detail"].as_str().unwrap_or_default(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_follow_the_callers_language() {
    let test = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;

    // The response says its language, and that the header chose it.
    let response = test
        .client
        .http
        .post(&test.client.url)
        .header("accept-language", "ja")
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await
        .expect("router answers");
    assert_eq!(response.headers()["content-language"], "ja");
    let vary: Vec<_> = response.headers().get_all("vary").iter().collect();
    assert!(
        vary.iter().any(|value| value
            .to_str()
            .unwrap_or_default()
            .contains("accept-language")),
        "{vary:?}"
    );

    // Anonymous: the header decides; a field's reason is translated, the English kept.
    let body = asked_in(&test.client, Some("ja-JP,ja;q=0.9,en;q=0.8"), PREVIEW).await;
    assert_eq!(
        first_error(&body),
        (
            "BAD_USER_INPUT",
            "tokenは有効な招待ではありません。",
            "token is not a valid invitation"
        ),
        "{body}"
    );
    assert_eq!(body["errors"][0]["extensions"]["field"], "token");
    let body = asked_in(&test.client, Some("ja"), LIST).await;
    assert_eq!(
        first_error(&body),
        (
            "UNAUTHENTICATED",
            "ログインが必要です。",
            "authentication required"
        ),
        "{body}"
    );
    for english in [None, Some("en-US,en;q=0.9"), Some("vi-VN, fr")] {
        let body = asked_in(&test.client, english, PREVIEW).await;
        assert_eq!(
            first_error(&body),
            ("BAD_USER_INPUT", "token is not a valid invitation", ""),
            "{english:?}: {body}"
        );
    }
    // The router's own refusal, before any subgraph.
    let body = asked_in(&test.client, Some("ja"), "{ noSuchField }").await;
    let (code, message, detail) = first_error(&body);
    assert_eq!(code, "GRAPHQL_VALIDATION_FAILED");
    assert_eq!(message, "GraphQL の文書がスキーマに合っていません。");
    assert!(detail.contains("noSuchField"), "{body}");

    // Signed in: the account's preference wins over the header, both ways.
    test.signed_up("aiko@example.jp", "CANDIDATE").await;
    let english_account = login(&test.client, "aiko@example.jp").await;
    let english = test.as_user(&english_account.access_token);
    let body = asked_in(&english, Some("ja"), LIST).await;
    let (code, message, _) = first_error(&body);
    assert_eq!(code, "FORBIDDEN");
    assert_eq!(message, "not allowed", "an EN account: {body}");
    english.data(PREFERENCES, json!({"language": "JA"})).await;
    // The preference travels in the next token.
    let japanese = test.as_user(&login(&test.client, "aiko@example.jp").await.access_token);
    let body = asked_in(&japanese, Some("en-US"), LIST).await;
    assert_eq!(
        first_error(&body),
        (
            "FORBIDDEN",
            "この操作を行う権限がありません。",
            "not allowed"
        ),
        "{body}"
    );

    // WebSockets: the same rule for an operation refused over graphql-transport-ws.
    let token = japanese.bearer.clone().expect("token");
    let mut socket = WsClient::start_with_params(
        &test.client.websocket_url(),
        json!({"Authorization": format!("Bearer {token}")}),
        "subscription { noSuchSubscription }",
        json!({}),
    )
    .await;
    let refused = socket.next_message_within(Duration::from_secs(10)).await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(
        refused["payload"][0]["message"], "GraphQL の文書がスキーマに合っていません。",
        "{refused}"
    );
    assert_eq!(
        refused["payload"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
}
