//! Starting subgraphs and a router on random ports, and the HTTP and WebSocket clients.

use crate::subgraphs;
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

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

/// A router in front of fresh `products` and `reviews` subgraphs.
pub struct TestApp {
    pub url: String,
    pub http: reqwest::Client,
    pub stats: router::RouterStats,
    pub products: TestSubgraph,
    pub reviews: TestSubgraph,
    pub supergraph_path: PathBuf,
    _dir: tempfile::TempDir,
}

/// Starts the subgraphs and a router on a private copy of the fixture supergraph (tests may
/// rewrite it to exercise reloads).
pub async fn spawn_app() -> TestApp {
    let products = TestSubgraph::start(subgraphs::products_app()).await;
    let reviews = TestSubgraph::start(subgraphs::reviews_app()).await;
    let dir = tempfile::tempdir().expect("temporary folder");
    let supergraph_path = dir.path().join("supergraph.graphql");
    std::fs::copy(fixtures_dir().join("supergraph.graphql"), &supergraph_path)
        .expect("copy the fixture supergraph");
    let app = router::Application::build(router::RouterConfig {
        host: "127.0.0.1".into(),
        port: 0,
        supergraph_path: supergraph_path.clone(),
        subgraph_urls: HashMap::from([
            ("products".to_owned(), products.url.clone()),
            ("reviews".to_owned(), reviews.url.clone()),
        ]),
    })
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
        supergraph_path,
        _dir: dir,
    }
}

/// Status, content type and JSON body of one response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: Value,
}

impl Reply {
    pub async fn read(response: reqwest::Response) -> Reply {
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let text = response.text().await.expect("response body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply {
            status,
            content_type,
            body,
        }
    }
}

impl TestApp {
    /// POSTs `{query, variables}` accepting `application/graphql-response+json`.
    pub async fn post(&self, query: &str, variables: Value) -> Reply {
        self.post_accepting(query, variables, GRAPHQL_RESPONSE_JSON)
            .await
    }

    pub async fn post_accepting(&self, query: &str, variables: Value, accept: &str) -> Reply {
        let response = self
            .http
            .post(&self.url)
            .header("accept", accept)
            .json(&json!({"query": query, "variables": variables}))
            .send()
            .await
            .expect("router answers");
        Reply::read(response).await
    }

    /// POSTs and returns `data`, failing on errors.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        let reply = self.post(query, variables).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert!(
            reply.body.get("errors").is_none(),
            "unexpected errors: {}",
            reply.body
        );
        reply.body["data"].clone()
    }

    pub fn websocket_url(&self) -> String {
        self.url.replacen("http", "ws", 1)
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

/// Polls `check` every 50 ms for at most `seconds`.
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

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A graphql-transport-ws client connection.
pub struct WsClient {
    socket: Socket,
}

impl WsClient {
    /// Connects and completes `connection_init` with `params` / `connection_ack`.
    pub async fn connect(url: &str, params: Value) -> WsClient {
        let mut request = url.into_client_request().expect("websocket url");
        request.headers_mut().insert(
            "sec-websocket-protocol",
            "graphql-transport-ws".parse().expect("header"),
        );
        let (socket, response) = tokio_tungstenite::connect_async(request)
            .await
            .expect("websocket connects");
        assert_eq!(
            response
                .headers()
                .get("sec-websocket-protocol")
                .map(|v| v.to_str().unwrap_or_default()),
            Some("graphql-transport-ws")
        );
        let mut client = WsClient { socket };
        client
            .send(json!({"type": "connection_init", "payload": params}))
            .await;
        let ack = client.next_message().await;
        assert_eq!(ack["type"], "connection_ack", "{ack}");
        client
    }

    pub async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        self.send(json!({
            "id": id,
            "type": "subscribe",
            "payload": {"query": query, "variables": variables}
        }))
        .await;
    }

    pub async fn send(&mut self, message: Value) {
        self.socket
            .send(Message::Text(message.to_string().into()))
            .await
            .expect("websocket send");
    }

    /// The next protocol message (pings answered); fails the test after 10 s.
    pub async fn next_message(&mut self) -> Value {
        loop {
            let frame = tokio::time::timeout(Duration::from_secs(10), self.socket.next())
                .await
                .expect("a websocket message within 10 s")
                .expect("websocket open")
                .expect("websocket frame");
            match frame {
                Message::Text(text) => {
                    let message: Value = serde_json::from_str(&text).expect("json message");
                    if message["type"] == "ping" {
                        self.send(json!({"type": "pong"})).await;
                        continue;
                    }
                    return message;
                }
                Message::Close(frame) => {
                    return json!({"type": "closed", "frame": format!("{frame:?}")});
                }
                _ => continue,
            }
        }
    }
}
