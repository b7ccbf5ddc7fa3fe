//! graphql-transport-ws for clients at `/graphql`.
//!
//! Browsers cannot set headers on a WebSocket, so credentials come in `connection_init`'s
//! payload (`connectionParams`); its `Authorization` becomes the request's `Authorization`
//! header for every operation on the connection, so the rest of the pipeline (and the
//! forwarding to subgraphs) sees it as it would on HTTP. The token is verified at
//! `connection_init` (a refused one closes the socket with 4403 Forbidden, as the protocol
//! recommends) and again for each operation, so an operation started after the token expired
//! or its session was revoked gets an `UNAUTHENTICATED` error message. A subscription already
//! running is not cut when its token later expires. Any operation type may run:
//! subscriptions stream `next` messages until the subgraph ends or the client sends `complete`;
//! queries and mutations send one `next`. Protocol violations close the socket with the codes
//! the protocol defines.

use super::cors::origin_allowed;
use super::execution::{execute, subscribe};
use super::{
    ClientRequest, GraphQLParams, PipelineError, Transport, authenticate, client_address, prepare,
};
use crate::state::SharedState;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::response::{IntoResponse, Response};
use futures::{SinkExt, StreamExt};
use hive_router_query_planner::state::supergraph_state::OperationKind;
use http::header::{AUTHORIZATION, ORIGIN, SEC_WEBSOCKET_PROTOCOL};
use http::request::Parts;
use http::{HeaderMap, HeaderValue, StatusCode, Uri};
use serde::Deserialize;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

pub const PROTOCOL: &str = "graphql-transport-ws";
/// The client must send `connection_init` this soon after connecting.
const INIT_TIMEOUT: Duration = Duration::from_secs(10);
/// Protocol-level pings keep idle subscriptions alive through proxies that drop quiet sockets.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Upgrades `GET /graphql` to a graphql-transport-ws connection.
pub async fn upgrade(state: SharedState, mut parts: Parts) -> Response {
    let offered = parts
        .headers
        .get_all(SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|protocol| protocol.trim() == PROTOCOL);
    if !offered {
        return (
            StatusCode::BAD_REQUEST,
            "WebSocket connections to /graphql must use the graphql-transport-ws subprotocol",
        )
            .into_response();
    }
    // Browsers send no preflight for WebSockets, so the origin is checked here.
    if !origin_allowed(&state.edge.cors, parts.headers.get(ORIGIN)) {
        return (
            StatusCode::FORBIDDEN,
            "This origin may not open WebSocket connections to /graphql",
        )
            .into_response();
    }
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| *peer);
    let (uri, headers) = (parts.uri, parts.headers);
    let client = client_address(&state.edge.trusted_proxies, peer, &headers);
    upgrade
        .protocols([PROTOCOL])
        .on_upgrade(move |socket| serve(socket, state, uri, headers, client))
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientMessage {
    ConnectionInit { payload: Option<Json> },
    Ping {},
    Pong {},
    Subscribe { id: String, payload: GraphQLParams },
    Complete { id: String },
}

/// Running operations by id; the token tells a reused id from the operation that held it.
type Operations = Arc<Mutex<HashMap<String, (u64, AbortHandle)>>>;

fn lock(operations: &Operations) -> MutexGuard<'_, HashMap<String, (u64, AbortHandle)>> {
    operations
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Why the server closes the connection.
struct Close(u16, &'static str);

async fn serve(
    socket: WebSocket,
    state: SharedState,
    uri: Uri,
    mut headers: HeaderMap,
    client: Option<IpAddr>,
) {
    let (mut sink, mut frames) = socket.split();
    let (outgoing, mut to_send) = mpsc::channel::<Message>(64);
    let writer = tokio::spawn(async move {
        while let Some(message) = to_send.recv().await {
            let closing = matches!(message, Message::Close(_));
            if sink.send(message).await.is_err() || closing {
                break;
            }
        }
    });

    let operations: Operations = Arc::default();
    let tokens = AtomicU64::new(0);
    let mut acknowledged = false;
    let init_deadline = tokio::time::sleep(INIT_TIMEOUT);
    tokio::pin!(init_deadline);
    let mut keepalive =
        tokio::time::interval_at(tokio::time::Instant::now() + KEEPALIVE, KEEPALIVE);
    let close = loop {
        let frame = tokio::select! {
            () = &mut init_deadline, if !acknowledged => {
                break Some(Close(4408, "Connection initialisation timeout"));
            }
            _ = keepalive.tick(), if acknowledged => {
                if send(&outgoing, r#"{"type":"ping"}"#.to_owned()).await {
                    continue;
                }
                break None;
            }
            frame = frames.next() => frame,
        };
        let text = match frame {
            None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break None,
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Binary(_))) => {
                break Some(Close(4400, "Binary messages are not supported"));
            }
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
        };
        let Ok(message) = serde_json::from_str::<ClientMessage>(&text) else {
            break Some(Close(4400, "Invalid message received"));
        };
        match message {
            ClientMessage::ConnectionInit { payload } => {
                if acknowledged {
                    break Some(Close(4429, "Too many initialisation requests"));
                }
                if let Some(authorization) = payload.as_ref().and_then(authorization_param) {
                    match HeaderValue::from_str(&authorization) {
                        Ok(value) => headers.insert(AUTHORIZATION, value),
                        Err(_) => break Some(Close(4403, "Forbidden")),
                    };
                }
                let authorization = headers
                    .get(AUTHORIZATION)
                    .and_then(|value| value.to_str().ok());
                match state.verifier.authenticate(authorization).await {
                    Ok(_) => {}
                    Err(err) if err.is_unauthenticated() => {
                        tracing::debug!(reason = %err, "connection_init refused");
                        break Some(Close(4403, "Forbidden"));
                    }
                    Err(err) => {
                        tracing::error!(error = %err, "cannot verify tokens");
                        break Some(Close(1011, "Authentication unavailable"));
                    }
                }
                acknowledged = true;
                if !send(&outgoing, r#"{"type":"connection_ack"}"#.to_owned()).await {
                    break None;
                }
            }
            ClientMessage::Ping {} => {
                if !send(&outgoing, r#"{"type":"pong"}"#.to_owned()).await {
                    break None;
                }
            }
            ClientMessage::Pong {} => {}
            ClientMessage::Subscribe { .. } if !acknowledged => {
                break Some(Close(4401, "Unauthorized"));
            }
            ClientMessage::Subscribe { id, payload } => {
                // Held until the operation is registered: it deregisters itself when done,
                // which must not happen before it is registered.
                let mut running = lock(&operations);
                if running.contains_key(&id) {
                    break Some(Close(4409, "Subscriber for the id already exists"));
                }
                let token = tokens.fetch_add(1, Ordering::Relaxed);
                let client =
                    ClientRequest::new(Transport::WebSocket, uri.clone(), headers.clone(), client);
                let task = tokio::spawn(run_operation(
                    state.clone(),
                    client,
                    id.clone(),
                    payload,
                    outgoing.clone(),
                    (operations.clone(), token),
                ));
                running.insert(id, (token, task.abort_handle()));
            }
            ClientMessage::Complete { id } => {
                if let Some((_, task)) = lock(&operations).remove(&id) {
                    task.abort();
                }
            }
        }
    };

    for (_, (_, task)) in lock(&operations).drain() {
        task.abort();
    }
    if let Some(Close(code, reason)) = close {
        let frame = CloseFrame {
            code,
            reason: reason.into(),
        };
        let _ = outgoing.send(Message::Close(Some(frame))).await;
    }
    drop(outgoing);
    let _ = writer.await;
}

