//! One operation on a streaming transport (a graphql-transport-ws connection, an SSE or a
//! multipart HTTP response; `framing.rs` writes each one's frames): queries and mutations send
//! one `next`; subscriptions stream `next` messages, each carrying its `extensions.eventId`.
//!
//! A subscription is checked against the connection's current credential before every event
//! and when that credential expires, so a signed-out, revoked or expired token stops the
//! stream; a token renewed on the connection (see `websocket_server.rs`) keeps it going.
//!
//! A subscription never ends in silence. When it can no longer be served (the token expired
//! unrenewed, or was revoked; the subgraph serving it went away), the client gets a `next`
//! whose `errors` say why with a stable code (`UNAUTHENTICATED`, `SUBGRAPH_UNAVAILABLE`: the
//! executor's failure of a subgraph connection, mapped in `response_errors.rs`) and then
//! `complete`; it resubscribes with `resumeAfter` set to the last `eventId` it received and is
//! replayed what it missed, on any router instance. A subgraph that completes its stream
//! itself completes the client's.

use super::execution::{execute, has_errors, subscribe};
use super::framing::Framing;
use super::observe::Observed;
use super::websocket_server::{Operations, lock, send};
use super::{ClientRequest, GraphQLParams, PipelineError, authenticate, localize, prepare};
use crate::metrics::Live;
use crate::state::SharedState;
use access::Caller;
use axum::extract::ws::Message;
use contracts::error_messages::Language;
use hive_router_query_planner::state::supergraph_state::OperationKind;
use serde_json::json;
use std::time::{Duration, SystemTime};
use tokio::sync::{mpsc, watch};
use uuid::Uuid;

/// How often a credential past its expiry is checked again.
const RECHECK_EXPIRED: Duration = Duration::from_secs(1);

/// The connection's credential: its `Authorization`, whose it is and when it expires.
#[derive(Clone, Debug, Default)]
pub struct Credential {
    pub authorization: Option<String>,
    pub user: Option<Uuid>,
    pub expires_at: Option<SystemTime>,
}

impl Credential {
    pub fn of(authorization: Option<String>, caller: &Caller) -> Self {
        match caller {
            Caller::Anonymous => Self {
                authorization,
                ..Self::default()
            },
            Caller::User(user) => Self {
                authorization,
                user: Some(user.user_id),
                expires_at: u64::try_from(user.claims.exp)
                    .ok()
                    .map(|exp| SystemTime::UNIX_EPOCH + Duration::from_secs(exp)),
            },
        }
    }
}

/// Where an operation's messages go, how they are framed, and the connection's credential as
/// it changes.
pub struct Outgoing {
    pub sender: mpsc::Sender<Message>,
    pub credential: watch::Receiver<Credential>,
    pub framing: Framing,
}

/// Why the router stopped a subscription: the credential no longer verifies.
struct Ended(PipelineError);

