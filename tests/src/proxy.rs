//! A counting HTTP proxy between the router and a subgraph: lets a test see how many requests
//! (and how many `_entities` fetches) the router sent, without instrumenting production code.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Recorded(Arc<Mutex<Vec<String>>>);

impl Recorded {
    /// The `query` text of every request seen so far.
    pub fn queries(&self) -> Vec<String> {
        self.0
            .lock()
            .map(|queries| queries.clone())
            .unwrap_or_default()
    }

    pub fn entity_fetches(&self) -> usize {
        self.queries()
            .iter()
            .filter(|query| query.contains("_entities"))
            .count()
    }

    pub fn clear(&self) {
        if let Ok(mut queries) = self.0.lock() {
            queries.clear();
        }
    }
}

#[derive(Clone)]
struct Upstream {
    url: String,
    http: reqwest::Client,
    recorded: Recorded,
}

/// Starts a proxy for POSTs to `upstream`; returns its `/graphql` URL and the recording.
pub async fn start(upstream: String) -> (String, Recorded) {
    let recorded = Recorded::default();
    let state = Upstream {
        url: upstream,
        http: reqwest::Client::new(),
        recorded: recorded.clone(),
    };
    let app = axum::Router::new()
        .route("/graphql", axum::routing::post(forward))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("proxy binds");
    let port = listener.local_addr().expect("proxy address").port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://127.0.0.1:{port}/graphql"), recorded)
}

async fn forward(State(upstream): State<Upstream>, headers: HeaderMap, body: Bytes) -> Response {
    if let Ok(request) = serde_json::from_slice::<serde_json::Value>(&body) {
        let query = request["query"].as_str().unwrap_or_default().to_owned();
        if let Ok(mut queries) = upstream.recorded.0.lock() {
            queries.push(query);
        }
    }
    let mut request = upstream.http.post(&upstream.url).body(body);
    for name in ["content-type", "accept", "authorization"] {
        if let Some(value) = headers.get(name) {
            request = request.header(name, value);
        }
    }
    match request.send().await {
        Ok(response) => {
            let status = response.status();
            let content_type = response
                .headers()
                .get("content-type")
                .cloned()
                .unwrap_or_else(|| "application/json".parse().expect("header"));
            let body = response.bytes().await.unwrap_or_default();
            (status, [("content-type", content_type)], body).into_response()
        }
        Err(_) => StatusCode::BAD_GATEWAY.into_response(),
    }
}

/// The subgraphs of `config` behind a router that reaches each through a counting proxy: the
/// running subgraphs (keep them alive), a client of the router, and each subgraph's recording
/// by name.
pub async fn proxied_stack(
    config: &stack::StackConfig,
) -> (
    stack::Subgraphs,
    crate::GraphqlClient,
    std::collections::HashMap<&'static str, Recorded>,
) {
    let subgraphs = stack::Subgraphs::start(config)
        .await
        .expect("subgraphs start");
    let mut urls = subgraphs.urls();
    let mut recorded = std::collections::HashMap::new();
    for name in stack::SUBGRAPHS {
        let (url, recording) = start(urls[name].clone()).await;
        urls.insert(name.to_owned(), url);
        recorded.insert(name, recording);
    }
    let router = router::Application::build(router::RouterConfig {
        host: "127.0.0.1".into(),
        port: 0,
        supergraph_path: crate::supergraph_path(),
        subgraph_urls: urls,
        verifier: Some(subgraphs.auth.verifier.clone()),
        ..Default::default()
    })
    .await
    .expect("router builds");
    let client = crate::GraphqlClient::new(format!("http://127.0.0.1:{}/graphql", router.port()));
    tokio::spawn(router.run_until_stopped());
    (subgraphs, client, recorded)
}
