//! Real clients: GraphQL over HTTP (reqwest) and graphql-transport-ws (tokio-tungstenite).

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

#[derive(Clone)]
pub struct GraphqlClient {
    pub url: String,
    pub http: reqwest::Client,
    /// Sent as `Authorization: Bearer …` when set.
    pub bearer: Option<String>,
}

/// Status, content type and body of one response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: Value,
}

impl GraphqlClient {
    pub fn new(url: String) -> Self {
        Self {
            url,
            http: reqwest::Client::new(),
            bearer: None,
        }
    }

    /// The same client, sending `token` as a bearer token.
    pub fn with_token(&self, token: &str) -> Self {
        Self {
            bearer: Some(token.to_owned()),
            ..self.clone()
        }
    }

    /// POSTs an operation accepting `application/graphql-response+json`.
    pub async fn post(&self, query: &str, variables: Value) -> Reply {
        self.post_accepting(query, variables, GRAPHQL_RESPONSE_JSON)
            .await
    }

    pub async fn post_accepting(&self, query: &str, variables: Value, accept: &str) -> Reply {
        let mut request = self.http.post(&self.url).header("accept", accept);
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        let response = request
            .json(&json!({"query": query, "variables": variables}))
            .send()
            .await
            .expect("router answers");
        Reply::read(response).await
    }

    /// POSTs and returns `data`, failing the test on any error.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        let reply = self.post(query, variables).await;
        assert!(
            reply.body.get("errors").is_none(),
            "unexpected errors: {}",
            reply.body
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.body["data"].clone()
    }

    pub fn websocket_url(&self) -> String {
        self.url.replacen("http", "ws", 1)
    }
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

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// One graphql-transport-ws subscription.
pub struct WsSubscription {
    socket: Socket,
}

impl WsSubscription {
    /// Connects, completes `connection_init`/`connection_ack` and subscribes with id `1`.
    pub async fn start(url: &str, query: &str, variables: Value) -> WsSubscription {
        Self::start_with_params(url, json!({}), query, variables).await
    }

    /// As [`WsSubscription::start`], with `connectionParams` (e.g. `{"Authorization": …}`).
    pub async fn start_with_params(
        url: &str,
        params: Value,
        query: &str,
        variables: Value,
    ) -> WsSubscription {
        let mut request = url.into_client_request().expect("websocket url");
        request.headers_mut().insert(
            "sec-websocket-protocol",
            "graphql-transport-ws".parse().expect("header"),
        );
        let (socket, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("websocket connects");
        let mut subscription = WsSubscription { socket };
        subscription
            .send(json!({"type": "connection_init", "payload": params}))
            .await;
        let ack = subscription.next_message(Duration::from_secs(10)).await;
        assert_eq!(ack["type"], "connection_ack", "{ack}");
        subscription
            .send(json!({
                "id": "1",
                "type": "subscribe",
                "payload": {"query": query, "variables": variables}
            }))
            .await;
        subscription
    }

    /// Sends any protocol message (a ping with a payload, a second `subscribe`, …).
    pub async fn send(&mut self, message: Value) {
        self.socket
            .send(Message::Text(message.to_string().into()))
            .await
            .expect("websocket send");
    }

    /// The close frame's code the server sent next (other messages are skipped), or `None` if the
    /// socket ended without one within `wait`.
    pub async fn closed_with(&mut self, wait: Duration) -> Option<u16> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.socket.next()).await {
                Ok(Some(Ok(Message::Close(frame)))) => return frame.map(|frame| frame.code.into()),
                Ok(Some(Ok(_))) => continue,
                _ => return None,
            }
        }
    }

    /// Closes the connection from the client side.
    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }

    /// The next protocol message (pings answered), or a test failure after `wait`.
    pub async fn next_message(&mut self, wait: Duration) -> Value {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let message = tokio::time::timeout_at(deadline, self.socket.next())
                .await
                .expect("a websocket message before the timeout")
                .expect("websocket open")
                .expect("websocket frame");
            match message {
                Message::Text(text) => {
                    let value: Value = serde_json::from_str(&text).expect("json message");
                    if value["type"] == "ping" {
                        self.send(json!({"type": "pong"})).await;
                        continue;
                    }
                    return value;
                }
                Message::Close(frame) => panic!("websocket closed: {frame:?}"),
                _ => continue,
            }
        }
    }

    /// The payload of the next `next` message.
    pub async fn next_payload(&mut self, wait: Duration) -> Value {
        let message = self.next_message(wait).await;
        assert_eq!(message["type"], "next", "{message}");
        message["payload"].clone()
    }
}
