//! The request pipeline, one file per stage, each with one entry function:
//!
//! ```text
//! http / websocket_server   transport: GraphQL over HTTP, graphql-transport-ws
//!   content_negotiation     which media type the response uses
//!   authentication          bearer token verified      (UNAUTHENTICATED)
//!   parser                  text → document            (GRAPHQL_PARSE_FAILED)
//!   validation              document vs API schema     (GRAPHQL_VALIDATION_FAILED)
//!   operation               operationName, transport   (OPERATION_NOT_FOUND, BAD_REQUEST)
//!   coerce_variables        variables and defaults     (BAD_USER_INPUT)
//!   normalize               canonical operation
//!   query_plan              plan, cached
//!   execution               subgraph fetches, projection; error_paths adds `path`
//!   error                   every failure as a GraphQL response
//! ```
//!
//! The transports authenticate first (a refused token costs no parsing), then [`prepare`] runs
//! the stages up to the plan; the transports decide how to run and deliver the result.

mod authentication;
pub mod coerce_variables;
pub mod content_negotiation;
mod error;
mod error_paths;
mod execution;
pub mod http;
mod normalize;
mod operation;
mod parser;
mod query_plan;
mod validation;
pub mod websocket_server;

pub use error::PipelineError;
pub use execution::PreparedOperation;

use crate::state::RouterState;
use ::http::{HeaderMap, HeaderValue, Method, Uri};
use hive_router_plan_executor::execution::client_request_details::JwtRequestDetails;
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::Arc;

/// The parameters of a GraphQL request (`GraphQLParams` in GraphQL over HTTP). `extensions`
/// is accepted and, until persisted queries read it, ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphQLParams {
    pub query: Option<String>,
    pub operation_name: Option<String>,
    pub variables: Option<serde_json::Value>,
}

/// How the request arrived; some operations are not allowed on every transport.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    HttpGet,
    HttpPost,
    WebSocket,
}

/// The client side of a request, as later stages need it. `headers` carries `Authorization`
/// on every transport (for WebSockets it comes from `connection_init`'s payload), which is
/// where authentication reads it and from where it is forwarded to subgraphs.
pub struct ClientRequest {
    pub transport: Transport,
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    /// The verified token, as the executor's request details carry it; unauthenticated until
    /// the authentication stage accepts a token.
    pub jwt: Arc<JwtRequestDetails>,
}

impl ClientRequest {
    /// `peer` is the socket address the request came from. The router is the edge, so a
    /// client-sent `X-Forwarded-For` is discarded and replaced by it: subgraphs read the
    /// client's address from that header.
    pub fn new(
        transport: Transport,
        uri: Uri,
        mut headers: HeaderMap,
        peer: Option<SocketAddr>,
    ) -> Self {
        let method = match transport {
            Transport::HttpPost => Method::POST,
            Transport::HttpGet | Transport::WebSocket => Method::GET,
        };
        headers.remove(kit::auth::X_FORWARDED_FOR);
        if let Some(peer) = peer
            && let Ok(address) = HeaderValue::from_str(&peer.ip().to_string())
        {
            headers.insert(kit::auth::X_FORWARDED_FOR, address);
        }
        Self {
            transport,
            method,
            uri,
            headers,
            jwt: Arc::new(JwtRequestDetails::Unauthenticated),
        }
    }

    /// The client's credentials, if any.
    pub fn authorization(&self) -> Option<&str> {
        self.headers
            .get(::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
    }
}

pub use authentication::authenticate;

/// Parses, validates, selects the operation, coerces variables, normalizes and plans.
pub async fn prepare(
    state: &RouterState,
    params: GraphQLParams,
    client: &ClientRequest,
) -> Result<PreparedOperation, PipelineError> {
    let query = params
        .query
        .filter(|query| !query.trim().is_empty())
        .ok_or_else(|| PipelineError::MalformedRequest("Missing \"query\".".into()))?;
    let supergraph = state.supergraph.current();
    let data = supergraph.data();

    let document = parser::parse_operation(&query)?;
    validation::validate_operation(&data.planner.consumer_schema.document, &document)?;
    let operation_name = params.operation_name.filter(|name| !name.is_empty());
    let selected = operation::select_operation(&document, operation_name.as_deref(), client)?;
    let variables = coerce_variables::coerce_variables(
        &supergraph.input_types,
        selected.variable_definitions,
        params.variables.as_ref(),
    )?;
    let operation_name = selected.name.map(str::to_owned);
    let normalized = normalize::normalize(data, &document, operation_name.as_deref())?;
    let plan = query_plan::plan_operation(
        &supergraph,
        &state.plan_cache,
        &normalized,
        operation_name.as_deref(),
    )
    .await?;

    Ok(PreparedOperation {
        supergraph,
        normalized,
        plan,
        variables: Arc::new(variables),
        query,
        operation_name,
    })
}
