//! The helpers the router's own tests and the end-to-end tests share, in one crate so the two
//! suites drive the API with the same real clients: GraphQL over HTTP with `reqwest`
//! ([`GraphqlClient`], [`Reply`]), graphql-transport-ws with `tokio-tungstenite`
//! ([`WsClient`]), and [`eventually`] for what happens asynchronously (events, reloads).
//!
//! Test helpers may panic: a failed expectation here is a failed test.

mod client;
mod ws;

pub use client::{GRAPHQL_RESPONSE_JSON, GraphqlClient, Reply};
pub use ws::WsClient;

use std::time::Duration;

/// Polls `check` every 50 ms for at most `seconds`; the first `Some` it returns.
pub async fn eventually<T, F, Fut>(seconds: u64, mut check: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
    while tokio::time::Instant::now() < deadline {
        if let Some(value) = check().await {
            return Some(value);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}
