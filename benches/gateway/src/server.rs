//! Serving the four subgraphs from one process, each on its own port, and stopping them.

use crate::subgraph::Subgraph;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// An empty key set, served beside accounts: our router needs a JWKS URL to start, and the
/// benchmark sends no tokens, so it is never asked for a key.
pub const JWKS_PATH: &str = "/.well-known/jwks.json";

struct Running {
    port: u16,
    requests: Arc<AtomicU64>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

/// The four subgraphs, running.
pub struct BenchSubgraphs {
    host: String,
    running: HashMap<Subgraph, Running>,
}

impl BenchSubgraphs {
    /// Binds every subgraph on `host` at its port (`0` picks a free one), then serves them.
    pub async fn start(host: &str, ports: impl Fn(Subgraph) -> u16) -> std::io::Result<Self> {
        let mut running = HashMap::new();
        for subgraph in Subgraph::ALL {
            let address = (host, ports(subgraph));
            let listener = TcpListener::bind(address).await.map_err(|err| {
                std::io::Error::new(
                    err.kind(),
                    format!(
                        "{} cannot listen on {host}:{}: {err}",
                        subgraph.name(),
                        address.1
                    ),
                )
            })?;
            let port = listener.local_addr()?.port();
            let requests = Arc::new(AtomicU64::new(0));
            let mut app = subgraph.routes(requests.clone());
            if subgraph == Subgraph::Accounts {
                app = app.route(
                    JWKS_PATH,
                    axum::routing::get(|| async { axum::Json(serde_json::json!({"keys": []})) }),
                );
            }
            let (stop, stopped) = oneshot::channel::<()>();
            let task = tokio::spawn(async move {
                axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = stopped.await;
                    })
                    .await
            });
            running.insert(
                subgraph,
                Running {
                    port,
                    requests,
                    stop,
                    task,
                },
            );
        }
        Ok(Self {
            host: host.to_owned(),
            running,
        })
    }

    pub fn port(&self, subgraph: Subgraph) -> u16 {
        self.running[&subgraph].port
    }

    /// `http://host:port/graphql`.
    pub fn url(&self, subgraph: Subgraph) -> String {
        format!("http://{}:{}/graphql", self.host, self.port(subgraph))
    }

    /// Subgraph name → URL, as a gateway's overrides.
    pub fn urls(&self) -> HashMap<String, String> {
        Subgraph::ALL
            .into_iter()
            .map(|subgraph| (subgraph.name().to_owned(), self.url(subgraph)))
            .collect()
    }

    /// GraphQL requests the subgraph has served so far.
    pub fn requests(&self, subgraph: Subgraph) -> u64 {
        self.running[&subgraph].requests.load(Ordering::Relaxed)
    }

    /// Stops accepting connections and waits for every server to end.
    pub async fn stop(self) {
        for (_, running) in self.running {
            let _ = running.stop.send(());
            let _ = running.task.await;
        }
    }
}
