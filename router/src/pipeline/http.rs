//! GraphQL over HTTP at `/graphql`: POST with a JSON body (one request, or a batch: a JSON
//! array of them), GET with query parameters (queries only), GraphiQL for browsers, and the
//! upgrade to graphql-transport-ws.
//!
//! Before anything is parsed, a request must pass CSRF prevention (when on) and, for POST,
//! carry a JSON content type and a body within the size limit (413 as soon as the declared or
//! streamed length crosses it). Queries and mutations then run under the request timeout: when
//! it passes, or the client disconnects, the request's future is dropped and with it every
//! subgraph call still in flight.

use super::content_negotiation::{Negotiated, ResponseFormat, negotiate};
use super::execution::execute;
use super::http_streams;
use super::observe::Observed;
use super::{
    ClientRequest, GraphQLParams, PipelineError, Transport, authenticate, client_address,
    csrf_prevention, localize, prepare, websocket_server,
};
use crate::graphiql;
use crate::state::SharedState;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::response::{IntoResponse, Response};
use contracts::error_messages::Language;
use http::header::{ALLOW, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER, UPGRADE, WWW_AUTHENTICATE};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde::Deserialize;
use std::net::SocketAddr;

/// `POST /graphql`.
pub async fn post_graphql(State(state): State<SharedState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let headers = &parts.headers;
    let language = localize::of_headers(headers);
    let stream = http_streams::accepted(headers);
    let format = match negotiate(headers) {
        Negotiated::Format(format) | Negotiated::Html(format) => format,
        // A client that accepts only a stream gets its refusals as GraphQL JSON.
        Negotiated::NotAcceptable if stream.is_some() => ResponseFormat::GraphQLResponseJson,
        Negotiated::NotAcceptable => {
            return error_response(
                &PipelineError::NotAcceptable,
                ResponseFormat::Json,
                language,
            );
        }
    };
    if state.edge.csrf_prevention
        && let Err(err) = csrf_prevention::check(&http::Method::POST, headers)
    {
        return error_response(&err, format, language);
    }
    if !is_json_body(headers) {
        let mut response = error_response(
            &PipelineError::MalformedRequest(
                "POST bodies must be application/json GraphQL requests (set Content-Type: application/json).".into(),
            ), format, language);
        *response.status_mut() = StatusCode::UNSUPPORTED_MEDIA_TYPE;
        return response;
    }
    let body = match read_body(headers, body, state.edge.limits.max_body_bytes).await {
        Ok(body) => body,
        Err(err) => return error_response(&err, format, language),
    };
    let address = client_address(
        &state.edge.trusted_proxies,
        peer_of(&parts.extensions),
        &parts.headers,
    );
    if is_batch(&body) {
        let client = ClientRequest::new(Transport::HttpPost, parts.uri, parts.headers, address);
        return respond_batch(&state, &body, client, format).await;
    }
    let params = match serde_json::from_slice::<GraphQLParams>(&body) {
        Ok(params) => params,
        Err(err) => {
            let message = format!("The body is not a JSON GraphQL request: {err}");
            return error_response(&PipelineError::MalformedRequest(message), format, language);
        }
    };
    let client = ClientRequest::new(Transport::HttpPost, parts.uri, parts.headers, address);
    respond(&state, params, client, format, stream).await
}

/// The body, refused with 413 once it is known to exceed `limit` bytes: from its declared
/// length before reading, else while streaming it.
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, PipelineError> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(PipelineError::BodyTooLarge { limit });
    }
    axum::body::to_bytes(body, limit).await.map_err(|err| {
        // axum reports the limit as a boxed `LengthLimitError` ("length limit exceeded").
        if err.to_string().contains("length limit") {
            PipelineError::BodyTooLarge { limit }
        } else {
            PipelineError::MalformedRequest(format!("The request body could not be read: {err}"))
        }
    })
}

fn peer_of(extensions: &http::Extensions) -> Option<SocketAddr> {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| *peer)
}

