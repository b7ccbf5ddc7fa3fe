//! Operations streamed over one HTTP response, for clients that do not open a WebSocket:
//! GraphQL over Server-Sent Events (graphql-sse's distinct connections mode: `Accept:
//! text/event-stream`) and Apollo's multipart HTTP subscriptions (`Accept:
//! multipart/mixed;subscriptionSpec=1.0`).
//!
//! The operation runs exactly as on a WebSocket (`websocket_operation::run_operation`): the
//! same stages and limits, the same per-event authorisation, the same end with a reason when
//! the token expires or a subgraph goes away; `framing.rs` writes its frames. The token comes
//! from the request's `Authorization` and is checked before the stream starts, so a refused one
//! is an ordinary 401 (or 200 with `UNAUTHENTICATED` for legacy JSON clients). Idle streams get
//! heartbeats (an SSE comment every 12 s; an empty `{}` part every 5 s, as Apollo's protocol
//! asks), and the operation stops when the client goes away.
//!
//! A client that prefers a stream (it lists the stream type before, or above, the JSON types)
//! gets every operation streamed, as graphql-sse clients expect; one that only also accepts a
//! stream (urql lists `text/event-stream` and `multipart/mixed` after JSON) gets JSON, and a
//! stream only for a subscription.

use super::framing::{Framing, MULTIPART_BOUNDARY};
use super::websocket_operation::{Credential, Outgoing, run_operation};
use super::{ClientRequest, GraphQLParams, PipelineError, Transport, localize};
use crate::state::SharedState;
use axum::body::{Body, Bytes};
use axum::extract::ws::Message;
use axum::response::{IntoResponse, Response};
use http::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

const SSE_HEARTBEAT: Duration = Duration::from_secs(12);
const MULTIPART_HEARTBEAT: Duration = Duration::from_secs(5);

/// The stream a client accepts, and whether it prefers it to JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    pub framing: Framing,
    pub preferred: bool,
}

/// The best stream `Accept` allows, if any.
pub fn accepted(headers: &HeaderMap) -> Option<Accepted> {
    let ranges = headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','));
    // (quality, position) of the best stream and of the best JSON type.
    let mut stream: Option<(f32, usize, Framing)> = None;
    let mut json: Option<(f32, usize)> = None;
    for (position, range) in ranges.enumerate() {
        let mut parts = range.split(';').map(str::trim);
        let media_type = parts.next().unwrap_or_default().to_ascii_lowercase();
        let params: Vec<String> = parts.map(str::to_ascii_lowercase).collect();
        let quality = params
            .iter()
            .find_map(|param| param.strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        if quality <= 0.0 {
            continue;
        }
        let framing = match media_type.as_str() {
            "text/event-stream" => Framing::Sse,
            "multipart/mixed"
                if params
                    .iter()
                    .any(|param| param.starts_with("subscriptionspec")) =>
            {
                Framing::Multipart
            }
            "application/graphql-response+json" | "application/json" | "application/*" | "*/*" => {
                if json.is_none_or(|(best, _)| quality > best) {
                    json = Some((quality, position));
                }
                continue;
            }
            _ => continue,
        };
        if stream.as_ref().is_none_or(|(best, _, _)| quality > *best) {
            stream = Some((quality, position, framing));
        }
    }
    let (quality, position, framing) = stream?;
    let preferred = json.is_none_or(|(json_quality, json_position)| {
        quality > json_quality || (quality == json_quality && position < json_position)
    });
    Some(Accepted { framing, preferred })
}

/// Aborts the operation when the response body is dropped (the client went away).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Runs the operation and streams its frames as the response.
pub async fn respond(
    state: &SharedState,
    params: GraphQLParams,
    mut client: ClientRequest,
    framing: Framing,
) -> Response {
    client.transport = match client.transport {
        Transport::HttpGet | Transport::StreamGet => Transport::StreamGet,
        _ => Transport::StreamPost,
    };
    let authorization = client.authorization().map(str::to_owned);
    let caller = match state.verifier.authenticate(authorization.as_deref()).await {
        Ok(caller) => caller,
        Err(err) => return refused(&PipelineError::from(err), &client),
    };
    // The credential never changes on an HTTP request; its sender lives as long as the body.
    let (credential_sender, credential) = watch::channel(Credential::of(authorization, &caller));
    let (sender, frames) = mpsc::channel::<Message>(16);
    let operation = tokio::spawn(run_operation(
        state.clone(),
        client,
        "http".to_owned(),
        params,
        Outgoing {
            sender,
            credential,
            framing: framing.clone(),
        },
        (Default::default(), 0),
    ));
    let (content_type, every) = match framing {
        Framing::Multipart => (
            format!("multipart/mixed;boundary=\"{MULTIPART_BOUNDARY}\";subscriptionSpec=\"1.0\""),
            MULTIPART_HEARTBEAT,
        ),
        _ => ("text/event-stream; charset=utf-8".to_owned(), SSE_HEARTBEAT),
    };
    let heartbeat = framing.heartbeat().unwrap_or_default();
    let mut beats = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    beats.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let guard = (AbortOnDrop(operation), credential_sender);
    let body = futures::stream::unfold(
        (frames, beats, guard),
        move |(mut frames, mut beats, guard)| {
            let heartbeat = heartbeat.clone();
            async move {
                let chunk = tokio::select! {
                    frame = frames.recv() => match frame? {
                        Message::Text(text) => Bytes::from(text.as_str().to_owned()),
                        _ => Bytes::new(),
                    },
                    _ = beats.tick() => Bytes::from(heartbeat),
                };
                Some((
                    Ok::<_, std::convert::Infallible>(chunk),
                    (frames, beats, guard),
                ))
            }
        },
    );
    let mut response = Response::new(Body::from_stream(body));
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        headers.insert(CONTENT_TYPE, value);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // Proxies (nginx) must pass each frame on as it comes.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

/// A request refused before its stream started: an ordinary GraphQL error response.
fn refused(err: &PipelineError, client: &ClientRequest) -> Response {
    let format = super::content_negotiation::ResponseFormat::GraphQLResponseJson;
    let language = localize::language(client);
    let status = err.status(format);
    let mut response = (
        status,
        [(CONTENT_TYPE, format.content_type())],
        localize::body(err.body(), language),
    )
        .into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            http::header::WWW_AUTHENTICATE,
            HeaderValue::from_static(r#"Bearer error="invalid_token""#),
        );
    }
    localize::mark(&mut response, language);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> Option<Accepted> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, value.parse().expect("header"));
        accepted(&headers)
    }

    #[test]
    fn streams_are_chosen_as_clients_ask_for_them() {
        // graphql-sse.
        assert_eq!(
            accept("text/event-stream"),
            Some(Accepted {
                framing: Framing::Sse,
                preferred: true
            })
        );
        // Apollo Client's subscriptions over HTTP.
        assert_eq!(
            accept(
                "multipart/mixed;boundary=\"graphql\";subscriptionSpec=1.0,application/graphql-response+json,application/json;q=0.9"
            ),
            Some(Accepted {
                framing: Framing::Multipart,
                preferred: true
            })
        );
        // urql's default: JSON first, streams accepted for subscriptions.
        assert_eq!(
            accept(
                "application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed;subscriptionSpec=1.0"
            ),
            Some(Accepted {
                framing: Framing::Sse,
                preferred: false
            })
        );
        assert_eq!(accept("application/json"), None);
        // `@defer`'s multipart is not a subscription stream.
        assert_eq!(accept("multipart/mixed;deferSpec=20220824"), None);
        assert_eq!(accept("text/event-stream;q=0"), None);
    }
}
