//! Every way a request can fail before or instead of execution, and the GraphQL response each
//! becomes.
//!
//! Each variant is one client-facing outcome with a stable `extensions.code`. The status code
//! depends on the negotiated media type, as the GraphQL-over-HTTP spec asks: with
//! `application/graphql-response+json` request errors are 4xx, with the legacy
//! `application/json` a well-formed GraphQL request is answered with 200 and the errors in the
//! body. Internal details are logged, not returned.
//!
//! A refused token is `UNAUTHENTICATED`: with `application/graphql-response+json` it is a 401
//! carrying `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750), with the legacy
//! `application/json` a 200 like every other request error. When the token cannot be checked
//! (the issuer's keys unreachable) the answer is `SERVICE_UNAVAILABLE` with 503 and
//! `Retry-After`: the client's token may be fine, so it must not be told to sign in again.

use super::content_negotiation::ResponseFormat;
use contracts::ErrorCode;
use graphql_tools::parser::Pos;
use graphql_tools::validation::utils::ValidationError;
use hive_router_plan_executor::execution::plan::FailedExecutionResult;
use hive_router_plan_executor::response::graphql_error::{
    GraphQLError, GraphQLErrorExtensions, GraphQLErrorLocation,
};
use http::StatusCode;

pub const PARSE_FAILED: &str = ErrorCode::GraphqlParseFailed.as_str();
pub const VALIDATION_FAILED: &str = ErrorCode::GraphqlValidationFailed.as_str();
pub const BAD_USER_INPUT: &str = ErrorCode::BadUserInput.as_str();
pub const OPERATION_NOT_FOUND: &str = ErrorCode::OperationNotFound.as_str();
pub const BAD_REQUEST: &str = ErrorCode::BadRequest.as_str();
pub const INTERNAL: &str = ErrorCode::Internal.as_str();
pub const UNAUTHENTICATED: &str = ErrorCode::Unauthenticated.as_str();
pub const REQUEST_TOO_LARGE: &str = ErrorCode::RequestTooLarge.as_str();
pub const MAX_TOKENS_EXCEEDED: &str = ErrorCode::MaxTokensExceeded.as_str();
pub const INTROSPECTION_DISABLED: &str = ErrorCode::IntrospectionDisabled.as_str();
pub const QUERY_PLANNING_FAILED: &str = ErrorCode::QueryPlanningFailed.as_str();
pub const CSRF_PREVENTION_FAILED: &str = ErrorCode::CsrfPreventionFailed.as_str();
pub const REQUEST_TIMEOUT: &str = ErrorCode::RequestTimeout.as_str();
pub const SERVICE_UNAVAILABLE: &str = ErrorCode::ServiceUnavailable.as_str();
pub const MAX_BATCH_SIZE_EXCEEDED: &str = ErrorCode::MaxBatchSizeExceeded.as_str();
pub const PERSISTED_QUERY_NOT_FOUND: &str = ErrorCode::PersistedQueryNotFound.as_str();
pub const PERSISTED_QUERY_HASH_MISMATCH: &str = ErrorCode::PersistedQueryHashMismatch.as_str();
pub const PERSISTED_QUERY_NOT_SUPPORTED: &str = ErrorCode::PersistedQueryNotSupported.as_str();
pub const PERSISTED_QUERY_NOT_IN_LIST: &str = ErrorCode::PersistedQueryNotInList.as_str();
/// Seconds a client is told to wait (`Retry-After`, `extensions.retryAfter`) when a service
/// the request needs is unavailable.
pub const RETRY_AFTER_SECS: u64 = 5;

/// Message of a CSRF refusal: what a legitimate client adds to get through.
const CSRF_MESSAGE: &str = "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). \
Send a Content-Type header other than application/x-www-form-urlencoded, multipart/form-data or \
text/plain (e.g. application/json), or a non-empty x-apollo-operation-name or \
apollo-require-preflight header.";

