//! Subscriptions over one HTTP response, as clients without a WebSocket send them: GraphQL
//! over Server-Sent Events (graphql-sse's distinct connections mode) and Apollo's multipart
//! HTTP subscriptions; the same operation rules as on a WebSocket (a refused token before the
//! stream, validation errors as the stream's one result).

use crate::helpers::{TestApp, spawn_app};
use serde_json::{Value, json};

const EVENTS: &str =
    r#"subscription { productEvents(id: "1", count: 3) { sequence product { name } } }"#;
const APOLLO_MULTIPART: &str = "multipart/mixed;boundary=\"graphql\";subscriptionSpec=1.0,application/graphql-response+json,application/json;q=0.9";
const URQL: &str = "application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed";

/// POSTs `query` accepting `accept`; the status, content type and whole body.
async fn stream(
    app: &TestApp,
    accept: &str,
    query: &str,
    token: Option<&str>,
) -> (u16, String, String) {
    let mut request = app
        .http
        .post(&app.url)
        .header("accept", accept)
        .json(&json!({"query": query}));
    if let Some(token) = token {
        request = request.header("authorization", token);
    }
    let response = request.send().await.expect("router answers");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, response.text().await.expect("body"))
}

/// The `data:` of each `event: next`, and whether `event: complete` ended the stream.
fn sse_events(body: &str) -> (Vec<Value>, bool) {
    let mut nexts = Vec::new();
    let mut completed = false;
    for event in body.split("\n\n").filter(|event| !event.trim().is_empty()) {
        let mut lines = event.lines();
        match lines.next() {
            Some("event: next") => {
                let data = lines
                    .find_map(|line| line.strip_prefix("data: "))
                    .expect("data");
                nexts.push(serde_json::from_str(data).expect("JSON data"));
            }
            Some("event: complete") => completed = true,
            other => panic!("unexpected event {other:?} in {body:?}"),
        }
    }
    (nexts, completed)
}

fn sequences(results: &[Value]) -> Vec<i64> {
    results
        .iter()
        .filter_map(|result| result["data"]["productEvents"]["sequence"].as_i64())
        .collect()
}

#[tokio::test]
async fn graphql_sse_streams_every_event_then_completes() {
    let app = spawn_app().await;
    let (status, content_type, body) = stream(&app, "text/event-stream", EVENTS, None).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        content_type.starts_with("text/event-stream"),
        "{content_type}"
    );
    let (nexts, completed) = sse_events(&body);
    assert_eq!(sequences(&nexts), [1, 2, 3], "{body}");
    assert_eq!(
        nexts[0]["data"]["productEvents"]["product"]["name"],
        "Keyboard"
    );
    assert!(completed, "{body}");

    // A query streams its one result; an invalid one its errors; both then complete.
    let (_, _, body) = stream(
        &app,
        "text/event-stream",
        r#"{ product(id: "2") { name } }"#,
        None,
    )
    .await;
    let (nexts, completed) = sse_events(&body);
    assert_eq!(nexts, [json!({"data": {"product": {"name": "Mouse"}}})]);
    assert!(completed);
    let (_, _, body) = stream(&app, "text/event-stream", "subscription { nope }", None).await;
    let (nexts, completed) = sse_events(&body);
    assert_eq!(
        nexts[0]["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED",
        "{body}"
    );
    assert!(completed);

    // A refused token is refused before any stream, as on every transport.
    let (status, _, body) = stream(&app, "text/event-stream", EVENTS, Some("Bearer forged")).await;
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("UNAUTHENTICATED"), "{body}");
}

#[tokio::test]
async fn apollo_multipart_subscriptions_stream_payload_parts() {
    let app = spawn_app().await;
    let (status, content_type, body) = stream(&app, APOLLO_MULTIPART, EVENTS, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        content_type,
        "multipart/mixed;boundary=\"graphql\";subscriptionSpec=\"1.0\""
    );
    assert!(body.ends_with("\r\n--graphql--\r\n"), "{body:?}");
    let payloads: Vec<Value> = body
        .split("\r\n--graphql")
        .filter_map(|part| part.split_once("\r\n\r\n").map(|(_, json)| json))
        .map(|json| serde_json::from_str::<Value>(json).expect("JSON part"))
        .filter_map(|part| part.get("payload").cloned())
        .collect();
    assert_eq!(sequences(&payloads), [1, 2, 3], "{body:?}");
}

#[tokio::test]
async fn clients_that_prefer_json_get_json_and_a_stream_only_for_subscriptions() {
    let app = spawn_app().await;
    let (status, content_type, body) =
        stream(&app, URQL, r#"{ product(id: "1") { name } }"#, None).await;
    assert_eq!(status, 200);
    assert!(
        content_type.starts_with("application/graphql-response+json"),
        "{content_type}"
    );
    assert_eq!(
        serde_json::from_str::<Value>(&body).expect("JSON"),
        json!({"data": {"product": {"name": "Keyboard"}}})
    );
    let (_, content_type, body) = stream(&app, URQL, EVENTS, None).await;
    assert!(
        content_type.starts_with("text/event-stream"),
        "{content_type}"
    );
    assert_eq!(sequences(&sse_events(&body).0), [1, 2, 3]);
    // Without any stream accepted, a subscription is still refused with the reason.
    let (_, _, body) = stream(&app, "application/json", EVENTS, None).await;
    assert!(body.contains("text/event-stream"), "{body}");
}