/// `GET /graphql`: a WebSocket upgrade, the GraphiQL page, or a query in the URL.
pub async fn get_graphql(State(state): State<SharedState>, request: Request) -> Response {
    let (parts, _body) = request.into_parts();
    if is_websocket_upgrade(&parts.headers) {
        return websocket_server::upgrade(state, parts).await;
    }
    let language = localize::of_headers(&parts.headers);
    let params = match Query::<GetParams>::try_from_uri(&parts.uri) {
        Ok(Query(params)) => params,
        Err(err) => {
            let message = format!("Invalid query string: {err}");
            return error_response(
                &PipelineError::MalformedRequest(message),
                ResponseFormat::Json,
                language,
            );
        }
    };
    let stream = http_streams::accepted(&parts.headers);
    let format = match negotiate(&parts.headers) {
        Negotiated::Html(_)
            if params.query.is_none()
                && params.extensions.is_none()
                && params.document_id.is_none()
                && state.edge.graphiql =>
        {
            return graphiql::page();
        }
        Negotiated::Format(format) | Negotiated::Html(format) => format,
        Negotiated::NotAcceptable if stream.is_some() => ResponseFormat::GraphQLResponseJson,
        Negotiated::NotAcceptable => {
            return error_response(
                &PipelineError::NotAcceptable,
                ResponseFormat::Json,
                language,
            );
        }
    };
    if state.edge.csrf_prevention
        && let Err(err) = csrf_prevention::check(&http::Method::GET, &parts.headers)
    {
        return error_response(&err, format, language);
    }
    let variables = match params.variables.as_deref().map(serde_json::from_str) {
        None => None,
        Some(Ok(variables)) => Some(variables),
        Some(Err(err)) => {
            let message = format!("\"variables\" is not valid JSON: {err}");
            return error_response(&PipelineError::MalformedRequest(message), format, language);
        }
    };
    let extensions = match params.extensions.as_deref().map(serde_json::from_str) {
        None => None,
        Some(Ok(extensions)) => Some(extensions),
        Some(Err(err)) => {
            let message = format!("\"extensions\" is not valid JSON: {err}");
            return error_response(&PipelineError::MalformedRequest(message), format, language);
        }
    };
    let params = GraphQLParams {
        query: params.query,
        operation_name: params.operation_name,
        variables,
        extensions,
        document_id: params.document_id,
    };
    let address = client_address(
        &state.edge.trusted_proxies,
        peer_of(&parts.extensions),
        &parts.headers,
    );
    let client = ClientRequest::new(Transport::HttpGet, parts.uri, parts.headers, address);
    respond(&state, params, client, format, stream).await
}

/// GET parameters; `variables` and `extensions` are JSON-encoded strings.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetParams {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
    document_id: Option<String>,
}

/// Answers one request: streamed when the client prefers a stream (or accepts one and asked
/// for a subscription), else as one JSON response.
async fn respond(
    state: &SharedState,
    params: GraphQLParams,
    mut client: ClientRequest,
    format: ResponseFormat,
    stream: Option<http_streams::Accepted>,
) -> Response {
    let stream = match stream {
        Some(accepted) if accepted.preferred => {
            return http_streams::respond(state, params, client, accepted.framing).await;
        }
        Some(accepted) => Some((accepted.framing, params.clone())),
        None => None,
    };
    let mut observed = Observed::start();
    let authenticated = authenticate(&state.verifier, &mut client).await;
    let language = localize::language(&client);
    if let Err(err) = authenticated {
        observed.finish(&state.metrics, Err(&err), false);
        return error_response(&err, format, language);
    }
    let result = run(state, params, &client, &mut observed).await;
    if matches!(result, Err(PipelineError::SubscriptionOverHttp))
        && let Some((framing, params)) = stream
    {
        return http_streams::respond(state, params, client, framing).await;
    }
    let unavailable = result
        .as_ref()
        .is_ok_and(|output| output.error_count > 0 && nothing_served(&output.body));
    observed.finish(&state.metrics, result.as_ref(), unavailable);
    let mut response = match result {
        Ok(output) if unavailable => {
            state.metrics.unavailable_responses.inc();
            let mut response = graphql_response(
                StatusCode::SERVICE_UNAVAILABLE,
                format,
                localize::body(output.body, language),
            );
            retry_after(&mut response);
            response
        }
        Ok(output) => {
            graphql_response(output.status, format, localize::body(output.body, language))
        }
        Err(err) => error_response(&err, format, language),
    };
    localize::mark(&mut response, language);
    response
}