/// Runs one operation and sends its messages; deregisters before the final one so the client
/// may reuse the id as soon as it sees `complete`.
pub async fn run_operation(
    state: SharedState,
    mut client: ClientRequest,
    id: String,
    params: GraphQLParams,
    mut outgoing: Outgoing,
    (operations, token): (Operations, u64),
) {
    let framing = outgoing.framing.clone();
    let authenticated = authenticate(&state.verifier, &mut client).await;
    let language = localize::language(&client);
    let next = |body: &[u8]| {
        // English is what the subgraphs wrote: events pass without a copy.
        let localized;
        let body = if language == Language::En {
            body
        } else {
            localized = localize::body(body.to_vec(), language);
            &localized[..]
        };
        framing.next(&String::from_utf8_lossy(body))
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

    let mut observed = Observed::start();
    let prepared = match authenticated {
        Ok(()) => prepare(&state, params, &client).await,
        Err(err) => Err(err),
    };
    if let Ok(prepared) = &prepared {
        observed.prepared(&prepared.document);
    }
    let mut observed = Some(observed);
    let result = match prepared {
        Ok(prepared) if prepared.document.kind == OperationKind::Subscription => {
            match subscribe(
                prepared,
                client,
                state.headers_plan.clone(),
                state.edge.clone(),
                &state.subscriptions,
            ) {
                Ok(events) => {
                    if let Some(observed) = observed.take() {
                        observed.streaming(&state.metrics);
                    }
                    let live = Live::new(&state.metrics.subscriptions_active);
                    let streamed = stream(&state, events, &mut outgoing, next).await;
                    drop(live);
                    match streamed {
                        None => return,
                        Some(Ok(())) => Ok(()),
                        Some(Err(ended)) => {
                            state
                                .metrics
                                .subscriptions_ended
                                .with_label_values(&["credential"])
                                .inc();
                            done();
                            let body = ended_body(&ended);
                            if send(&outgoing.sender, next(&body)).await {
                                send(&outgoing.sender, framing.complete()).await;
                            }
                            return;
                        }
                    }
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
                if let Some(observed) = observed.take() {
                    observed.finish(&state.metrics, Ok(&output), false);
                }
                if !send(&outgoing.sender, next(&output.body)).await {
                    return;
                }
                Ok(())
            }
            Err(err) => Err(err),
        },
        Err(err) => Err(err),
    };
    done();
    if let (Some(observed), Err(err)) = (observed.take(), &result) {
        observed.finish(&state.metrics, Err(err), false);
    }
    let last = match result {
        Ok(()) => vec![framing.complete()],
        Err(err) => {
            let errors = sonic_rs::to_string(&err.graphql_errors()).unwrap_or_else(|_| "[]".into());
            framing.refused(&localize::error_list(errors, language))
        }
    };
    for frame in last {
        if !send(&outgoing.sender, frame).await {
            return;
        }
    }
}

/// Sends the subscription's events until they end. `None`: the connection is gone; `Ok`: the
/// events ran out (the subgraph completed, or reported its own failure as the last event);
/// `Err`: the router ended it and the client must be told why.
async fn stream(
    state: &SharedState,
    mut events: mpsc::Receiver<Vec<u8>>,
    outgoing: &mut Outgoing,
    next: impl Fn(&[u8]) -> String,
) -> Option<Result<(), Ended>> {
    loop {
        // Past its `exp` a token still verifies for the verifier's leeway: look again each
        // second until it stops (or is renewed), rather than at once, over and over.
        let expires_in = outgoing.credential.borrow().expires_at.map(|at| {
            at.duration_since(SystemTime::now())
                .unwrap_or(Duration::ZERO)
                .max(RECHECK_EXPIRED)
        });
        let expiry = async {
            match expires_in {
                Some(left) => tokio::time::sleep(left).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            event = events.recv() => {
                let Some(event) = event else {
                    return Some(Ok(()));
                };
                if let Err(err) = check(state, &outgoing.credential).await {
                    return Some(Err(Ended(err)));
                }
                if has_errors(&event) && event_ends_stream(&event) {
                    state.metrics.subscriptions_ended.with_label_values(&["service_gone"]).inc();
                }
                if !send(&outgoing.sender, next(&event)).await {
                    return None;
                }
            }
            changed = outgoing.credential.changed() => {
                if changed.is_err() {
                    return None;
                }
            }
            () = expiry => {
                if let Err(err) = check(state, &outgoing.credential).await {
                    return Some(Err(Ended(err)));
                }
            }
        }
    }
}

async fn check(
    state: &SharedState,
    credential: &watch::Receiver<Credential>,
) -> Result<(), PipelineError> {
    let authorization = credential.borrow().authorization.clone();
    state
        .verifier
        .authenticate(authorization.as_deref())
        .await
        .map(|_| ())
        .map_err(PipelineError::from)
}

/// Whether an event is the executor's report of a subgraph that went away (after which its
/// stream ends).
fn event_ends_stream(event: &[u8]) -> bool {
    const GONE: &[u8] = b"SUBGRAPH_UNAVAILABLE";
    event.windows(GONE.len()).any(|window| window == GONE)
}

/// The last `next` of a subscription the router ended: one error saying why, with its code.
fn ended_body(Ended(err): &Ended) -> Vec<u8> {
    let (message, code) = match err {
        PipelineError::Unauthenticated(reason) => (
            format!(
                "{reason} Renew the token on the connection (a ping whose payload carries \
                 Authorization), or resubscribe with a new one and resumeAfter."
            ),
            contracts::ErrorCode::Unauthenticated.as_str(),
        ),
        other => {
            let errors = other.graphql_errors();
            let first = errors.first();
            (
                first.map(|error| error.message.clone()).unwrap_or_default(),
                first
                    .and_then(|error| error.extensions.code.clone())
                    .and_then(|code| contracts::ErrorCode::parse(&code))
                    .unwrap_or(contracts::ErrorCode::Internal)
                    .as_str(),
            )
        }
    };
    json!({"data": null, "errors": [{"message": message, "extensions": {"code": code}}]})
        .to_string()
        .into_bytes()
}