#[derive(Clone, Debug, thiserror::Error)]
pub enum PipelineError {
    /// The body is not JSON, or not a GraphQL request object: 400 whatever the media type,
    /// as the request is not a GraphQL request at all.
    #[error("{0}")]
    MalformedRequest(String),
    /// Only the media types of the GraphQL-over-HTTP spec are produced: 406.
    #[error("the Accept header allows none of application/graphql-response+json, application/json")]
    NotAcceptable,
    /// A batched request holds more operations than allowed: 400 whatever the media type, as
    /// the batch is refused as a whole.
    #[error("The batch holds more than {limit} operations.")]
    BatchTooLarge { limit: usize },
    /// The body is larger than the configured limit: 413 whatever the media type, before
    /// anything reads it as JSON.
    #[error("The request body exceeds the limit of {limit} bytes.")]
    BodyTooLarge { limit: usize },
    /// The document has more lexical tokens than allowed; the parser stopped at the limit.
    #[error("The document exceeds the limit of {limit} tokens.")]
    TooManyTokens { limit: usize },
    /// The operation crossed one or more operation limits: one error per limit, each with its
    /// own code.
    #[error("the operation exceeds the router's limits")]
    LimitsExceeded(Vec<super::limits::LimitExceeded>),
    /// `__schema`/`__type` were asked for while introspection is turned off.
    #[error("Introspection is disabled on this endpoint.")]
    IntrospectionDisabled,
    /// The planner found no way to resolve the operation with the subgraphs (or gave up in
    /// time): the operation is the problem, not the router. Details are logged.
    #[error("{message}")]
    QueryPlanning {
        message: &'static str,
        detail: String,
    },
    /// A request a browser could have sent cross-site without a preflight: 400.
    #[error("{CSRF_MESSAGE}")]
    CsrfPrevented,
    /// The client went away while its operation was being prepared; nobody reads the answer.
    #[error("The request was cancelled.")]
    Cancelled,
    /// The request ran longer than the configured timeout; its work was stopped: 504.
    #[error("The request took too long and was stopped.")]
    Timeout,
    /// The document does not parse: `GRAPHQL_PARSE_FAILED` with the error's location.
    #[error("{message}")]
    Parse { message: String, location: Pos },
    /// The document is not valid against the API schema: `GRAPHQL_VALIDATION_FAILED`, one
    /// error per rule violation, with locations.
    #[error("the operation is not valid against the schema")]
    Validation(Vec<ValidationError>),
    /// `operationName` names no operation in the document: `OPERATION_NOT_FOUND`.
    #[error("Unknown operation named \"{0}\".")]
    OperationNotFound(String),
    /// The document has several operations and no `operationName`: `BAD_REQUEST`.
    #[error("Must provide operation name if query contains multiple operations.")]
    OperationNameRequired,
    /// Mutations must not run over GET (a link or a prefetch could trigger them): 405.
    #[error("Mutations are not allowed over GET; use POST.")]
    MutationOverGet,
    /// Subscriptions need a streaming transport: `BAD_REQUEST`.
    #[error(
        "Subscriptions are served over WebSocket (graphql-transport-ws), Server-Sent Events (Accept: text/event-stream) or multipart HTTP (Accept: multipart/mixed;subscriptionSpec=1.0), not as one JSON response."
    )]
    SubscriptionOverHttp,
    /// Variables missing, of the wrong type, or not an object: `BAD_USER_INPUT`, one error per
    /// variable, located at its definition.
    #[error("invalid variables")]
    Variables(Vec<VariableError>),
    /// The bearer token was refused (malformed, forged, expired, revoked, …):
    /// `UNAUTHENTICATED` with a message saying which in client terms.
    #[error("{0}")]
    Unauthenticated(&'static str),
    /// The token could not be checked (the issuer's keys unreachable): `SERVICE_UNAVAILABLE`,
    /// 503 with `Retry-After`.
    #[error("authentication unavailable: {0}")]
    AuthUnavailable(String),
    /// A hash without its text names no document the router knows: the client sends it again
    /// with the text (Apollo's automatic persisted queries). 200 with the error, as Apollo's
    /// routers answer, whatever the media type: clients retry on the code.
    #[error("PersistedQueryNotFound")]
    PersistedQueryNotFound,
    /// Persisted queries are off and no trusted document has this id: the client sends text.
    #[error("PersistedQueryNotSupported")]
    PersistedQueryNotSupported,
    /// The text sent is not the text the hash sent with it is of.
    #[error("The query's SHA-256 hash is not the one sent with it.")]
    PersistedQueryHashMismatch,
    /// Trusted documents are enforced and this operation is not one of them.
    #[error("Only the applications' registered operations may run here.")]
    PersistedQueryNotInList,
    /// A bug or an unavailable dependency on our side (planning failed, the executor gave up,
    /// the subscription thread stopped): `INTERNAL`, details in the log only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<access::AuthError> for PipelineError {
    fn from(err: access::AuthError) -> Self {
        if err.is_unauthenticated() {
            tracing::debug!(reason = %err, "token refused");
            Self::Unauthenticated(err.client_message())
        } else {
            Self::AuthUnavailable(err.to_string())
        }
    }
}

