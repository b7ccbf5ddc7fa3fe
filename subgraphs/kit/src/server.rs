//! Serving a subgraph: GraphQL over HTTP POST and graphql-transport-ws (and the legacy
//! graphql-ws protocol) on `/graphql`, `/health`, and a server that stops on request.

use crate::auth::RequestAuth;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::{Data, ObjectType, Schema, SubscriptionType};
use async_graphql_axum::{GraphQLProtocol, GraphQLRequest, GraphQLResponse, GraphQLWebSocket};
use axum::Router;
use axum::extract::{State, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sea_orm::DatabaseConnection;
use std::future::Future;
use tokio::net::TcpListener;

/// The `/graphql` routes for `schema`; the forwarded `Authorization` header (or, on
/// WebSockets, `connectionParams.Authorization`) reaches resolvers as [`RequestAuth`].
pub fn graphql_routes<Q, M, S>(schema: Schema<Q, M, S>) -> Router
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
        .with_state(schema)
}

async fn execute<Q, M, S>(
    State(schema): State<Schema<Q, M, S>>,
    headers: HeaderMap,
    request: GraphQLRequest,
) -> GraphQLResponse
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    let request = request
        .into_inner()
        .data(RequestAuth::from_headers(&headers));
    schema.execute(request).await.into()
}

async fn websocket<Q, M, S>(
    State(schema): State<Schema<Q, M, S>>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    let header_auth = RequestAuth::from_headers(&headers);
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            GraphQLWebSocket::new(socket, schema, protocol)
                .on_connection_init(move |params| async move {
                    let mut data = Data::default();
                    data.insert(auth_from_connection_params(&params).unwrap_or(header_auth));
                    Ok(data)
                })
                .serve()
        })
}

/// `connectionParams` may carry `Authorization` (or `authorization`) as browsers cannot set
/// headers on a WebSocket.
fn auth_from_connection_params(params: &serde_json::Value) -> Option<RequestAuth> {
    let value = params
        .get("Authorization")
        .or_else(|| params.get("authorization"))?;
    Some(RequestAuth {
        authorization: value.as_str().map(str::to_owned),
    })
}

/// `/health`: 200 when the database answers, 503 otherwise.
pub fn health_routes(db: DatabaseConnection) -> Router {
    Router::new().route("/health", get(health)).with_state(db)
}

async fn health(State(db): State<DatabaseConnection>) -> Response {
    match db.ping().await {
        Ok(()) => axum::Json(serde_json::json!({"status": "ok"})).into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "health check: database unreachable");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "unavailable"})),
            )
                .into_response()
        }
    }
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

    /// Serves until the process ends.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        axum::serve(self.listener, self.app).await
    }

    /// Serves until `shutdown` completes, then closes idle connections and stops accepting.
    pub async fn run_until<F>(self, shutdown: F) -> std::io::Result<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        axum::serve(self.listener, self.app)
            .with_graceful_shutdown(shutdown)
            .await
    }
}

/// True when the binary was asked to print its SDL instead of serving.
pub fn print_schema_requested() -> bool {
    std::env::args().any(|arg| arg == "--print-schema")
}

/// A built subgraph: its server, its domain service (for seeding and tests) and the background
/// tasks (outbox relay, event consumers) that live as long as it serves.
pub struct Application<S> {
    server: Server,
    service: S,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl<S> Application<S> {
    pub fn new(server: Server, service: S, tasks: Vec<tokio::task::JoinHandle<()>>) -> Self {
        Self {
            server,
            service,
            tasks,
        }
    }

    pub fn port(&self) -> u16 {
        self.server.port()
    }

    pub fn service(&self) -> &S {
        &self.service
    }

    /// Serves until the process ends.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.run_until_stopped().await;
        self.tasks.iter().for_each(|task| task.abort());
        result
    }

    /// Serves until `shutdown` completes; background tasks stop with the server.
    pub async fn run_until<F>(self, shutdown: F) -> std::io::Result<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let result = self.server.run_until(shutdown).await;
        self.tasks.iter().for_each(|task| task.abort());
        result
    }
}

#[cfg(test)]
mod tests {
    use super::auth_from_connection_params;

    #[test]
    fn connection_params_authorization_is_read_in_either_case() {
        let upper = serde_json::json!({"Authorization": "Bearer a"});
        let lower = serde_json::json!({"authorization": "Bearer b"});
        assert_eq!(
            auth_from_connection_params(&upper).and_then(|a| a.authorization),
            Some("Bearer a".into())
        );
        assert_eq!(
            auth_from_connection_params(&lower).and_then(|a| a.authorization),
            Some("Bearer b".into())
        );
        assert!(auth_from_connection_params(&serde_json::json!({})).is_none());
    }
}
