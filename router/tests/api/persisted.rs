//! Persisted documents over HTTP: Apollo's automatic persisted queries (a hash alone is
//! unknown until sent with its text, then runs over POST and GET; a text under another text's
//! hash is refused), shared by two routers through Redis; trusted documents enforced from a
//! manifest (by id, by text, and nothing else) on HTTP and WebSocket alike.

use crate::helpers::{
    GRAPHQL_RESPONSE_JSON, Reply, WsClient, redis_url, spawn_app, spawn_app_with,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const QUERY: &str = r#"{ product(id: "1") { name } }"#;

fn sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn persisted(hash: &str) -> Value {
    json!({"persistedQuery": {"version": 1, "sha256Hash": hash}})
}

async fn post(url: &str, body: Value) -> Reply {
    let response = reqwest::Client::new()
        .post(url)
        .header("accept", GRAPHQL_RESPONSE_JSON)
        .json(&body)
        .send()
        .await
        .expect("router answers");
    Reply::read(response).await
}

#[tokio::test]
async fn a_hash_runs_once_its_text_was_sent_over_post_and_get() {
    let app = spawn_app().await;
    let hash = sha256(QUERY);
    let unknown = post(&app.url, json!({"extensions": persisted(&hash)})).await;
    // As Apollo's routers answer, so Apollo's link retries with the text.
    assert_eq!(unknown.status, 200, "{}", unknown.body);
    assert_eq!(
        unknown.body["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
    assert_eq!(
        unknown.body["errors"][0]["message"],
        "PersistedQueryNotFound"
    );

    let planted = post(
        &app.url,
        json!({"query": r#"{ product(id: "2") { name } }"#, "extensions": persisted(&hash)}),
    )
    .await;
    assert_eq!(planted.status, 400, "{}", planted.body);
    assert_eq!(
        planted.body["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_HASH_MISMATCH"
    );

    let registered = post(
        &app.url,
        json!({"query": QUERY, "extensions": persisted(&hash)}),
    )
    .await;
    assert_eq!(registered.body["data"]["product"]["name"], "Keyboard");
    let by_hash = post(&app.url, json!({"extensions": persisted(&hash)})).await;
    assert_eq!(
        by_hash.body["data"]["product"]["name"], "Keyboard",
        "{}",
        by_hash.body
    );
    // A GET with the hash alone, as Apollo's link sends with `useGETForHashedQueries`.
    let get = app
        .http
        .get(&app.url)
        .query(&[("extensions", persisted(&hash).to_string())])
        .header("accept", GRAPHQL_RESPONSE_JSON)
        .send()
        .await
        .expect("router answers");
    let get = Reply::read(get).await;
    assert_eq!(
        get.body["data"]["product"]["name"], "Keyboard",
        "{}",
        get.body
    );
}

#[tokio::test]
async fn routers_sharing_redis_share_persisted_queries() {
    let Some(redis_url) = redis_url() else {
        return;
    };
    let namespace = format!("iworkz:test:{}", uuid::Uuid::now_v7());
    let shared = |redis_url: String, namespace: String| {
        move |config: &mut router::RouterConfig| {
            config.redis_url = Some(redis_url.into());
            config.redis_namespace = namespace;
        }
    };
    let first = spawn_app_with(shared(redis_url.clone(), namespace.clone())).await;
    let second = spawn_app_with(shared(redis_url, namespace)).await;
    let hash = sha256(QUERY);
    post(
        &first.url,
        json!({"query": QUERY, "extensions": persisted(&hash)}),
    )
    .await;
    let elsewhere = post(&second.url, json!({"extensions": persisted(&hash)})).await;
    assert_eq!(
        elsewhere.body["data"]["product"]["name"], "Keyboard",
        "{}",
        elsewhere.body
    );
}

#[tokio::test]
async fn enforced_trusted_documents_lock_every_transport_to_the_manifest() {
    let dir = tempfile::tempdir().expect("folder");
    let manifest = dir.path().join("persisted-documents.json");
    let subscription = r#"subscription { productEvents(id: "1") { sequence } }"#;
    std::fs::write(
        &manifest,
        json!({ format!("sha256:{}", sha256(QUERY)): QUERY, "relay-1": "{ whoami }" }).to_string(),
    )
    .expect("manifest");
    let path = manifest.display().to_string();
    let app = spawn_app_with(move |config| {
        config.edge.persisted.trusted_documents = Some(path);
        config.edge.persisted.trusted_documents_mode = settings::TrustedDocumentsMode::Enforce;
    })
    .await;
    let by_hash = post(&app.url, json!({"extensions": persisted(&sha256(QUERY))})).await;
    assert_eq!(
        by_hash.body["data"]["product"]["name"], "Keyboard",
        "{}",
        by_hash.body
    );
    let by_id = post(&app.url, json!({"documentId": "relay-1"})).await;
    assert!(by_id.body["data"].get("whoami").is_some(), "{}", by_id.body);
    let by_text = post(&app.url, json!({"query": QUERY})).await;
    assert_eq!(by_text.body["data"]["product"]["name"], "Keyboard");
    for refused in [
        json!({"query": r#"{ product(id: "2") { name } }"#}),
        json!({"query": "{ __typename }", "extensions": persisted(&sha256("{ __typename }"))}),
    ] {
        let reply = post(&app.url, refused).await;
        assert_eq!(reply.status, 400, "{}", reply.body);
        assert_eq!(
            reply.body["errors"][0]["extensions"]["code"],
            "PERSISTED_QUERY_NOT_IN_LIST"
        );
    }
    // The WebSocket path is held to the same list.
    let mut client = WsClient::connect(&app.websocket_url(), json!({})).await;
    client.subscribe("1", subscription, json!({})).await;
    let refused = client.next_message().await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(
        refused["payload"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_IN_LIST"
    );
}

#[tokio::test]
async fn a_manifest_that_cannot_be_read_stops_the_router() {
    let config = router::RouterConfig {
        edge: router::EdgeConfig {
            persisted: settings::PersistedDocumentsSection {
                trusted_documents: Some("/nonexistent/persisted-documents.json".into()),
                trusted_documents_mode: settings::TrustedDocumentsMode::Enforce,
                ..Default::default()
            },
            ..Default::default()
        },
        port: 0,
        supergraph_path: crate::helpers::fixtures_dir().join("supergraph.graphql"),
        ..Default::default()
    };
    let err = router::Application::build(config)
        .await
        .err()
        .expect("refused to start");
    assert!(err.to_string().contains("persisted"), "{err}");
}
