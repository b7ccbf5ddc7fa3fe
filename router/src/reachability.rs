//! Whether the router can reach its subgraphs, for `/health/ready`: every two seconds each
//! subgraph's address (its URL's host and port, the configured override or the supergraph's) is
//! connected to, bounded by one second, and the last result is what readiness answers from at
//! once. A router that cannot reach a subgraph is not ready: a load balancer sends its clients
//! to one that can.
//!
//! The checks look at connections only, not at the subgraphs' own readiness (their
//! `/health/ready` says whether their stores answer, and a subgraph whose database is down
//! still answers with `SERVICE_UNAVAILABLE` that clients can act on).

use crate::supergraph::SupergraphStore;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

const CHECK_EVERY: Duration = Duration::from_secs(2);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
/// A result older than this (the checker stuck) is not trusted.
const STALE_AFTER: Duration = Duration::from_secs(10);

/// The last check's result, shared with the readiness endpoint.
#[derive(Clone, Default)]
pub struct Reachability(Arc<Mutex<Option<Checked>>>);

struct Checked {
    at: Instant,
    /// Subgraph name → reachable.
    subgraphs: BTreeMap<String, bool>,
}

/// What readiness reports.
pub struct Report {
    /// Every subgraph was reached in a recent check.
    pub ready: bool,
    pub subgraphs: BTreeMap<String, bool>,
}

impl Reachability {
    /// Checks `store`'s subgraphs now, then every two seconds for as long as the store lives.
    pub async fn spawn(store: &Arc<SupergraphStore>) -> Self {
        let reachability = Self::default();
        reachability.check(store).await;
        let shared = reachability.clone();
        let store: Weak<SupergraphStore> = Arc::downgrade(store);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(CHECK_EVERY).await;
                let Some(current) = store.upgrade() else {
                    return;
                };
                shared.check(&current).await;
            }
        });
        reachability
    }

    async fn check(&self, store: &SupergraphStore) {
        let mut subgraphs = BTreeMap::new();
        for (name, url) in store.subgraph_urls_now() {
            subgraphs.insert(name, reachable(&url).await);
        }
        *self.lock() = Some(Checked {
            at: Instant::now(),
            subgraphs,
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Checked>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn report(&self) -> Report {
        match self.lock().as_ref() {
            Some(checked) if checked.at.elapsed() < STALE_AFTER => Report {
                ready: checked.subgraphs.values().all(|reached| *reached),
                subgraphs: checked.subgraphs.clone(),
            },
            _ => Report {
                ready: false,
                subgraphs: BTreeMap::new(),
            },
        }
    }
}

/// Whether a connection to `url`'s host and port opens within the timeout.
async fn reachable(url: &str) -> bool {
    let Ok(uri) = url.parse::<http::Uri>() else {
        return false;
    };
    let Some(host) = uri.host() else {
        return false;
    };
    let port = uri
        .port_u16()
        .unwrap_or(if uri.scheme_str() == Some("https") {
            443
        } else {
            80
        });
    let host = host.trim_start_matches('[').trim_end_matches(']');
    matches!(
        tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect((host, port))).await,
        Ok(Ok(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_open_port_is_reachable_and_a_closed_one_is_not() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("listener");
        let port = listener.local_addr().expect("address").port();
        assert!(reachable(&format!("http://127.0.0.1:{port}/graphql")).await);
        drop(listener);
        assert!(!reachable(&format!("http://127.0.0.1:{port}/graphql")).await);
        assert!(!reachable("not a url").await);
    }
}
