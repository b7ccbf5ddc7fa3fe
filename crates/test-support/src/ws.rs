//! graphql-transport-ws, as Apollo Client, urql and graphql-ws speak it: the subprotocol
//! header, `connection_init`/`connection_ack`, `subscribe` and pings answered with pongs.

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// How long [`WsClient::next_message`] waits.
const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// One graphql-transport-ws connection.
pub struct WsClient {
    socket: Socket,
}

impl WsClient {
    /// Connects without sending anything (the server must agree to the subprotocol).
    pub async fn open(url: &str) -> WsClient {
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
        WsClient { socket }
    }

    /// Connects and completes `connection_init` with `params` / `connection_ack`.
    pub async fn connect(url: &str, params: Value) -> WsClient {
        let mut client = Self::open(url).await;
        client
            .send(json!({"type": "connection_init", "payload": params}))
            .await;
        let ack = client.next_message().await;
        assert_eq!(ack["type"], "connection_ack", "{ack}");
        client
    }

    /// Connects and subscribes with id `1`.
    pub async fn start(url: &str, query: &str, variables: Value) -> WsClient {
        Self::start_with_params(url, json!({}), query, variables).await
    }

    /// As [`WsClient::start`], with `connectionParams` (e.g. `{"Authorization": …}`).
    pub async fn start_with_params(
        url: &str,
        params: Value,
        query: &str,
        variables: Value,
    ) -> WsClient {
        let mut client = Self::connect(url, params).await;
        client.subscribe("1", query, variables).await;
        client
    }

    /// Starts the subscription `id`.
    pub async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        self.send(json!({
            "id": id,
            "type": "subscribe",
            "payload": {"query": query, "variables": variables}
        }))
        .await;
    }

    /// Sends any protocol message (a ping with a payload, a second `subscribe`, …).
    pub async fn send(&mut self, message: Value) {
        self.socket
            .send(Message::Text(message.to_string().into()))
            .await
            .expect("websocket send");
    }

    /// The next protocol message (pings answered); fails the test after 10 s.
    pub async fn next_message(&mut self) -> Value {
        self.next_message_within(DEFAULT_WAIT).await
    }

    /// The next protocol message (pings answered), or a test failure after `wait`. A close
    /// frame reads as `{"type": "closed", "code": …}`.
    pub async fn next_message_within(&mut self, wait: Duration) -> Value {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let frame = tokio::time::timeout_at(deadline, self.socket.next())
                .await
                .expect("a websocket message before the timeout")
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
                    let code = frame.as_ref().map(|frame| u16::from(frame.code));
                    return json!({"type": "closed", "code": code, "frame": format!("{frame:?}")});
                }
                _ => continue,
            }
        }
    }

    /// The payload of the next `next` message, or a test failure after `wait`.
    pub async fn next_payload(&mut self, wait: Duration) -> Value {
        let message = self.next_message_within(wait).await;
        assert_eq!(message["type"], "next", "{message}");
        message["payload"].clone()
    }

    /// The close frame's code the server sent next (other messages are skipped), or `None` if
    /// the socket ended without one within `wait`.
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
}
