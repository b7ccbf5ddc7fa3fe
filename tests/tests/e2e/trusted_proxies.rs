//! Who the client is when a request reaches the users subgraph: its `X-Forwarded-For` counts
//! only from a trusted proxy, so forging the header on a direct call cannot dodge the per-IP
//! sign-in throttle, while behind the router (on loopback, trusted by default) the address the
//! router forwards is the one throttled.

use e2e::identity::LOGIN;
use e2e::{Backend, GraphqlClient, Options, TestStack};
use kit::auth::TrustedProxies;
use serde_json::json;

const PER_IP: u32 = 3;

async fn stack(trusted_proxies: TrustedProxies) -> TestStack {
    TestStack::start_configured(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
        |config| {
            config.trusted_proxies = trusted_proxies;
            let policy = &mut config.identity.login_policy;
            policy.per_account_ip = 100;
            policy.per_ip = PER_IP;
        },
    )
    .await
}

/// A failed sign-in for a fresh address, claiming to come from `forwarded_for`; returns the
/// error code.
async fn attempt(client: &GraphqlClient, attempt: usize, forwarded_for: &str) -> String {
    let response = client
        .http
        .post(&client.url)
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({
            "query": LOGIN,
            "variables": {"email": format!("spray{attempt}@example.jp"), "password": "spring2026spring"}
        }))
        .send()
        .await
        .expect("answers");
    let body: serde_json::Value = response.json().await.expect("json");
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn users_subgraph(test: &TestStack) -> GraphqlClient {
    let subgraphs = &test.stack.subgraphs;
    GraphqlClient::new(subgraphs.by_name["users"].url(&subgraphs.host))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_addresses_from_an_untrusted_peer_are_throttled_as_the_peer() {
    // The subgraph trusts another machine only: this test's loopback calls are strangers.
    let test = stack(TrustedProxies::parse("10.9.9.9").expect("a list")).await;
    let users = users_subgraph(&test);
    let mut codes = Vec::new();
    for n in 0..=PER_IP as usize {
        codes.push(attempt(&users, n, &format!("198.51.100.{n}")).await);
    }
    assert_eq!(
        codes,
        [
            "UNAUTHENTICATED",
            "UNAUTHENTICATED",
            "UNAUTHENTICATED",
            "RATE_LIMITED"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_the_forwarded_address_is_the_client() {
    let test = stack(TrustedProxies::loopback()).await;
    // A proxy on loopback vouches for each address: every one is a different client.
    let users = users_subgraph(&test);
    for n in 0..=PER_IP as usize {
        let code = attempt(&users, n, &format!("198.51.100.{n}")).await;
        assert_eq!(code, "UNAUTHENTICATED", "attempt {n}");
    }
    // The router discards what clients claim and forwards the address it saw (loopback here),
    // so rotating the header through the router changes nothing.
    let mut codes = Vec::new();
    for n in 0..=PER_IP as usize {
        codes.push(attempt(&test.client, 10 + n, &format!("203.0.113.{n}")).await);
    }
    assert_eq!(
        codes,
        [
            "UNAUTHENTICATED",
            "UNAUTHENTICATED",
            "UNAUTHENTICATED",
            "RATE_LIMITED"
        ]
    );
}
