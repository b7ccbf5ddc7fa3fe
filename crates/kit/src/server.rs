//! Serving a subgraph: GraphQL over HTTP POST and graphql-transport-ws (and the legacy
//! graphql-ws protocol) on `/graphql` (health and metrics routes are in `health.rs`), and a
//! server that stops gracefully on request.
//!
//! Every request is authenticated before it runs: the bearer token (the `Authorization`
//! header, or on WebSockets `connectionParams.Authorization` in either case, else the upgrade
//! request's header) is verified, and resolvers find the result as
//! [`Caller`](crate::auth::Caller) and the client's address and User-Agent as [`ClientInfo`] in
//! the request data. No token is an anonymous
//! caller; a token that does not verify fails the whole request with `UNAUTHENTICATED` (on
//! WebSockets, `connection_init` is refused), so no resolver ever runs for a bad credential.
//!
//! Bodies and WebSocket messages are bounded (`request_body.rs`), and the client's address is
//! taken from `X-Forwarded-For` only when the peer is a trusted proxy. Each request is served
//! in a span carrying the router's request id (`request_span.rs`).

mod request_body;
mod request_span;

use crate::ApiError;
use crate::auth::{AuthError, ClientInfo, PeerAddr, TokenVerifier, TrustedProxies};
use crate::lifecycle::ShutdownTrigger;
use crate::operation_limits::MAX_BODY_BYTES;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::{Data, ObjectType, Schema, ServerError, SubscriptionType};
use async_graphql_axum::{GraphQLProtocol, GraphQLResponse, GraphQLWebSocket};
use axum::Router;
use axum::extract::{DefaultBodyLimit, State, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// What the `/graphql` handlers share.
struct GraphqlState<Q, M, S> {
    schema: Schema<Q, M, S>,
    verifier: TokenVerifier,
    trusted_proxies: TrustedProxies,
}

impl<Q, M, S> Clone for GraphqlState<Q, M, S> {
    fn clone(&self) -> Self {
        Self {
            schema: self.schema.clone(),
            verifier: self.verifier.clone(),
            trusted_proxies: self.trusted_proxies.clone(),
        }
    }
}

/// The `/graphql` routes for `schema`, authenticating every request with `verifier` and
/// believing `X-Forwarded-For` only from `trusted_proxies`.
pub fn graphql_routes<Q, M, S>(
    schema: Schema<Q, M, S>,
    verifier: TokenVerifier,
    trusted_proxies: TrustedProxies,
) -> Router
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    Router::new()
        .route(
            "/graphql",
            get(websocket::<Q, M, S>).post(execute::<Q, M, S>),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(request_span::in_request_span))
        .with_state(GraphqlState {
            schema,
            verifier,
            trusted_proxies,
        })
}

async fn execute<Q, M, S>(
    State(state): State<GraphqlState<Q, M, S>>,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    request_body::GraphqlBody(request): request_body::GraphqlBody,
) -> GraphQLResponse
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    let authorization = authorization_header(&headers);
    let caller = match state.verifier.authenticate(authorization.as_deref()).await {
        Ok(caller) => caller,
        Err(err) => return refused(err),
    };
    let request = request.data(caller).data(ClientInfo::from_headers(
        &headers,
        peer,
        &state.trusted_proxies,
    ));
    crate::entity_errors::index_entity_errors(state.schema.execute(request).await).into()
}

/// The whole request's answer when its credential is refused: one error, no `data`.
fn refused(err: AuthError) -> GraphQLResponse {
    let error = async_graphql::Error::from(ApiError::from(err));
    let error = ServerError {
        message: error.message,
        source: None,
        locations: Vec::new(),
        path: Vec::new(),
        extensions: error.extensions,
    };
    async_graphql::Response::from_errors(vec![error]).into()
}

async fn websocket<Q, M, S>(
    State(state): State<GraphqlState<Q, M, S>>,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    let header_auth = authorization_header(&headers);
    let upgrade_client = ClientInfo::from_headers(&headers, peer, &state.trusted_proxies);
    let GraphqlState {
        schema,
        verifier,
        trusted_proxies,
    } = state;
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .max_message_size(MAX_BODY_BYTES)
        .max_frame_size(MAX_BODY_BYTES)
        .on_upgrade(move |socket| {
            GraphQLWebSocket::new(socket, schema, protocol)
                .on_connection_init(move |params| async move {
                    let authorization = authorization_param(&params).unwrap_or(header_auth);
                    // An error here refuses `connection_init` and closes the socket.
                    let caller = verifier
                        .authenticate(authorization.as_deref())
                        .await
                        .map_err(|err| async_graphql::Error::from(ApiError::from(err)))?;
                    let mut data = Data::default();
                    data.insert(caller);
                    data.insert(ClientInfo::from_connection_params(
                        &params,
                        &upgrade_client,
                        peer,
                        &trusted_proxies,
                    ));
                    Ok(data)
                })
                .serve()
        })
}

