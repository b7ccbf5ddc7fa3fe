//! The errors of an executed response, made fit for clients.
//!
//! Subgraph errors reach the router with whatever a subgraph put in them: internal messages
//! ("Failed to parse \"DateTime\" … (occurred while parsing \"AuditLogFilterInput\")"), echoed
//! input of any size, the subgraph's name. Clients get, in order:
//! 1. a `path` for fetch failures (`error_paths.rs`);
//! 2. only what an allow-list lets through: an error whose code is one of the subgraphs' stable
//!    codes keeps its message and its `field`/`fields`/`retryAfter`/`findings` extensions; a
//!    subgraph's failure to parse an input becomes `BAD_USER_INPUT` naming the input; a
//!    subgraph that could not be reached becomes `SUBGRAPH_UNAVAILABLE`; anything else becomes `INTERNAL` with a
//!    generic message (the original is logged). `extensions.service` and `affectedPath` are
//!    dropped. `ROUTER_EXPOSE_SUBGRAPH_ERRORS` turns this step off for debugging;
//! 3. messages cut to a bounded length, and at most `max_errors` errors.
//!
//! Responses without errors are not touched (nor parsed).

use super::error_paths::complete_paths;
use crate::config::EdgeConfig;
use contracts::ErrorCode;
use hive_router_query_planner::planner::plan_nodes::QueryPlan;
use sonic_rs::{JsonValueMutTrait, JsonValueTrait, Value};

/// Codes subgraphs use for outcomes a client acts on; their messages are written for clients.
const CLIENT_CODES: [ErrorCode; 21] = [
    ErrorCode::BadUserInput,
    ErrorCode::NotFound,
    ErrorCode::Conflict,
    ErrorCode::ComplianceFailed,
    ErrorCode::Unauthenticated,
    ErrorCode::Forbidden,
    ErrorCode::RateLimited,
    ErrorCode::MfaRequired,
    ErrorCode::EmailNotVerified,
    ErrorCode::AccountSuspended,
    ErrorCode::AccountInactive,
    ErrorCode::AccountLocked,
    ErrorCode::MaxDepthExceeded,
    ErrorCode::MaxComplexityExceeded,
    ErrorCode::MaxDirectivesExceeded,
    ErrorCode::MaxRepresentationsExceeded,
    ErrorCode::RequestTooLarge,
    ErrorCode::Internal,
    ErrorCode::PersistedQueryNotFound,
    ErrorCode::ServiceUnavailable,
    ErrorCode::ReplayUnavailable,
];
/// Extensions of an allowed error that clients may see.
const CLIENT_EXTENSIONS: [&str; 5] = ["code", "field", "fields", "retryAfter", "findings"];
/// Codes the executor gives a fetch that failed in transport.
const UNREACHABLE_CODES: [&str; 6] = [
    "SUBREQUEST_HTTP_ERROR",
    "SUBGRAPH_REQUEST_TIMEOUT",
    "SUBGRAPH_RESPONSE_BODY_READ_FAILURE",
    "SUBGRAPH_RESPONSE_BODY_EMPTY",
    "SUBREQUEST_MALFORMED_RESPONSE",
    "SUBGRAPH_WEBSOCKET_CONNECT_FAILURE",
];
/// Whether `code` is the executor's for a subgraph it could not reach or that went away: the
/// fetch codes above, and its WebSocket client's (a subscription's subgraph that stopped).
fn unreachable(code: &str) -> bool {
    UNREACHABLE_CODES.contains(&code)
        || code.starts_with("SUBGRAPH_WEBSOCKET_")
        || code.starts_with("WS_")
}

/// Longest message a client gets; longer ones (echoed values) are cut.
const MAX_MESSAGE_CHARS: usize = 300;

/// Completes, filters, truncates and caps the errors of a serialized response.
pub fn finish_errors(body: Vec<u8>, plan: &QueryPlan, edge: &EdgeConfig) -> Vec<u8> {
    let Ok(mut response) = sonic_rs::from_slice::<Value>(&body) else {
        return body;
    };
    complete_paths(&mut response, plan);
    let Some(errors) = response
        .get_mut("errors")
        .and_then(|errors| errors.as_array_mut())
    else {
        return body;
    };
    if !edge.expose_subgraph_errors {
        for error in errors.iter_mut() {
            sanitize(error);
        }
    }
    for error in errors.iter_mut() {
        truncate_message(error);
    }
    cap(errors, edge.limits.max_errors);
    sonic_rs::to_vec(&response).unwrap_or(body)
}

