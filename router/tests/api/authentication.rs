//! Token verification at the router: valid tokens reach the subgraphs (with the caller's
//! User-Agent and address), refused ones end the request with `UNAUTHENTICATED` over HTTP and
//! graphql-transport-ws, revoked sessions are refused, rotated-in keys are fetched, and the key
//! set is republished.

use crate::helpers::{
    GRAPHQL_RESPONSE_JSON, Reply, TestApp, WsClient, redis_url, spawn_app, spawn_app_with,
};
use access::testing::{TestKey, jwks_of, unsigned_token};
use access::{ACCESS_TOKEN_LIFETIME, HttpJwks, SessionRevocations, TokenVerifier, VerifyOptions};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

/// Every way a token can be wrong, as `Authorization` values.
fn refused_credentials(app: &TestApp) -> Vec<(&'static str, String)> {
    let now = unix_now();
    let mut expired = app.claims();
    expired.exp = now - 60;
    let mut wrong_audience = app.claims();
    wrong_audience.aud = "another-api".into();
    let mut wrong_issuer = app.claims();
    wrong_issuer.iss = "someone-else".into();
    let forger = TestKey::generate(&app.key.kid);
    vec![
        ("garbage", "Bearer not-a-jwt".to_owned()),
        ("basic scheme", "Basic dXNlcjpwYXNz".to_owned()),
        ("expired", app.bearer(&expired)),
        ("wrong audience", app.bearer(&wrong_audience)),
        ("wrong issuer", app.bearer(&wrong_issuer)),
        ("forged", format!("Bearer {}", forger.sign(&app.claims()))),
        (
            "alg none",
            format!("Bearer {}", unsigned_token(&app.key.kid, &app.claims())),
        ),
        (
            "hs256 with the public key",
            format!("Bearer {}", app.key.hs256_with_public_key(&app.claims())),
        ),
    ]
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or_default()
}

fn assert_unauthenticated(reply: &Reply, case: &str) {
    assert_eq!(reply.status, 401, "{case}: {}", reply.body);
    assert_eq!(
        reply.body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{case}: {}",
        reply.body
    );
    assert!(reply.body.get("data").is_none(), "{case}: {}", reply.body);
}

#[tokio::test]
async fn a_valid_token_reaches_the_subgraph_with_the_callers_agent_and_address() {
    let app = spawn_app().await;
    let bearer = app.bearer(&app.claims());
    let response = app
        .http
        .post(&app.url)
        .header("accept", GRAPHQL_RESPONSE_JSON)
        .header("authorization", &bearer)
        .header("user-agent", "iworkz-app/2.1")
        .header("x-forwarded-for", "203.0.113.66")
        .json(&json!({"query": "{ whoami products(first: 1) { id } }"}))
        .send()
        .await
        .expect("router answers");
    let reply = Reply::read(response).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["data"]["whoami"], bearer.as_str());

    for seen in [app.seen_by_reviews.last(), app.seen_by_products.last()] {
        let seen = seen.expect("the subgraph was called");
        assert_eq!(seen["authorization"], bearer.as_str());
        assert_eq!(seen["user-agent"], "iworkz-app/2.1");
        // The router is the edge: a client-sent X-Forwarded-For is replaced by the peer.
        assert_eq!(seen["x-forwarded-for"], "127.0.0.1");
    }
}

#[tokio::test]
async fn requests_without_a_token_pass_as_anonymous() {
    let app = spawn_app().await;
    let data = app.data("{ whoami }", json!({})).await;
    assert_eq!(data, json!({"whoami": null}));
    assert_eq!(app.jwks.fetches(), 0, "anonymous requests need no keys");
}

