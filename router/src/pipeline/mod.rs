//! The request pipeline, one file per stage, each with one entry function:
//!
//! ```text
//! cors                      browser origins, preflights
//! http / websocket_server   transport: GraphQL over HTTP, graphql-transport-ws
//!   csrf_prevention         simple cross-site requests  (CSRF_PREVENTION_FAILED)
//!   body size               before parsing              (REQUEST_TOO_LARGE, 413)
//!   content_negotiation     which media type the response uses
//!   authentication          bearer token verified      (UNAUTHENTICATED)
//!   prepare                 the stages below, cached per document (see `prepare.rs`)
//!     parser                text → document, tokens    (GRAPHQL_PARSE_FAILED, MAX_TOKENS_EXCEEDED)
//!     operation             operationName, transport   (OPERATION_NOT_FOUND, BAD_REQUEST)
//!     limits                depth, aliases, cost, …    (MAX_DEPTH_EXCEEDED, …)
//!     validation            document vs API schema     (GRAPHQL_VALIDATION_FAILED)
//!     normalize             canonical operation        (INTROSPECTION_DISABLED)
//!     query_plan            plan, cached               (QUERY_PLANNING_FAILED)
//!     coerce_variables      variables and defaults     (BAD_USER_INPUT)
//!   execution               subgraph fetches, projection; error_paths adds `path`
//!   error                   every failure as a GraphQL response
//!   localize                errors in the caller's language (Japanese or English)
//! ```
//!
//! The transports authenticate first (a refused token costs no parsing), then [`prepare`] runs
//! the stages up to the plan; the transports decide how to run and deliver the result.

mod authentication;
pub mod coerce_variables;
pub mod content_negotiation;
pub mod cors;
mod csrf_prevention;
mod error;
mod error_paths;
mod execution;
mod framing;
pub mod http;
pub mod http_streams;
mod limits;
mod localize;
mod normalize;
mod observe;
mod operation;
mod parser;
mod prepare;
mod query_plan;
mod repeated_selections;
mod response_errors;
mod validation;
mod websocket_operation;
pub mod websocket_server;

pub use error::PipelineError;
pub use prepare::{PreparedDocument, prepare};

use ::http::{HeaderMap, HeaderValue, Method, Uri};
use access::TrustedProxies;
use hive_router_plan_executor::execution::client_request_details::JwtRequestDetails;
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The parameters of a GraphQL request (`GraphQLParams` in GraphQL over HTTP).
/// `extensions.persistedQuery` and `documentId` name a persisted document (`persisted/`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphQLParams {
    pub query: Option<String>,
    pub operation_name: Option<String>,
    pub variables: Option<serde_json::Value>,
    pub extensions: Option<serde_json::Value>,
    pub document_id: Option<String>,
}

/// How the request arrived; some operations are not allowed on every transport.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    HttpGet,
    HttpPost,
    WebSocket,
    /// A streamed HTTP response (SSE or multipart) to a GET: subscriptions allowed, mutations
    /// not.
    StreamGet,
    /// A streamed HTTP response (SSE or multipart) to a POST.
    StreamPost,
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
    /// `client` is the client's address: the socket peer, or what a trusted proxy in front of
    /// the router forwarded (see [`client_address`]). Whatever `X-Forwarded-For` the request
    /// carried is replaced by it: subgraphs read the client's address from that header.
    pub fn new(
        transport: Transport,
        uri: Uri,
        mut headers: HeaderMap,
        client: Option<IpAddr>,
    ) -> Self {
        let method = match transport {
            Transport::HttpPost | Transport::StreamPost => Method::POST,
            Transport::HttpGet | Transport::StreamGet | Transport::WebSocket => Method::GET,
        };
        headers.remove(access::X_FORWARDED_FOR);
        if let Some(client) = client
            && let Ok(address) = HeaderValue::from_str(&client.to_string())
        {
            headers.insert(access::X_FORWARDED_FOR, address);
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

/// The client's address: the socket peer, unless the peer is a trusted proxy, whose
/// `X-Forwarded-For` then names the client.
pub fn client_address(
    trusted_proxies: &TrustedProxies,
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
) -> Option<IpAddr> {
    let forwarded = headers
        .get(access::X_FORWARDED_FOR)
        .and_then(|value| value.to_str().ok());
    trusted_proxies.client_ip(peer.map(|peer| peer.ip()), forwarded)
}