/// `connectionParams.Authorization` (or `authorization`, or the same under `headers`).
fn authorization_param(payload: &Json) -> Option<String> {
    let lookup = |object: &Json| {
        object
            .get("Authorization")
            .or_else(|| object.get("authorization"))
            .and_then(Json::as_str)
            .map(str::to_owned)
    };
    lookup(payload).or_else(|| payload.get("headers").and_then(lookup))
}

/// Runs one operation and sends its messages; deregisters before the final one so the client
/// may reuse the id as soon as it sees `complete`.
async fn run_operation(
    state: SharedState,
    mut client: ClientRequest,
    id: String,
    params: GraphQLParams,
    outgoing: mpsc::Sender<Message>,
    (operations, token): (Operations, u64),
) {
    let id_json = Json::String(id.clone()).to_string();
    let next = |body: Vec<u8>| {
        let payload = String::from_utf8(body)
            .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned());
        format!(r#"{{"id":{id_json},"type":"next","payload":{payload}}}"#)
    };
    let done = || {
        let mut running = lock(&operations);
        if running
            .get(&id)
            .is_some_and(|(current, _)| *current == token)
        {
            running.remove(&id);
        }
    };

    let prepared = match authenticate(&state.verifier, &mut client).await {
        Ok(()) => prepare(&state, params, &client).await,
        Err(err) => Err(err),
    };
    let result = match prepared {
        Ok(prepared) if prepared.document.kind == OperationKind::Subscription => {
            // A subscription outlives the check at its start: the credential is checked again
            // before every event, so a signed-out, revoked or expired token stops the stream.
            let authorization = client.authorization().map(str::to_owned);
            match subscribe(
                prepared,
                client,
                state.headers_plan.clone(),
                state.edge.clone(),
                &state.subscriptions,
            ) {
                Ok(mut events) => {
                    let mut ended = Ok(());
                    while let Some(event) = events.recv().await {
                        if let Err(err) =
                            state.verifier.authenticate(authorization.as_deref()).await
                        {
                            ended = Err(PipelineError::from(err));
                            break;
                        }
                        if !send(&outgoing, next(event)).await {
                            return;
                        }
                    }
                    ended
                }
                Err(err) => Err(err),
            }
        }
        Ok(prepared) => match tokio::time::timeout(
            state.edge.request_timeout,
            execute(&prepared, &client, &state.headers_plan, &state.edge),
        )
        .await
        .unwrap_or(Err(PipelineError::Timeout))
        {
            Ok(output) => {
                if !send(&outgoing, next(output.body)).await {
                    return;
                }
                Ok(())
            }
            Err(err) => Err(err),
        },
        Err(err) => Err(err),
    };
    done();
    let last = match result {
        Ok(()) => format!(r#"{{"id":{id_json},"type":"complete"}}"#),
        Err(err) => {
            let errors = sonic_rs::to_string(&err.graphql_errors()).unwrap_or_else(|_| "[]".into());
            format!(r#"{{"id":{id_json},"type":"error","payload":{errors}}}"#)
        }
    };
    send(&outgoing, last).await;
}

/// False once the connection is gone.
async fn send(outgoing: &mpsc::Sender<Message>, text: String) -> bool {
    outgoing.send(Message::Text(text.into())).await.is_ok()
}