/// Prepares and executes one query or mutation under the request timeout; `observed` learns
/// which operation it was.
async fn run(
    state: &SharedState,
    params: GraphQLParams,
    client: &ClientRequest,
    observed: &mut Observed,
) -> Result<super::execution::ExecutionOutput, PipelineError> {
    let work = async {
        let prepared = prepare(state, params, client).await?;
        observed.prepared(&prepared.document);
        execute(&prepared, client, &state.headers_plan, &state.edge).await
    };
    tokio::time::timeout(state.edge.request_timeout, work)
        .await
        .unwrap_or(Err(PipelineError::Timeout))
}

/// A batched request (a JSON array of requests, as Apollo's `BatchHttpLink` sends): at most
/// `max_batch_size` operations, authenticated once, run concurrently (as Apollo Server and
/// Router run them: a client that needs two mutations in order sends them one by one), each
/// through every stage and limit a single request passes, answered as a JSON array in the same
/// order. Each item is
/// the response that operation would have had on its own (errors included); the batch is a
/// 200 unless it is refused as a whole.
async fn respond_batch(
    state: &SharedState,
    body: &[u8],
    mut client: ClientRequest,
    format: ResponseFormat,
) -> Response {
    let language = localize::language(&client);
    let batch = match serde_json::from_slice::<Vec<GraphQLParams>>(body) {
        Ok(batch) if batch.is_empty() => Err(PipelineError::MalformedRequest(
            "The batch is empty: send at least one request.".into(),
        )),
        Ok(batch) if batch.len() > state.edge.limits.max_batch_size => {
            Err(PipelineError::BatchTooLarge {
                limit: state.edge.limits.max_batch_size,
            })
        }
        Ok(batch) => Ok(batch),
        Err(err) => Err(PipelineError::MalformedRequest(format!(
            "The body is not a JSON array of GraphQL requests: {err}"
        ))),
    };
    let batch = match batch {
        Ok(batch) => batch,
        Err(err) => return error_response(&err, format, language),
    };
    let authenticated = authenticate(&state.verifier, &mut client).await;
    let language = localize::language(&client);
    if let Err(err) = authenticated {
        return error_response(&err, format, language);
    }
    let client = &client;
    let answers = futures::future::join_all(batch.into_iter().map(|params| async move {
        let mut observed = Observed::start();
        let result = run(state, params, client, &mut observed).await;
        observed.finish(&state.metrics, result.as_ref(), false);
        let body = match result {
            Ok(output) => output.body,
            Err(err) => err.body(),
        };
        localize::body(body, language)
    }))
    .await;
    let mut combined = Vec::with_capacity(answers.iter().map(Vec::len).sum::<usize>() + 2);
    combined.push(b'[');
    for (index, answer) in answers.iter().enumerate() {
        if index > 0 {
            combined.push(b',');
        }
        combined.extend_from_slice(answer);
    }
    combined.push(b']');
    let mut response = graphql_response(StatusCode::OK, format, combined);
    localize::mark(&mut response, language);
    response
}

/// Whether a body is a batch: a JSON array rather than one request object.
fn is_batch(body: &[u8]) -> bool {
    body.iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|byte| *byte == b'[')
}

