//! A subgraph server as the router calls it: each request and WebSocket connection is
//! authenticated before any resolver runs, and resolvers see the caller and the client.

use super::{Server, graphql_routes};
use crate::auth::testing::{MemoryJwks, TestKey, claims_for, jwks_of};
use crate::auth::{
    Caller, CallerOf, ClientInfo, SessionRevocations, TokenVerifier, TrustedProxies, VerifyOptions,
};
use crate::operation_limits::MAX_BODY_BYTES;
use async_graphql::{Context, EmptyMutation, Object, Schema, Subscription};
use futures::{SinkExt, Stream, StreamExt};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

struct Query;

#[Object]
impl Query {
    /// The caller's user id, or null.
    async fn caller(&self, ctx: &Context<'_>) -> Option<String> {
        Caller::of(ctx).user().map(|user| user.user_id.to_string())
    }

    async fn client(&self, ctx: &Context<'_>) -> Value {
        let client = ClientInfo::of(ctx);
        json!({"ip": client.ip.map(|ip| ip.to_string()), "userAgent": client.user_agent})
    }

    /// Writes one log line.
    async fn logged(&self) -> bool {
        tracing::info!("resolver ran");
        true
    }
}

struct Subscriptions;

#[Subscription]
impl Subscriptions {
    async fn caller(&self, ctx: &Context<'_>) -> impl Stream<Item = Option<String>> + use<> {
        let user = Caller::of(ctx).user().map(|user| user.user_id.to_string());
        futures::stream::iter([user])
    }

    /// The connection's client address.
    async fn client_ip(&self, ctx: &Context<'_>) -> impl Stream<Item = Option<String>> + use<> {
        let ip = ClientInfo::of(ctx).ip.map(|ip| ip.to_string());
        futures::stream::iter([ip])
    }
}

struct Running {
    url: String,
    key: TestKey,
}

async fn serve() -> Running {
    serve_behind(TrustedProxies::loopback()).await
}

async fn serve_behind(trusted_proxies: TrustedProxies) -> Running {
    let key = TestKey::generate("server-key");
    let verifier = TokenVerifier::new(
        Arc::new(MemoryJwks::new(jwks_of(&[&key]))),
        SessionRevocations::in_process(),
        VerifyOptions::default(),
    );
    let schema = Schema::new(Query, EmptyMutation, Subscriptions);
    let server = Server::bind(
        "127.0.0.1",
        0,
        graphql_routes(schema, verifier, trusted_proxies),
    )
    .await
    .expect("bind");
    let url = format!("http://127.0.0.1:{}/graphql", server.port());
    tokio::spawn(server.run_until(std::future::pending()));
    Running { url, key }
}

async fn post(url: &str, headers: &[(&str, &str)]) -> Value {
    let mut request = reqwest::Client::new()
        .post(url)
        .json(&json!({"query": "{ caller client }"}));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("server answers");
    response.json().await.expect("json")
}

#[tokio::test]
async fn http_requests_carry_the_verified_caller_and_the_client() {
    let running = serve().await;
    let anonymous = post(&running.url, &[("user-agent", "probe/1")]).await;
    assert_eq!(anonymous["data"]["caller"], Value::Null, "{anonymous}");
    assert_eq!(anonymous["data"]["client"]["ip"], "127.0.0.1", "the peer");
    assert_eq!(anonymous["data"]["client"]["userAgent"], "probe/1");

    let user = uuid::Uuid::now_v7();
    let bearer = format!(
        "Bearer {}",
        running.key.sign(&claims_for(user, "candidate", &[]))
    );
    let through_router = post(
        &running.url,
        &[
            ("authorization", &bearer),
            ("x-forwarded-for", "198.51.100.4"),
        ],
    )
    .await;
    assert_eq!(through_router["data"]["caller"], user.to_string());
    assert_eq!(through_router["data"]["client"]["ip"], "198.51.100.4");
}

