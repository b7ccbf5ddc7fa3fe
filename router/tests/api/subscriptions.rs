//! graphql-transport-ws through the router: subscriptions reach the subgraph over its own
//! WebSocket, each event is completed with fields from another subgraph, and
//! `connectionParams.Authorization` is forwarded.

use crate::helpers::{WsClient, spawn_app};
use serde_json::json;

const EVENTS: &str = r#"
subscription Events($id: ID!) {
  productEvents(id: $id, count: 2) { sequence authorization product { name reviews { body } } }
}"#;

#[tokio::test]
async fn subscription_events_arrive_with_entity_fields_resolved_from_another_subgraph() {
    let app = spawn_app().await;
    let bearer = app.bearer(&app.claims());
    let mut client =
        WsClient::connect(&app.websocket_url(), json!({"Authorization": bearer})).await;
    client.subscribe("1", EVENTS, json!({"id": "3"})).await;

    for sequence in 1..=2 {
        let message = client.next_message().await;
        assert_eq!(message["type"], "next", "{message}");
        assert_eq!(message["id"], "1");
        assert_eq!(
            message["payload"],
            json!({"data": {"productEvents": {
                "sequence": sequence,
                "authorization": bearer,
                "product": {"name": "Monitor", "reviews": [{"body": "Review of product 3"}]}
            }}})
        );
    }
    let done = client.next_message().await;
    assert_eq!(done, json!({"id": "1", "type": "complete"}));
}

#[tokio::test]
async fn client_complete_stops_a_subscription_and_the_id_can_be_reused() {
    let app = spawn_app().await;
    let mut client = WsClient::connect(&app.websocket_url(), json!({})).await;
    let long = r#"subscription { productEvents(id: "1", count: 1000) { sequence } }"#;
    client.subscribe("s", long, json!({})).await;
    let first = client.next_message().await;
    assert_eq!(
        first["payload"]["data"]["productEvents"]["sequence"], 1,
        "{first}"
    );
    client.send(json!({"id": "s", "type": "complete"})).await;

    client
        .subscribe("s", r#"{ product(id: "2") { name } }"#, json!({}))
        .await;
    // Events of the cancelled subscription may still be in flight; skip them.
    let answer = loop {
        let message = client.next_message().await;
        if message["payload"]["data"].get("product").is_some() {
            break message;
        }
    };
    assert_eq!(
        answer["payload"],
        json!({"data": {"product": {"name": "Mouse"}}})
    );
    assert_eq!(
        client.next_message().await,
        json!({"id": "s", "type": "complete"})
    );
}

#[tokio::test]
async fn invalid_operations_over_websocket_get_an_error_message() {
    let app = spawn_app().await;
    let mut client = WsClient::connect(&app.websocket_url(), json!({})).await;
    client
        .subscribe("bad", "subscription { productEvents { nope } }", json!({}))
        .await;
    let error = client.next_message().await;
    assert_eq!(error["type"], "error", "{error}");
    assert_eq!(error["id"], "bad");
    assert_eq!(
        error["payload"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );

    client.subscribe("missing", EVENTS, json!({})).await;
    let error = client.next_message().await;
    assert_eq!(error["type"], "error", "{error}");
    assert_eq!(error["payload"][0]["extensions"]["code"], "BAD_USER_INPUT");
}

#[tokio::test]
async fn subscriptions_over_plain_http_are_refused() {
    let app = spawn_app().await;
    let reply = app.post(EVENTS, json!({"id": "1"})).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(reply.body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
}

#[tokio::test]
async fn subscribing_before_connection_init_closes_with_4401() {
    use futures::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    let app = spawn_app().await;
    let mut request = app.websocket_url().into_client_request().expect("url");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("header"),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("websocket connects");
    let subscribe = json!({"id": "1", "type": "subscribe", "payload": {"query": "{ whoami }"}});
    socket
        .send(Message::Text(subscribe.to_string().into()))
        .await
        .expect("send");
    let frame = tokio::time::timeout(std::time::Duration::from_secs(5), socket.next())
        .await
        .expect("a close frame")
        .expect("open")
        .expect("frame");
    let Message::Close(Some(close)) = frame else {
        panic!("expected a close frame, got {frame:?}");
    };
    assert_eq!(u16::from(close.code), 4401);
}

/// A token that expires while its subscription runs: unrenewed, the stream ends with
/// `UNAUTHENTICATED` and then `complete`, never silently.
#[tokio::test]
async fn a_subscription_whose_token_expires_unrenewed_is_told_and_completed() {
    let app = spawn_app().await;
    let mut claims = app.claims();
    claims.exp = chrono::Utc::now().timestamp() + 1;
    let mut client = WsClient::connect(
        &app.websocket_url(),
        json!({"Authorization": app.bearer(&claims)}),
    )
    .await;
    let long = r#"subscription { productEvents(id: "1", count: 1000) { sequence } }"#;
    client.subscribe("s", long, json!({})).await;
    let ended = loop {
        let message = client.next_message().await;
        if message["payload"]["errors"].is_array() || message["type"] != "next" {
            break message;
        }
    };
    assert_eq!(ended["type"], "next", "{ended}");
    assert_eq!(
        ended["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{ended}"
    );
    assert_eq!(
        client.next_message().await,
        json!({"id": "s", "type": "complete"})
    );
}

/// The same token renewed on the open connection (a ping carrying it): the subscription goes
/// on past the old token's expiry. Another user's token closes the connection with 4403.
#[tokio::test]
async fn a_token_renewed_on_the_connection_keeps_the_subscription_and_another_users_is_refused() {
    let app = spawn_app().await;
    let mut claims = app.claims();
    claims.exp = chrono::Utc::now().timestamp() + 1;
    let mut client = WsClient::connect(
        &app.websocket_url(),
        json!({"Authorization": app.bearer(&claims)}),
    )
    .await;
    let long = r#"subscription { productEvents(id: "1", count: 1000) { sequence } }"#;
    client.subscribe("s", long, json!({})).await;
    let mut renewed = claims.clone();
    renewed.exp = chrono::Utc::now().timestamp() + 15 * 60;
    renewed.jti = uuid::Uuid::now_v7();
    client
        .send(json!({"type": "ping", "payload": {"Authorization": app.bearer(&renewed)}}))
        .await;
    let started = std::time::Instant::now();
    let mut renewal_answered = false;
    // Past the old token's expiry and leeway (1 + 5 s), events still flow.
    while started.elapsed() < std::time::Duration::from_secs(8) {
        let message = client.next_message().await;
        if message["type"] == "pong" {
            assert_eq!(message["payload"]["authorization"], "renewed", "{message}");
            renewal_answered = true;
            continue;
        }
        assert_eq!(message["type"], "next", "{message}");
        assert!(message["payload"]["errors"].is_null(), "{message}");
    }
    assert!(renewal_answered);

    let stranger = app.claims();
    client
        .send(json!({"type": "ping", "payload": {"Authorization": app.bearer(&stranger)}}))
        .await;
    let closed = loop {
        let message = client.next_message().await;
        if message["type"] == "closed" {
            break message;
        }
    };
    assert_eq!(closed["code"], 4403, "{closed}");
}