/// One variable that could not be coerced.
#[derive(Debug, Clone, PartialEq)]
pub struct VariableError {
    pub message: String,
    pub location: Option<Pos>,
    /// The variable, and the path into it when the fault is inside (`filter.salaryMax`):
    /// `extensions.field`.
    pub field: String,
}

impl PipelineError {
    pub fn status(&self, format: ResponseFormat) -> StatusCode {
        match self {
            Self::MalformedRequest(_) | Self::CsrfPrevented | Self::BatchTooLarge { .. } => {
                StatusCode::BAD_REQUEST
            }
            Self::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Timeout => StatusCode::GATEWAY_TIMEOUT,
            Self::Cancelled => StatusCode::SERVICE_UNAVAILABLE,
            Self::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Self::MutationOverGet => StatusCode::METHOD_NOT_ALLOWED,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::AuthUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::PersistedQueryNotFound | Self::PersistedQueryNotSupported => StatusCode::OK,
            Self::Unauthenticated(_) => match format {
                ResponseFormat::GraphQLResponseJson => StatusCode::UNAUTHORIZED,
                ResponseFormat::Json => StatusCode::OK,
            },
            Self::Parse { .. }
            | Self::TooManyTokens { .. }
            | Self::LimitsExceeded(_)
            | Self::IntrospectionDisabled
            | Self::QueryPlanning { .. }
            | Self::Validation(_)
            | Self::OperationNotFound(_)
            | Self::OperationNameRequired
            | Self::SubscriptionOverHttp
            | Self::PersistedQueryHashMismatch
            | Self::PersistedQueryNotInList
            | Self::Variables(_) => match format {
                ResponseFormat::GraphQLResponseJson => StatusCode::BAD_REQUEST,
                ResponseFormat::Json => StatusCode::OK,
            },
        }
    }

    /// Whether preparing the same document again would fail the same way, so the outcome may
    /// be cached: the document's own faults are, outages and timeouts are not.
    pub fn is_cacheable(&self) -> bool {
        match self {
            Self::Parse { .. }
            | Self::TooManyTokens { .. }
            | Self::LimitsExceeded(_)
            | Self::Validation(_)
            | Self::OperationNotFound(_)
            | Self::OperationNameRequired
            | Self::IntrospectionDisabled
            | Self::MalformedRequest(_) => true,
            Self::QueryPlanning { detail, .. } => !detail.contains("timed out"),
            _ => false,
        }
    }

    /// The `errors` of the GraphQL response.
    pub fn graphql_errors(&self) -> Vec<GraphQLError> {
        match self {
            Self::Parse { message, location } => {
                vec![error(message, PARSE_FAILED, &[*location])]
            }
            Self::Validation(errors) => errors
                .iter()
                .map(|err| error(&err.message, VALIDATION_FAILED, &err.locations))
                .collect(),
            Self::Variables(errors) => errors
                .iter()
                .map(|err| {
                    let locations: Vec<Pos> = err.location.into_iter().collect();
                    let mut refused = error(&err.message, BAD_USER_INPUT, &locations);
                    refused.extensions.set(
                        "field".to_owned(),
                        sonic_rs::Value::from(err.field.as_str()),
                    );
                    refused
                })
                .collect(),
            Self::OperationNotFound(_) => vec![error(&self.to_string(), OPERATION_NOT_FOUND, &[])],
            Self::BodyTooLarge { .. } => vec![error(&self.to_string(), REQUEST_TOO_LARGE, &[])],
            Self::BatchTooLarge { .. } => {
                vec![error(&self.to_string(), MAX_BATCH_SIZE_EXCEEDED, &[])]
            }
            Self::TooManyTokens { .. } => vec![error(&self.to_string(), MAX_TOKENS_EXCEEDED, &[])],
            Self::LimitsExceeded(crossed) => crossed
                .iter()
                .map(|limit| error(&limit.message(), limit.limit.code(), &[]))
                .collect(),
            Self::IntrospectionDisabled => {
                vec![error(&self.to_string(), INTROSPECTION_DISABLED, &[])]
            }
            Self::QueryPlanning { message, detail } => {
                tracing::info!(detail = %detail, "operation could not be planned");
                vec![error(message, QUERY_PLANNING_FAILED, &[])]
            }
            Self::CsrfPrevented => vec![error(&self.to_string(), CSRF_PREVENTION_FAILED, &[])],
            Self::Timeout | Self::Cancelled => {
                vec![error(&self.to_string(), REQUEST_TIMEOUT, &[])]
            }
            Self::Internal(detail) => {
                tracing::error!(error = %detail, "request failed");
                vec![error("Internal server error", INTERNAL, &[])]
            }
            Self::Unauthenticated(message) => vec![error(message, UNAUTHENTICATED, &[])],
            Self::PersistedQueryNotFound => {
                vec![error(&self.to_string(), PERSISTED_QUERY_NOT_FOUND, &[])]
            }
            Self::PersistedQueryNotSupported => {
                vec![error(&self.to_string(), PERSISTED_QUERY_NOT_SUPPORTED, &[])]
            }
            Self::PersistedQueryHashMismatch => {
                vec![error(&self.to_string(), PERSISTED_QUERY_HASH_MISMATCH, &[])]
            }
            Self::PersistedQueryNotInList => {
                vec![error(&self.to_string(), PERSISTED_QUERY_NOT_IN_LIST, &[])]
            }
            Self::AuthUnavailable(detail) => {
                tracing::warn!(error = %detail, "cannot verify tokens");
                let message = "Authentication is temporarily unavailable; try again shortly.";
                let mut unavailable = error(message, SERVICE_UNAVAILABLE, &[]);
                unavailable.extensions.set(
                    "retryAfter".to_owned(),
                    sonic_rs::Value::from(RETRY_AFTER_SECS),
                );
                vec![unavailable]
            }
            Self::MalformedRequest(_)
            | Self::NotAcceptable
            | Self::OperationNameRequired
            | Self::MutationOverGet
            | Self::SubscriptionOverHttp => vec![error(&self.to_string(), BAD_REQUEST, &[])],
        }
    }