/// Whether a response carries no data at all, only because services it needed are unavailable
/// (`SERVICE_UNAVAILABLE` from a subgraph whose store is down, `SUBGRAPH_UNAVAILABLE`): the
/// whole request failed and may be retried, which HTTP says with 503 and `Retry-After` (so
/// clients' retry links retry it). Partial data stays a 200. Asked only of bodies with errors.
fn nothing_served(body: &[u8]) -> bool {
    const MARKERS: [&[u8]; 2] = [b"SERVICE_UNAVAILABLE", b"SUBGRAPH_UNAVAILABLE"];
    if !MARKERS
        .iter()
        .any(|marker| memchr::memmem::find(body, marker).is_some())
    {
        return false;
    }
    let Ok(response) = serde_json::from_slice::<serde_json::Value>(body) else {
        return false;
    };
    let no_data = match response.get("data") {
        None | Some(serde_json::Value::Null) => true,
        Some(serde_json::Value::Object(fields)) => fields.values().all(serde_json::Value::is_null),
        Some(_) => false,
    };
    let errors = response
        .get("errors")
        .and_then(serde_json::Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    no_data
        && !errors.is_empty()
        && errors.iter().all(|error| {
            matches!(
                error
                    .pointer("/extensions/code")
                    .and_then(serde_json::Value::as_str),
                Some("SERVICE_UNAVAILABLE" | "SUBGRAPH_UNAVAILABLE")
            )
        })
}

fn retry_after(response: &mut Response) {
    response.headers_mut().insert(
        RETRY_AFTER,
        HeaderValue::from(super::error::RETRY_AFTER_SECS),
    );
}

fn error_response(err: &PipelineError, format: ResponseFormat, language: Language) -> Response {
    let status = err.status(format);
    let mut response = graphql_response(status, format, localize::body(err.body(), language));
    localize::mark(&mut response, language);
    if matches!(err, PipelineError::MutationOverGet) {
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("POST"));
    }
    if status == StatusCode::SERVICE_UNAVAILABLE {
        retry_after(&mut response);
    }
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static(r#"Bearer error="invalid_token""#),
        );
    }
    response
}

fn graphql_response(status: StatusCode, format: ResponseFormat, body: Vec<u8>) -> Response {
    (status, [(CONTENT_TYPE, format.content_type())], body).into_response()
}

/// The body must say it is JSON: a missing content type is refused (415), as browsers send
/// cross-site bodies without one and no preflight.
fn is_json_body(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers.get(CONTENT_TYPE) else {
        return false;
    };
    let media_type = content_type
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    media_type == "application/json" || media_type.ends_with("+json")
}

fn is_websocket_upgrade(headers: &HeaderMap) -> bool {
    headers
        .get(UPGRADE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.eq_ignore_ascii_case("websocket"))
}

#[cfg(test)]
mod tests {
    use super::nothing_served;

    #[test]
    fn only_a_response_with_no_data_and_only_unavailable_errors_is_a_503() {
        let unavailable = br#"{"data":null,"errors":[{"message":"x","extensions":{"code":"SERVICE_UNAVAILABLE"}}]}"#;
        assert!(nothing_served(unavailable));
        let fields_null = br#"{"data":{"me":null},"errors":[{"message":"x","extensions":{"code":"SUBGRAPH_UNAVAILABLE"}}]}"#;
        assert!(nothing_served(fields_null));
        let partial = br#"{"data":{"me":{"id":"1"},"jobs":null},"errors":[{"message":"x","extensions":{"code":"SUBGRAPH_UNAVAILABLE"}}]}"#;
        assert!(!nothing_served(partial), "partial data is served");
        let mixed = br#"{"data":null,"errors":[{"message":"x","extensions":{"code":"SERVICE_UNAVAILABLE"}},{"message":"y","extensions":{"code":"FORBIDDEN"}}]}"#;
        assert!(!nothing_served(mixed));
        assert!(!nothing_served(br#"{"data":{"ok":true}}"#));
    }
}