#[tokio::test]
async fn refused_tokens_get_unauthenticated_and_never_reach_a_subgraph() {
    let app = spawn_app().await;
    for (case, authorization) in refused_credentials(&app) {
        let reply = app
            .post_as(&authorization, "{ whoami }", GRAPHQL_RESPONSE_JSON)
            .await;
        assert_unauthenticated(&reply, case);
    }
    assert!(app.seen_by_reviews.all().is_empty());

    let expired = &refused_credentials(&app)[2].1;
    let response = app
        .http
        .post(&app.url)
        .header("accept", GRAPHQL_RESPONSE_JSON)
        .header("authorization", expired)
        .json(&json!({"query": "{ whoami }"}))
        .send()
        .await
        .expect("router answers");
    assert_eq!(
        response
            .headers()
            .get("www-authenticate")
            .and_then(|value| value.to_str().ok()),
        Some(r#"Bearer error="invalid_token""#)
    );
    let reply = Reply::read(response).await;
    assert_eq!(
        reply.body["errors"][0]["message"],
        "The access token has expired."
    );
}

#[tokio::test]
async fn legacy_json_clients_get_unauthenticated_with_200_and_get_requests_are_checked_too() {
    let app = spawn_app().await;
    let reply = app
        .post_as("Bearer not-a-jwt", "{ whoami }", "application/json")
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.body["errors"][0]["extensions"]["code"],
        "UNAUTHENTICATED"
    );

    let response = app
        .http
        .get(&app.url)
        .header("apollo-require-preflight", "true")
        .query(&[("query", "{ whoami }")])
        .header("accept", GRAPHQL_RESPONSE_JSON)
        .header("authorization", "Bearer not-a-jwt")
        .send()
        .await
        .expect("router answers");
    assert_unauthenticated(&Reply::read(response).await, "GET");
}

#[tokio::test]
async fn refused_tokens_close_the_websocket_at_connection_init_with_4403() {
    let app = spawn_app().await;
    for (case, authorization) in refused_credentials(&app) {
        let mut client = WsClient::open(&app.websocket_url()).await;
        client
            .send(json!({"type": "connection_init", "payload": {"Authorization": authorization}}))
            .await;
        let closed = client.next_message().await;
        assert_eq!(closed["type"], "closed", "{case}: {closed}");
        assert_eq!(closed["code"], 4403, "{case}: {closed}");
    }
    assert!(app.seen_by_products.all().is_empty());
}

#[tokio::test]
async fn a_websocket_token_is_forwarded_in_the_subgraph_connection_init() {
    let app = spawn_app().await;
    let bearer = app.bearer(&app.claims());
    // Lowercase key: clients spell it either way.
    let mut client =
        WsClient::connect(&app.websocket_url(), json!({"authorization": bearer})).await;
    let query = r#"subscription { productEvents(id: "1", count: 1) { authorization } }"#;
    client.subscribe("1", query, json!({})).await;
    let event = client.next_message().await;
    assert_eq!(
        event["payload"]["data"]["productEvents"]["authorization"],
        bearer.as_str(),
        "{event}"
    );
    let init = app.seen_by_products.last().expect("connection_init");
    assert_eq!(init["authorization"], bearer.as_str());
    assert_eq!(init["x-forwarded-for"], "127.0.0.1");
}

/// A router sharing its revocation list with the test, as the stack shares one with users.
async fn app_sharing(revocations: SessionRevocations) -> TestApp {
    spawn_app_with(move |config| {
        let jwks = HttpJwks::new(config.jwks_url.clone().expect("JWKS URL")).expect("client");
        config.verifier = Some(TokenVerifier::new(
            Arc::new(jwks),
            revocations,
            VerifyOptions {
                refetch_cooldown: Duration::from_millis(200),
                ..VerifyOptions::default()
            },
        ));
    })
    .await
}

