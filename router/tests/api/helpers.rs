//! Starting subgraphs, a JWKS server and a router on random ports; the HTTP and WebSocket
//! clients are the shared ones of `test-support`.

use crate::subgraphs::{self, Seen};
use access::testing::{TestKey, claims_for, jwks_of};
use access::{AccessClaims, JwkSet};
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use test_support::{GRAPHQL_RESPONSE_JSON, GraphqlClient, Reply, WsClient, eventually};

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A subgraph served on a random port until stopped.
pub struct TestSubgraph {
    pub url: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl TestSubgraph {
    pub async fn start(app: axum::Router) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind subgraph");
        let port = listener.local_addr().expect("subgraph address").port();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await;
        });
        Self {
            url: format!("http://127.0.0.1:{port}/graphql"),
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Stops accepting and closes idle connections (the router's pooled ones included).
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
    }
}

/// The issuer's `/.well-known/jwks.json` as the users subgraph would serve it: tests rotate
/// the keys or take them away, and count the router's fetches.
pub struct JwksServer {
    pub url: String,
    keys: Arc<Mutex<Option<JwkSet>>>,
    fetches: Arc<AtomicUsize>,
    _server: TestSubgraph,
}

impl JwksServer {
    async fn start(keys: JwkSet) -> Self {
        let keys = Arc::new(Mutex::new(Some(keys)));
        let fetches = Arc::new(AtomicUsize::new(0));
        let app = {
            let (keys, fetches) = (keys.clone(), fetches.clone());
            axum::Router::new().route(
                "/.well-known/jwks.json",
                get(move || async move {
                    fetches.fetch_add(1, Ordering::SeqCst);
                    let keys = keys.lock().ok().and_then(|keys| keys.clone());
                    match keys {
                        Some(keys) => axum::Json(keys).into_response(),
                        None => http::StatusCode::SERVICE_UNAVAILABLE.into_response(),
                    }
                }),
            )
        };
        let server = TestSubgraph::start(app).await;
        Self {
            url: server.url.replace("/graphql", "/.well-known/jwks.json"),
            keys,
            fetches,
            _server: server,
        }
    }

    /// Replaces the published keys; `None` answers 503.
    pub fn publish(&self, keys: Option<JwkSet>) {
        if let Ok(mut published) = self.keys.lock() {
            *published = keys;
        }
    }

    pub fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}

/// A router in front of fresh `products` and `reviews` subgraphs, verifying tokens signed by
/// `key` against `jwks`.
pub struct TestApp {
    pub url: String,
    pub http: reqwest::Client,
    pub stats: router::RouterStats,
    pub products: TestSubgraph,
    pub reviews: TestSubgraph,
    /// What each subgraph received.
    pub seen_by_products: Seen,
    pub seen_by_reviews: Seen,
    pub key: TestKey,
    pub jwks: JwksServer,
    pub supergraph_path: PathBuf,
    _dir: tempfile::TempDir,
}

/// Starts the subgraphs and a router on a private copy of the fixture supergraph (tests may
/// rewrite it to exercise reloads).
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// As [`spawn_app`], with the router's configuration adjusted by `configure` (its `jwks_url`
/// already points at the test JWKS server).
pub async fn spawn_app_with(configure: impl FnOnce(&mut router::RouterConfig)) -> TestApp {
    let (seen_by_products, seen_by_reviews) = (Seen::default(), Seen::default());
    let products = TestSubgraph::start(subgraphs::products_app(seen_by_products.clone())).await;
    let reviews = TestSubgraph::start(subgraphs::reviews_app(seen_by_reviews.clone())).await;
    let key = TestKey::generate("test-key-1");
    let jwks = JwksServer::start(jwks_of(&[&key])).await;
    let dir = tempfile::tempdir().expect("temporary folder");
    let supergraph_path = dir.path().join("supergraph.graphql");
    std::fs::copy(fixtures_dir().join("supergraph.graphql"), &supergraph_path)
        .expect("copy the fixture supergraph");
    let mut config = router::RouterConfig {
        host: "127.0.0.1".into(),
        port: 0,
        supergraph_path: supergraph_path.clone(),
        subgraph_urls: HashMap::from([
            ("products".to_owned(), products.url.clone()),
            ("reviews".to_owned(), reviews.url.clone()),
        ]),
        jwks_url: Some(jwks.url.clone()),
        ..Default::default()
    };
    configure(&mut config);
    let app = router::Application::build(config)
        .await
        .expect("router builds");
    let url = format!("http://127.0.0.1:{}/graphql", app.port());
    let stats = app.stats();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        url,
        http: reqwest::Client::new(),
        stats,
        products,
        reviews,
        seen_by_products,
        seen_by_reviews,
        key,
        jwks,
        supergraph_path,
        _dir: dir,
    }
}

impl TestApp {
    /// Claims of a fresh candidate session, valid now.
    pub fn claims(&self) -> AccessClaims {
        claims_for(uuid::Uuid::now_v7(), "candidate", &["jobs:read"])
    }

    /// `Bearer <token>` for `claims`, signed with the published key.
    pub fn bearer(&self, claims: &AccessClaims) -> String {
        format!("Bearer {}", self.key.sign(claims))
    }

    /// POSTs `query` with `authorization`, accepting `accept`.
    pub async fn post_as(&self, authorization: &str, query: &str, accept: &str) -> Reply {
        let response = self
            .http
            .post(&self.url)
            .header("accept", accept)
            .header("authorization", authorization)
            .json(&json!({"query": query}))
            .send()
            .await
            .expect("router answers");
        Reply::read(response).await
    }

    /// A client of this router (the one the end-to-end tests use), without a token.
    pub fn client(&self) -> GraphqlClient {
        GraphqlClient {
            url: self.url.clone(),
            http: self.http.clone(),
            bearer: None,
        }
    }

    /// POSTs `{query, variables}` accepting `application/graphql-response+json`.
    pub async fn post(&self, query: &str, variables: Value) -> Reply {
        self.client().post(query, variables).await
    }

    pub async fn post_accepting(&self, query: &str, variables: Value, accept: &str) -> Reply {
        self.client().post_accepting(query, variables, accept).await
    }

    /// POSTs and returns `data`, failing on errors.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        self.client().data(query, variables).await
    }

    pub fn websocket_url(&self) -> String {
        self.client().websocket_url()
    }

    pub async fn rewrite_supergraph(&self, change: impl FnOnce(String) -> String) {
        let sdl = std::fs::read_to_string(&self.supergraph_path).expect("read supergraph");
        write_atomically(&self.supergraph_path, &change(sdl));
    }
}

/// Writes through a temporary file and a rename, as tools that regenerate files do.
fn write_atomically(path: &Path, content: &str) {
    let temporary = path.with_extension("tmp");
    std::fs::write(&temporary, content).expect("write supergraph");
    std::fs::rename(&temporary, path).expect("replace supergraph");
}

/// Redis for the tests that need one: `REDIS_URL`, which CI always sets (a missing one fails
/// there); elsewhere `None`, and the test returns early.
pub fn redis_url() -> Option<String> {
    let url = std::env::var("REDIS_URL")
        .ok()
        .filter(|url| !url.is_empty());
    if url.is_none() {
        assert!(
            std::env::var("CI").map_or(true, |ci| ci != "true"),
            "REDIS_URL must be set in CI"
        );
    }
    url
}