    /// The serialized response body: `{"errors":[...]}` without `data`, as execution did not
    /// start.
    pub fn body(&self) -> Vec<u8> {
        FailedExecutionResult {
            errors: self.graphql_errors(),
        }
        .serialize()
    }
}

fn error(message: &str, code: &str, locations: &[Pos]) -> GraphQLError {
    GraphQLError {
        message: message.to_owned(),
        locations: (!locations.is_empty()).then(|| {
            locations
                .iter()
                .map(|pos| GraphQLErrorLocation {
                    line: pos.line,
                    column: pos.column,
                })
                .collect()
        }),
        path: None,
        extensions: GraphQLErrorExtensions::new_from_code(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_errors_are_400_only_for_graphql_response_json() {
        let err = PipelineError::OperationNotFound("Missing".into());
        assert_eq!(
            err.status(ResponseFormat::GraphQLResponseJson),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(err.status(ResponseFormat::Json), StatusCode::OK);
        assert_eq!(
            PipelineError::MalformedRequest("x".into()).status(ResponseFormat::Json),
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn parse_error_body_has_code_and_location_and_no_data() {
        let err = PipelineError::Parse {
            message: "Syntax Error: Expected }".into(),
            location: Pos { line: 1, column: 7 },
        };
        let body: serde_json::Value = serde_json::from_slice(&err.body()).unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], PARSE_FAILED);
        assert_eq!(body["errors"][0]["locations"][0]["line"], 1);
        assert_eq!(body["errors"][0]["locations"][0]["column"], 7);
        assert!(body.get("data").is_none());
    }

    #[test]
    fn refused_tokens_are_401_only_for_graphql_response_json_and_outages_503() {
        let refused = PipelineError::from(access::AuthError::Expired);
        assert_eq!(
            refused.status(ResponseFormat::GraphQLResponseJson),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(refused.status(ResponseFormat::Json), StatusCode::OK);
        let body: serde_json::Value = serde_json::from_slice(&refused.body()).unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], UNAUTHENTICATED);
        assert_eq!(
            body["errors"][0]["message"],
            "The access token has expired."
        );

        let outage = PipelineError::from(access::AuthError::KeysUnavailable("down".into()));
        assert_eq!(
            outage.status(ResponseFormat::Json),
            StatusCode::SERVICE_UNAVAILABLE
        );
        let body: serde_json::Value = serde_json::from_slice(&outage.body()).unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], SERVICE_UNAVAILABLE);
        assert_eq!(
            body["errors"][0]["extensions"]["retryAfter"],
            RETRY_AFTER_SECS
        );
        assert!(!body.to_string().contains("down"), "{body}");
    }

    #[test]
    fn internal_details_stay_out_of_the_response() {
        let err = PipelineError::Internal("planner exploded at node 7".into());
        let body = String::from_utf8(err.body()).unwrap();
        assert!(!body.contains("planner"), "{body}");
        assert!(body.contains(INTERNAL));
    }
}