#[tokio::test]
async fn a_revoked_session_is_refused_over_http_and_for_new_websocket_operations() {
    let revocations = SessionRevocations::in_process();
    let app = app_sharing(revocations.clone()).await;
    let claims = app.claims();
    let bearer = app.bearer(&claims);
    let ok = app
        .post_as(&bearer, "{ whoami }", GRAPHQL_RESPONSE_JSON)
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let mut client =
        WsClient::connect(&app.websocket_url(), json!({"Authorization": bearer})).await;

    revocations
        .revoke(claims.sid, ACCESS_TOKEN_LIFETIME)
        .await
        .expect("revoke");
    let reply = app
        .post_as(&bearer, "{ whoami }", GRAPHQL_RESPONSE_JSON)
        .await;
    assert_unauthenticated(&reply, "revoked");
    assert_eq!(
        reply.body["errors"][0]["message"],
        "The session has been signed out."
    );
    client.subscribe("after", "{ whoami }", json!({})).await;
    let error = client.next_message().await;
    assert_eq!(error["type"], "error", "{error}");
    assert_eq!(error["payload"][0]["extensions"]["code"], "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_revoked_session_in_redis_is_refused() {
    let Some(redis_url) = redis_url() else {
        return;
    };
    let namespace = format!("iworkz:test:{}", uuid::Uuid::now_v7());
    let app = {
        let (redis_url, namespace) = (redis_url.clone(), namespace.clone());
        spawn_app_with(move |config| {
            config.redis_url = Some(redis_url.into());
            config.redis_namespace = namespace;
        })
        .await
    };
    let claims = app.claims();
    let bearer = app.bearer(&claims);
    let ok = app
        .post_as(&bearer, "{ whoami }", GRAPHQL_RESPONSE_JSON)
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let users_side = SessionRevocations::connect(Some(&redis_url), &namespace)
        .await
        .expect("redis");
    users_side
        .revoke(claims.sid, ACCESS_TOKEN_LIFETIME)
        .await
        .expect("revoke");
    let reply = app
        .post_as(&bearer, "{ whoami }", GRAPHQL_RESPONSE_JSON)
        .await;
    assert_unauthenticated(&reply, "revoked in redis");
}

#[tokio::test]
async fn an_unknown_kid_refetches_the_keys_once_and_a_rotated_in_key_verifies() {
    let app = app_sharing(SessionRevocations::in_process()).await;
    let first = app.bearer(&app.claims());
    let reply = app
        .post_as(&first, "{ whoami }", GRAPHQL_RESPONSE_JSON)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(app.jwks.fetches(), 1);

    let rotated = TestKey::generate("test-key-2");
    app.jwks.publish(Some(jwks_of(&[&app.key, &rotated])));
    tokio::time::sleep(Duration::from_millis(250)).await;
    let token = format!("Bearer {}", rotated.sign(&app.claims()));
    let reply = app
        .post_as(&token, "{ whoami }", GRAPHQL_RESPONSE_JSON)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(app.jwks.fetches(), 2);

    for _ in 0..3 {
        app.post_as(&token, "{ whoami }", GRAPHQL_RESPONSE_JSON)
            .await;
    }
    assert_eq!(app.jwks.fetches(), 2, "known keys come from the cache");
}

#[tokio::test]
async fn unreachable_keys_are_a_503_not_unauthenticated_and_anonymous_requests_still_work() {
    let app = spawn_app().await;
    app.jwks.publish(None);
    let reply = app
        .post_as(
            &app.bearer(&app.claims()),
            "{ whoami }",
            GRAPHQL_RESPONSE_JSON,
        )
        .await;
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert_eq!(
        reply.body["errors"][0]["extensions"]["code"],
        "SERVICE_UNAVAILABLE"
    );
    assert_eq!(reply.body["errors"][0]["extensions"]["retryAfter"], 5);
    assert_eq!(
        app.data("{ whoami }", json!({})).await["whoami"],
        json!(null)
    );
}

#[tokio::test]
async fn the_key_set_is_republished_at_the_well_known_path() {
    let app = spawn_app().await;
    let url = app.url.replace("/graphql", "/.well-known/jwks.json");
    let response = app.http.get(&url).send().await.expect("router answers");
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("cache-control")
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains("max-age"))
    );
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["keys"][0]["kid"], "test-key-1");
    assert_eq!(body["keys"][0]["kty"], "OKP");
    assert_eq!(body["keys"][0]["crv"], "Ed25519");
    assert!(body["keys"][0].get("d").is_none(), "never a private part");

    app.http.get(&url).send().await.expect("router answers");
    assert_eq!(app.jwks.fetches(), 1, "served from the cache");
}