#[tokio::test]
async fn forwarded_addresses_from_an_untrusted_peer_are_ignored() {
    // Trusts only another machine: this test's loopback connection is a stranger.
    let running = serve_behind(TrustedProxies::parse("10.9.9.9").unwrap()).await;
    let forged = post(&running.url, &[("x-forwarded-for", "198.51.100.4")]).await;
    assert_eq!(forged["data"]["client"]["ip"], "127.0.0.1", "{forged}");
}

/// Sends `head` (request line and headers, without the blank line) and `body` on a fresh
/// connection, and returns the status and JSON body of the answer. Raw, because an HTTP client
/// still writing a body it was told is too large reports a broken pipe, not the answer.
async fn raw(url: &str, head: &str, body: &[u8]) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .expect("host");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connects");
    stream
        .write_all(format!("{head}\r\nHost: {address}\r\n\r\n").as_bytes())
        .await
        .expect("head written");
    stream.write_all(body).await.expect("body written");
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("answered within 5 s")
        .expect("read");
    let answer = String::from_utf8_lossy(&answer);
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    let status = head.split(' ').nth(1).and_then(|code| code.parse().ok());
    (
        status.expect("a status"),
        serde_json::from_str(body).expect("json"),
    )
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413_before_it_is_read() {
    let running = serve().await;
    // Declared too large: refused before a byte of it is read.
    let started = std::time::Instant::now();
    let (status, body) = raw(
        &running.url,
        &format!(
            "POST /graphql HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}",
            MAX_BODY_BYTES + 1
        ),
        b"",
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "REQUEST_TOO_LARGE");
    assert!(started.elapsed() < Duration::from_secs(1));

    // Without a declared length, cut off once the stream passes the limit.
    let size = MAX_BODY_BYTES + 1;
    let mut chunk = format!("{size:x}\r\n").into_bytes();
    chunk.resize(chunk.len() + size, b' ');
    chunk.extend_from_slice(b"\r\n");
    let (status, body) = raw(
        &running.url,
        "POST /graphql HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
        &chunk,
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "REQUEST_TOO_LARGE");

    let garbage = reqwest::Client::new()
        .post(&running.url)
        .header("content-type", "application/json")
        .body("[{\"query\": \"{ caller }\"}]")
        .send()
        .await
        .expect("server answers");
    assert_eq!(garbage.status(), reqwest::StatusCode::BAD_REQUEST);
    let body: Value = garbage.json().await.expect("json");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
}

#[tokio::test]
async fn a_refused_token_fails_the_whole_request_with_unauthenticated() {
    let running = serve().await;
    let forged = TestKey::generate("server-key");
    let bearer = format!(
        "Bearer {}",
        forged.sign(&claims_for(uuid::Uuid::now_v7(), "candidate", &[]))
    );
    let body = post(&running.url, &[("authorization", &bearer)]).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{body}"
    );
    assert_eq!(body["errors"][0]["message"], "The access token is invalid.");
    assert!(body["data"].is_null(), "{body}");
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(url: &str, params: Value) -> (Socket, Value) {
    let mut request = url
        .replacen("http", "ws", 1)
        .into_client_request()
        .expect("url");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("header"),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("websocket connects");
    let init = json!({"type": "connection_init", "payload": params});
    socket
        .send(Message::Text(init.to_string().into()))
        .await
        .expect("send");
    let reply = next(&mut socket).await;
    (socket, reply)
}

async fn next(socket: &mut Socket) -> Value {
    let frame = tokio::time::timeout(Duration::from_secs(5), socket.next())
        .await
        .expect("a message within 5 s")
        .expect("open")
        .expect("frame");
    match frame {
        Message::Text(text) => serde_json::from_str(&text).expect("json"),
        Message::Close(frame) => {
            json!({"type": "closed", "code": frame.map(|f| u16::from(f.code))})
        }
        other => json!({"type": format!("{other:?}")}),
    }
}

