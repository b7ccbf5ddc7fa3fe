//! graphql-transport-ws for clients at `/graphql`: the connection (this file) and its
//! operations (`websocket_operation.rs`).
//!
//! Browsers cannot set headers on a WebSocket, so credentials come in `connection_init`'s
//! payload (`connectionParams`); its `Authorization` becomes the request's `Authorization`
//! header for every operation on the connection, so the rest of the pipeline (and the
//! forwarding to subgraphs) sees it as it would on HTTP. The token is verified at
//! `connection_init` (a refused one closes the socket with 4403 Forbidden, as the protocol
//! recommends) and again for each operation and each event.
//!
//! **Renewing the token on an open connection.** Access tokens live 15 minutes; subscriptions
//! live longer. A client sends `{"type":"ping","payload":{"Authorization":"Bearer <new>"}}`;
//! the token is checked like `connection_init`'s (and must be the same user's), answered with
//! `{"type":"pong","payload":{"authorization":"renewed"}}`, and used from then on by every
//! operation on the connection, running ones included. A refused renewal closes the socket
//! with 4403. A subscription whose token expires unrenewed ends as any ended stream does (see
//! `websocket_operation.rs`). Protocol violations close the socket with the codes the
//! protocol defines.

use super::cors::origin_allowed;
use super::framing::Framing;
use super::websocket_operation::{Credential, Outgoing, run_operation};
use super::{ClientRequest, GraphQLParams, Transport, client_address};
use crate::state::SharedState;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::response::{IntoResponse, Response};
use futures::{SinkExt, StreamExt};
use http::header::{AUTHORIZATION, HOST, ORIGIN, SEC_WEBSOCKET_PROTOCOL};
use http::request::Parts;
use http::{HeaderMap, HeaderValue, StatusCode, Uri};
use serde::Deserialize;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{mpsc, watch};
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
    if !origin_allowed(
        &state.edge.cors,
        parts.headers.get(ORIGIN),
        parts.headers.get(HOST),
    ) {
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
    Ping { payload: Option<Json> },
    Pong {},
    Subscribe { id: String, payload: GraphQLParams },
    Complete { id: String },
}

/// Running operations by id; the token tells a reused id from the operation that held it.
pub(super) type Operations = Arc<Mutex<HashMap<String, (u64, AbortHandle)>>>;

pub(super) fn lock(operations: &Operations) -> MutexGuard<'_, HashMap<String, (u64, AbortHandle)>> {
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
    let _open = crate::metrics::Live::new(&state.metrics.websocket_connections);
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
    let (credential, _) = watch::channel(Credential::default());
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
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned);
                match state.verifier.authenticate(authorization.as_deref()).await {
                    Ok(caller) => {
                        credential.send_replace(Credential::of(authorization, &caller));
                    }
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
            ClientMessage::Ping { payload } => {
                let renewal = payload.as_ref().and_then(authorization_param);
                let pong = match renewal {
                    Some(authorization) if acknowledged => {
                        match renew(&state, &credential, authorization).await {
                            Ok(value) => {
                                headers.insert(AUTHORIZATION, value);
                                r#"{"type":"pong","payload":{"authorization":"renewed"}}"#
                            }
                            Err(close) => break Some(close),
                        }
                    }
                    _ => r#"{"type":"pong"}"#,
                };
                if !send(&outgoing, pong.to_owned()).await {
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
                    Outgoing {
                        sender: outgoing.clone(),
                        credential: credential.subscribe(),
                        framing: Framing::graphql_ws(&id),
                    },
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

/// Checks a renewed token like `connection_init`'s: it must verify and belong to the user the
/// connection was opened for. Returns the new `Authorization` header.
async fn renew(
    state: &SharedState,
    credential: &watch::Sender<Credential>,
    authorization: String,
) -> Result<HeaderValue, Close> {
    let value = HeaderValue::from_str(&authorization).map_err(|_| Close(4403, "Forbidden"))?;
    let caller = match state.verifier.authenticate(Some(&authorization)).await {
        Ok(caller) => caller,
        Err(err) if err.is_unauthenticated() => {
            tracing::debug!(reason = %err, "token renewal refused");
            return Err(Close(4403, "Forbidden"));
        }
        Err(err) => {
            tracing::warn!(error = %err, "cannot verify a renewed token");
            return Err(Close(1011, "Authentication unavailable"));
        }
    };
    let renewed = Credential::of(Some(authorization), &caller);
    if renewed.user.is_none() || renewed.user != credential.borrow().user {
        return Err(Close(4403, "Forbidden"));
    }
    credential.send_replace(renewed);
    Ok(value)
}

/// False once the connection is gone.
pub(super) async fn send(outgoing: &mpsc::Sender<Message>, text: String) -> bool {
    outgoing.send(Message::Text(text.into())).await.is_ok()
}
