//! The router starts on any supergraph: without a `users` subgraph and without `JWKS_URL` it
//! serves anonymous requests and refuses only requests carrying a token it cannot check.

use crate::helpers::{GRAPHQL_RESPONSE_JSON, spawn_app_with};
use serde_json::json;

#[tokio::test]
async fn without_a_key_set_anonymous_requests_run_and_tokens_are_refused() {
    // The fixture supergraph has `products` and `reviews`, no `users`.
    let app = spawn_app_with(|config| config.jwks_url = None).await;
    let data = app
        .data(r#"{ product(id: "1") { name } }"#, json!({}))
        .await;
    assert_eq!(data["product"]["name"], "Keyboard");

    let bearer = app.bearer(&app.claims());
    let reply = app
        .post_as(
            &bearer,
            r#"{ product(id: "1") { name } }"#,
            GRAPHQL_RESPONSE_JSON,
        )
        .await;
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert!(reply.body.get("data").is_none(), "{}", reply.body);
    assert!(
        app.seen_by_products
            .all()
            .iter()
            .all(|seen| seen.get("authorization").is_none()),
        "an unverified token never reaches a subgraph"
    );
}

/// Kills the spawned router when the test ends, however it ends.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn router_binary() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_router"));
    command
        .env_remove("IWORKZ_CONFIG")
        .env(
            "SUPERGRAPH_PATH",
            crate::helpers::fixtures_dir().join("supergraph.graphql"),
        )
        .env("RUST_LOG", "warn")
        .current_dir(std::env::temp_dir());
    command
}

#[tokio::test]
async fn the_binary_serves_one_port_from_several_workers() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let _router = Running(
        router_binary()
            .env("ROUTER_PORT", port.to_string())
            .env("ROUTER_WORKERS", "3")
            .spawn()
            .expect("start the router binary"),
    );
    let url = format!("http://127.0.0.1:{port}/graphql");
    // A fresh connection per request, so the kernel hands them to different workers.
    let fresh_connections = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("client");
    let mut answered = 0;
    for _ in 0..100 {
        let reply = fresh_connections
            .post(&url)
            .json(&json!({"query": "{ __schema { queryType { name } } }"}))
            .send()
            .await;
        match reply {
            Ok(reply) => {
                let body: serde_json::Value = reply.json().await.expect("json");
                assert_eq!(body["data"]["__schema"]["queryType"]["name"], "Query");
                answered += 1;
                if answered == 12 {
                    break;
                }
            }
            // Still starting.
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
    assert_eq!(answered, 12, "every connection is answered by some worker");
}

#[test]
fn the_binary_refuses_a_bad_setting_naming_its_key() {
    let output = router_binary()
        .env("ROUTER_MAX_DEPTH", "0")
        .output()
        .expect("run the router binary");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`router.limits.max_depth` (ROUTER_MAX_DEPTH)"),
        "{stderr}"
    );
}
