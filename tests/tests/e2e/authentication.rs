//! Access tokens across the whole stack: the router and the subgraphs verify with one shared
//! verifier, so a revoked session is refused at the router and by a subgraph called directly;
//! with Redis, a revocation on one instance is seen by another.

use e2e::GRAPHQL_RESPONSE_JSON;
use e2e::backend::Storage;
use e2e::{Backend, Options, config_for};
use kit::auth::testing::{MemoryJwks, TestKey, claims_for, jwks_of};
use kit::auth::{ACCESS_TOKEN_LIFETIME, JwksSource};
use serde_json::{Value, json};
use stack::Stack;
use std::sync::Arc;

const QUERY: &str = "{ jobPostings(first: 1) { edges { node { id } } } }";

/// A stack verifying tokens signed by `key`.
async fn stack_trusting(key: &TestKey, storage: &Storage, redis: bool) -> Stack {
    let config = config_for(storage, Options { seed: false, redis });
    let keys: Arc<dyn JwksSource> = Arc::new(MemoryJwks::new(jwks_of(&[key])));
    Stack::start_with_keys(config, Some(keys))
        .await
        .expect("stack starts")
}

async fn post(url: &str, authorization: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .header("accept", GRAPHQL_RESPONSE_JSON)
        .header("authorization", authorization)
        .json(&json!({"query": QUERY}))
        .send()
        .await
        .expect("answers");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn code(body: &Value) -> &Value {
    &body["errors"][0]["extensions"]["code"]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_session_is_refused_by_the_router_and_by_a_subgraph_called_directly() {
    let storage = Backend::Sqlite.fresh_storage().await;
    let key = TestKey::generate("e2e-key");
    let stack = stack_trusting(&key, &storage, false).await;
    let jobs_url = stack.subgraphs.by_name["jobs"].url(&stack.subgraphs.host);
    let claims = claims_for(uuid::Uuid::now_v7(), "candidate", &["jobs:read"]);
    let bearer = format!("Bearer {}", key.sign(&claims));

    for url in [stack.router_url(), jobs_url.clone()] {
        let (status, body) = post(&url, &bearer).await;
        assert_eq!(status, 200, "{url}: {body}");
        assert!(body.get("errors").is_none(), "{url}: {body}");
    }
    let (_, body) = post(&jobs_url, "Bearer forged.token.value").await;
    assert_eq!(code(&body), "UNAUTHENTICATED", "{body}");

    stack
        .auth()
        .revocations
        .revoke(claims.sid, ACCESS_TOKEN_LIFETIME)
        .await
        .expect("revoke");
    let (status, body) = post(&stack.router_url(), &bearer).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(code(&body), "UNAUTHENTICATED", "{body}");
    let (_, body) = post(&jobs_url, &bearer).await;
    assert_eq!(code(&body), "UNAUTHENTICATED", "{body}");
    assert!(body.get("data").is_none_or(Value::is_null), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_revoked_on_one_instance_is_refused_by_another_through_redis() {
    if e2e::backend::redis_url().is_none() {
        return;
    }
    let storage = Backend::Sqlite.fresh_storage().await;
    let key = TestKey::generate("e2e-key");
    // One Redis namespace (the test's event stream), two processes' worth of components.
    let config = config_for(
        &storage,
        Options {
            seed: false,
            redis: true,
        },
    );
    let keys =
        || -> Option<Arc<dyn JwksSource>> { Some(Arc::new(MemoryJwks::new(jwks_of(&[&key])))) };
    let first = Stack::start_with_keys(config.clone(), keys())
        .await
        .expect("first instance");
    let second = Stack::start_with_keys(config, keys())
        .await
        .expect("second instance");
    let claims = claims_for(uuid::Uuid::now_v7(), "candidate", &[]);
    let bearer = format!("Bearer {}", key.sign(&claims));
    assert_eq!(post(&second.router_url(), &bearer).await.0, 200);

    first
        .auth()
        .revocations
        .revoke(claims.sid, ACCESS_TOKEN_LIFETIME)
        .await
        .expect("revoke");
    let (status, body) = post(&second.router_url(), &bearer).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(code(&body), "UNAUTHENTICATED", "{body}");
}
