//! Every error a subgraph answers with carries a stable `extensions.code`.
//!
//! The domain's errors get theirs from [`ApiError`](crate::ApiError). async-graphql raises some
//! on its own, as plain messages: an argument or input value of the wrong type ("Failed to
//! parse …", "Expected input type …", "Invalid value for argument …"), a connection's
//! `first`/`last` out of range, an `_entities` representation that names no entity. Those are
//! the caller's input, so they become `BAD_USER_INPUT` (with `extensions.field` when the message
//! names it); anything else left uncoded is a defect and becomes `INTERNAL`, its text logged and
//! replaced. This extension does it for queries, mutations and each subscription event.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextSubscribe,
};
use async_graphql::{ErrorExtensionValues, Response, ServerError, Value};
use contracts::ErrorCode;
use futures::stream::{BoxStream, StreamExt};
use std::sync::Arc;

/// The extension; installed on every subgraph schema by `operation_limits::protect`.
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodes)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for ErrorCodes {
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        code_errors(next.run(ctx, operation_name).await)
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        next.run(ctx, stream).map(code_errors).boxed()
    }
}

/// `response` with a code on every error.
pub fn code_errors(mut response: Response) -> Response {
    for error in &mut response.errors {
        code_error(error);
    }
    response
}

fn has_code(error: &ServerError) -> bool {
    error
        .extensions
        .as_ref()
        .is_some_and(|extensions| extensions.get("code").is_some())
}

fn code_error(error: &mut ServerError) {
    if has_code(error) {
        return;
    }
    let extensions = error
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default);
    match input_failure(&error.message) {
        Some(field) => {
            extensions.set("code", ErrorCode::BadUserInput.as_str());
            if let Some(field) = &field {
                extensions.set("field", Value::String(field.clone()));
            }
            if let Some(message) = client_message(&error.message, field.as_deref()) {
                error.message = message;
            }
        }
        None => {
            tracing::error!(error = %error.message, path = ?error.path, "an error without a code; answered as INTERNAL");
            extensions.set("code", ErrorCode::Internal.as_str());
            error.message = "internal error".to_owned();
        }
    }
}

/// `Some(field)` when `message` is async-graphql refusing the caller's input (the field or
/// argument it names, when it names one).
fn input_failure(message: &str) -> Option<Option<String>> {
    if let Some(rest) = message.strip_prefix("Invalid value for argument ") {
        return Some(quoted(rest));
    }
    if message.starts_with("Failed to parse ") || message.starts_with("Expected input type ") {
        const PARENT: &str = "(occurred while parsing ";
        let parent = message
            .rfind(PARENT)
            .and_then(|at| quoted(&message[at + PARENT.len()..]));
        return Some(parent);
    }
    for argument in ["first", "last", "before", "after"] {
        if message.starts_with(&format!("The \"{argument}\" parameter"))
            || message.starts_with(&format!("The \"{argument}\" and"))
        {
            return Some(Some(argument.to_owned()));
        }
    }
    if message.starts_with("Entity not found") || message.contains("representation") {
        return Some(Some("representations".to_owned()));
    }
    None
}

/// What a client reads instead of async-graphql's parser message, which names internals
/// ("Failed to parse … (occurred while parsing …)"); `None` keeps the message.
fn client_message(message: &str, field: Option<&str>) -> Option<String> {
    let scalar = message
        .strip_prefix("Failed to parse ")
        .or_else(|| message.strip_prefix("Expected input type "))
        .and_then(quoted);
    match (scalar, field) {
        (Some(scalar), Some(parent)) => Some(format!("Invalid value for a {scalar} in {parent}.")),
        (Some(scalar), None) => Some(format!("Invalid value for a {scalar}.")),
        (None, Some(argument)) if message.starts_with("Invalid value for argument") => {
            Some(format!("Invalid value for argument \"{argument}\"."))
        }
        _ => None,
    }
}

/// The text between the first pair of double quotes, if short enough to be a name.
fn quoted(text: &str) -> Option<String> {
    let start = text.find('"')? + 1;
    let len = text[start..].find('"')?;
    let name = &text[start..start + len];
    (!name.is_empty() && name.len() <= 100).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coded(message: &str) -> (String, Option<String>, String) {
        let mut error = ServerError::new(message, None);
        code_error(&mut error);
        let extensions = error.extensions.expect("extensions");
        let text = |key: &str| match extensions.get(key) {
            Some(Value::String(text)) => Some(text.clone()),
            Some(Value::Enum(name)) => Some(name.to_string()),
            _ => None,
        };
        (
            text("code").unwrap_or_default(),
            text("field"),
            error.message,
        )
    }

    #[test]
    fn input_refusals_become_bad_user_input_naming_the_field() {
        let (code, field, _) = coded(
            r#"Expected input type "DateTime", found 0. (occurred while parsing "JobSearchFilter")"#,
        );
        assert_eq!(
            (code.as_str(), field.as_deref()),
            ("BAD_USER_INPUT", Some("JobSearchFilter"))
        );
        let (code, field, _) = coded(r#"The "first" parameter must be a non-negative number"#);
        assert_eq!(
            (code.as_str(), field.as_deref()),
            ("BAD_USER_INPUT", Some("first"))
        );
        let (code, field, _) =
            coded(r#"Invalid value for argument "filter", expected type "AuditLogFilterInput""#);
        assert_eq!(
            (code.as_str(), field.as_deref()),
            ("BAD_USER_INPUT", Some("filter"))
        );
        let (code, field, _) = coded("Entity not found.");
        assert_eq!(
            (code.as_str(), field.as_deref()),
            ("BAD_USER_INPUT", Some("representations"))
        );
    }

    #[test]
    fn anything_else_uncoded_is_internal_and_says_nothing() {
        let (code, _, message) = coded("Connection Error: error communicating with database");
        assert_eq!(code, "INTERNAL");
        assert_eq!(message, "internal error");
        let mut coded_before = ServerError::new("kept", None);
        coded_before.extensions = Some(ErrorExtensionValues::default());
        if let Some(extensions) = coded_before.extensions.as_mut() {
            extensions.set("code", "NOT_FOUND");
        }
        code_error(&mut coded_before);
        assert_eq!(coded_before.message, "kept");
    }
}