/// Applies the allow-list to one error; errors the router made itself about the response (no
/// `service`, not a transport failure) pass.
fn sanitize(error: &mut Value) {
    let code = error
        .pointer(["extensions", "code"])
        .and_then(|code| code.as_str())
        .unwrap_or_default()
        .to_owned();
    let service = error
        .pointer(["extensions", "service"])
        .and_then(|service| service.as_str())
        .map(str::to_owned);
    if service.is_none() && !unreachable(&code) {
        return;
    }
    let service = service.unwrap_or_default();
    let message = error
        .get("message")
        .and_then(|message| message.as_str())
        .unwrap_or_default()
        .to_owned();
    let mut input_field = None;
    let client_code = ErrorCode::parse(&code).is_some_and(|code| CLIENT_CODES.contains(&code));
    let (code, message) = if client_code {
        (code, message)
    } else if let Some(input) = input_parse_failure(&message) {
        input_field = Some(input.field);
        (
            ErrorCode::BadUserInput.as_str().to_owned(),
            format!("Invalid value for {}.", input.description),
        )
    } else if unreachable(&code) {
        tracing::warn!(subgraph = %service, code = %code, error = %message, "subgraph fetch failed");
        (
            ErrorCode::SubgraphUnavailable.as_str().to_owned(),
            "A service this field depends on is unavailable; try again later.".to_owned(),
        )
    } else {
        tracing::error!(subgraph = %service, code = %code, error = %message, "subgraph error withheld from the client");
        (
            ErrorCode::Internal.as_str().to_owned(),
            "Internal server error".to_owned(),
        )
    };
    if let Some(object) = error.as_object_mut() {
        object.insert("message", Value::from(message.as_str()));
    }
    let Some(extensions) = error
        .get_mut("extensions")
        .and_then(|extensions| extensions.as_object_mut())
    else {
        return;
    };
    // A masked error keeps nothing of the original's extensions but what is set below.
    extensions.retain(|key, _| client_code && CLIENT_EXTENSIONS.contains(&key));
    extensions.insert("code", Value::from(code.as_str()));
    if let Some(field) = input_field
        && extensions.get(&"field").is_none()
    {
        extensions.insert("field", Value::from(field.as_str()));
    }
}

/// An input a subgraph could not parse: what to call it in the message, and the `field`.
struct InputFailure {
    description: String,
    field: String,
}

/// What async-graphql names when it cannot parse an input: `Failed to parse "DateTime": …
/// (occurred while parsing "AuditLogFilterInput")` is a `DateTime` in the input object
/// `AuditLogFilterInput`; `Invalid value for argument "filter"…` is the argument `filter`.
fn input_parse_failure(message: &str) -> Option<InputFailure> {
    const PARENT: &str = "(occurred while parsing ";
    if let Some(rest) = message.strip_prefix("Invalid value for argument ") {
        let argument = quoted(rest)?;
        return Some(InputFailure {
            description: format!("argument \"{argument}\""),
            field: argument.to_owned(),
        });
    }
    let rest = message.strip_prefix("Failed to parse ")?;
    let scalar = quoted(rest)?;
    let parent = message
        .rfind(PARENT)
        .and_then(|at| quoted(&message[at + PARENT.len()..]));
    Some(match parent {
        Some(parent) => InputFailure {
            description: format!("a {scalar} in {parent}"),
            field: parent.to_owned(),
        },
        None => InputFailure {
            description: format!("a {scalar}"),
            field: scalar.to_owned(),
        },
    })
}

/// The text between the first pair of double quotes, if short enough to be a name.
fn quoted(text: &str) -> Option<&str> {
    let start = text.find('"')? + 1;
    let len = text[start..].find('"')?;
    let name = &text[start..start + len];
    (!name.is_empty() && name.len() <= 100).then_some(name)
}

fn truncate_message(error: &mut Value) {
    let Some(message) = error.get("message").and_then(|message| message.as_str()) else {
        return;
    };
    let Some((cut, _)) = message.char_indices().nth(MAX_MESSAGE_CHARS) else {
        return;
    };
    let shortened = format!("{}…", &message[..cut]);
    if let Some(object) = error.as_object_mut() {
        object.insert("message", Value::from(shortened.as_str()));
    }
}

/// Keeps `max_errors` errors, the last of them saying how many were left out.
fn cap(errors: &mut sonic_rs::Array, max_errors: usize) {
    if errors.len() <= max_errors {
        return;
    }
    let omitted = errors.len() - (max_errors - 1);
    errors.truncate(max_errors - 1);
    let summary: Value = sonic_rs::json!({
        "message": format!("Too many errors: {omitted} more were omitted (at most {max_errors} are returned)."),
        "extensions": { "code": ErrorCode::TooManyErrors.as_str() }
    });
    errors.push(summary);
}

#[cfg(test)]
#[path = "response_errors_tests.rs"]
mod tests;