#[tokio::test]
async fn websocket_connection_init_is_authenticated_from_connection_params() {
    let running = serve().await;
    let user = uuid::Uuid::now_v7();
    let bearer = format!(
        "Bearer {}",
        running.key.sign(&claims_for(user, "candidate", &[]))
    );
    // The router sends header names in lowercase.
    let (mut socket, ack) = connect(&running.url, json!({"authorization": bearer})).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    let subscribe =
        json!({"id": "1", "type": "subscribe", "payload": {"query": "subscription { caller }"}});
    socket
        .send(Message::Text(subscribe.to_string().into()))
        .await
        .expect("send");
    let event = next(&mut socket).await;
    assert_eq!(
        event["payload"]["data"]["caller"],
        user.to_string(),
        "{event}"
    );

    let (_, refused) = connect(&running.url, json!({"Authorization": "Bearer nope"})).await;
    assert_eq!(refused["type"], "closed", "{refused}");
}

#[tokio::test]
async fn websocket_forwarded_addresses_count_only_from_a_trusted_upgrade() {
    let subscribe =
        json!({"id": "1", "type": "subscribe", "payload": {"query": "subscription { clientIp }"}});
    let params = json!({"x-forwarded-for": "198.51.100.4"});
    for (trusted, expected) in [
        (TrustedProxies::loopback(), "198.51.100.4"),
        (TrustedProxies::parse("10.9.9.9").unwrap(), "127.0.0.1"),
    ] {
        let running = serve_behind(trusted).await;
        let (mut socket, ack) = connect(&running.url, params.clone()).await;
        assert_eq!(ack["type"], "connection_ack", "{ack}");
        socket
            .send(Message::Text(subscribe.to_string().into()))
            .await
            .expect("send");
        let event = next(&mut socket).await;
        assert_eq!(event["payload"]["data"]["clientIp"], expected, "{event}");
    }
}

/// Log lines written to memory, as `LOG_FORMAT=json` writes them.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut lines) = self.0.lock() {
            lines.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// The JSON lines the resolver wrote.
    fn resolver_lines(&self) -> Vec<Value> {
        let bytes = self.0.lock().map(|lines| lines.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes)
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|line| line["fields"]["message"] == "resolver ran")
            .collect()
    }
}

#[tokio::test]
async fn a_requests_log_lines_carry_the_routers_request_id() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::INFO)
        .with_writer(move || writer.clone())
        .finish();
    // The test's runtime runs the server on this thread, in this subscriber. While only one
    // subscriber exists, tracing asks the registering thread's alone whether a callsite is
    // wanted, so another test's thread (none) meeting the request span first would turn it
    // off for this one too; a second subscriber makes every callsite ask both.
    let _second = tracing::Dispatch::new(tracing_subscriber::registry());
    let _logging = tracing::subscriber::set_default(subscriber);
    let running = serve().await;
    let send = |id: &'static str| {
        reqwest::Client::new()
            .post(&running.url)
            .header("x-request-id", id)
            .json(&json!({"query": "{ logged }"}))
            .send()
    };
    send("0191b2c3-d4e5-7f60-8a9b-0c1d2e3f4a5b")
        .await
        .expect("server answers");
    send("not plain: <script>").await.expect("server answers");

    let lines = captured.resolver_lines();
    assert_eq!(lines.len(), 2, "{lines:?}");
    // Printed for the record: the lines as `LOG_FORMAT=json` writes them.
    for line in &lines {
        println!("{line}");
    }
    assert_eq!(
        lines[0]["span"]["request_id"], "0191b2c3-d4e5-7f60-8a9b-0c1d2e3f4a5b",
        "{}",
        lines[0]
    );
    assert_eq!(lines[1]["span"]["name"], "request", "{}", lines[1]);
    assert!(lines[1]["span"].get("request_id").is_none(), "{}", lines[1]);
}