/// The raw `Authorization` header, for the verifier.
fn authorization_header(headers: &HeaderMap) -> Option<String> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// `connectionParams` may carry `Authorization` (or `authorization`) as browsers cannot set
/// headers on a WebSocket. `Some(None)`: the key is there but not a string (refused as no
/// credentials rather than falling back to the upgrade's header).
fn authorization_param(params: &serde_json::Value) -> Option<Option<String>> {
    let value = params
        .get("Authorization")
        .or_else(|| params.get("authorization"))?;
    Some(value.as_str().map(str::to_owned))
}

/// A bound listener and the app it will serve.
pub struct Server {
    listener: TcpListener,
    app: Router,
}

impl Server {
    /// Binds `host:port` (port 0 picks a free one).
    pub async fn bind(host: &str, port: u16, app: Router) -> std::io::Result<Self> {
        let listener = TcpListener::bind((host, port)).await?;
        Ok(Self { listener, app })
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|addr| addr.port())
            .unwrap_or(0)
    }

    /// Serves until `shutdown` completes, then stops accepting and gives the requests in
    /// flight up to [`DRAIN`] to finish. Handlers see the peer address (`ConnectInfo`), the
    /// fallback for [`ClientInfo`].
    pub async fn run_until<F>(self, shutdown: F) -> std::io::Result<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
        let serve = axum::serve(
            self.listener,
            self.app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown.await;
            let _ = stopping.send(());
        });
        let drain_over = async move {
            if stopped.await.is_ok() {
                tokio::time::sleep(DRAIN).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            served = serve.into_future() => served,
            () = drain_over => {
                tracing::warn!("requests still in flight after the drain period; stopping anyway");
                Ok(())
            }
        }
    }
}

/// How long requests in flight may take to finish once shutdown is asked for.
pub const DRAIN: std::time::Duration = std::time::Duration::from_secs(20);
/// How long background tasks get to finish their work in hand after the server stopped.
const TASKS_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// True when the binary was asked to print its SDL instead of serving.
pub fn print_schema_requested() -> bool {
    std::env::args().any(|arg| arg == "--print-schema")
}

/// A built subgraph: its server, its domain service (for seeding and tests) and the background
/// tasks (outbox relay, event consumers, schedulers, health checks) that live as long as it
/// serves and stop with it.
pub struct Application<S> {
    server: Server,
    service: S,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    stop_tasks: ShutdownTrigger,
}

impl<S> Application<S> {
    /// `tasks` watch `stop_tasks`' signal, which is given once the server stopped.
    pub fn new(
        server: Server,
        service: S,
        tasks: Vec<tokio::task::JoinHandle<()>>,
        stop_tasks: ShutdownTrigger,
    ) -> Self {
        Self {
            server,
            service,
            tasks,
            stop_tasks,
        }
    }

    pub fn port(&self) -> u16 {
        self.server.port()
    }

    pub fn service(&self) -> &S {
        &self.service
    }

    /// Serves until SIGTERM or Ctrl-C, then shuts down gracefully.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(crate::lifecycle::terminate()).await
    }

    /// Serves until `shutdown` completes; then the requests in flight finish, the background
    /// tasks finish what they hold (a consumer its event, handing the rest back to its group;
    /// the relay its batch) and stop.
    pub async fn run_until<F>(self, shutdown: F) -> std::io::Result<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let stop_tasks = self.stop_tasks;
        let result = self.server.run_until(shutdown).await;
        stop_tasks.trigger();
        let mut tasks = self.tasks;
        let finished =
            tokio::time::timeout(TASKS_GRACE, futures::future::join_all(tasks.iter_mut())).await;
        if finished.is_err() {
            tracing::warn!("background tasks still busy after the grace period; stopping them");
            tasks.iter().for_each(|task| task.abort());
        }
        result
    }
}

#[cfg(test)]
#[path = "server_tests.rs"]
mod server_tests;

#[cfg(test)]
mod tests {
    use super::authorization_param;

    #[test]
    fn connection_params_authorization_is_read_in_either_case() {
        let upper = serde_json::json!({"Authorization": "Bearer a"});
        let lower = serde_json::json!({"authorization": "Bearer b"});
        assert_eq!(
            authorization_param(&upper).flatten(),
            Some("Bearer a".into())
        );
        assert_eq!(
            authorization_param(&lower).flatten(),
            Some("Bearer b".into())
        );
        assert!(authorization_param(&serde_json::json!({})).is_none());
    }
}
