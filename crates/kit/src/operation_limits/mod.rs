//! What one operation may ask of a subgraph. Subgraph ports can be reached without the router,
//! whose limits then do not apply, so every subgraph schema is built with [`protect`]: bounds on
//! the document's tokens, depth, nesting, size once fragments are expanded, directives,
//! `_entities` representations and input lists and strings, each refused with its own stable
//! `extensions.code`.
//!
//! The values sit above what the router ever sends for an operation within its own default
//! limits (depth 12, cost 5000 where every field costs at least 1, 1 MiB bodies), so a
//! legitimate fetch is never refused here; raising the router's limits far beyond its defaults
//! means raising these too.
//!
//! async-graphql's own limits are set to the same values, but it compares them only after
//! walking the document with fragments expanded (exponential for fragments that spread others
//! twice) and reports them without a code. So [`protect`] also installs an extension that
//! measures the document in one linear pass (`document.rs`) and refuses it first, and that
//! gives async-graphql's own limit, parse and validation errors their codes.

mod document;
mod inputs;
mod tokens;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest,
    NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{
    ErrorExtensionValues, ObjectType, Request, SchemaBuilder, ServerError, ServerResult,
    SubscriptionType, ValidationResult, Value, Variables,
};
use contracts::ErrorCode;
use std::sync::Arc;

/// Lexical tokens of the query text, counted before it is parsed (parsing costs a few
/// microseconds a token): five for each of [`MAX_COMPLEXITY`] fields, so any document within
/// that limit fits however it is written.
pub const MAX_TOKENS: usize = 5 * MAX_COMPLEXITY;
/// Field nesting: the router allows 12; an `_entities` fetch adds one level above the entity,
/// and the planner's key and `__typename` selections never add more than a level or two.
pub const MAX_DEPTH: usize = 16;
/// Selection-set nesting, where each fragment and inline fragment counts a level: a fetch may
/// wrap every field level in a type condition (`... on JobPosting`), so twice [`MAX_DEPTH`].
pub const MAX_RECURSIVE_DEPTH: usize = 2 * MAX_DEPTH;
/// Fields once fragments are expanded (async-graphql's complexity). The router refuses an
/// operation costing more than 5000, each field costing at least 1; the planner adds a
/// `__typename` and key fields per entity, so a fetch stays well below four times that.
pub const MAX_COMPLEXITY: usize = 20_000;
/// Directives on one selection: the router allows 50 in a whole operation.
pub const MAX_DIRECTIVES: usize = 50;
/// Representations in one request's `_entities` fields: the router batches the entities of a
/// response into one fetch, and the most a response can hold is a page of postings (100) with
/// a page of matches each (100).
pub const MAX_REPRESENTATIONS: usize = 10_000;
/// Items in any one input list: ten times the longest list any field takes (100 technical
/// skills), so a field's own limit answers any near miss with its exact value.
pub const MAX_INPUT_LIST_ITEMS: usize = 1_000;
/// Characters in any one input string: five times the longest text any field takes (a job
/// description of 20,000 characters).
pub const MAX_INPUT_STRING_CHARS: usize = 100_000;

/// Bytes in a request body (and in one WebSocket message): four times the router's 1 MiB
/// limit, since a fetch carries the client's variables, a query in which the planner has
/// expanded the client's fragments, and up to [`MAX_REPRESENTATIONS`] representations of about
/// 100 bytes each.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

pub const REQUEST_TOO_LARGE: &str = ErrorCode::RequestTooLarge.as_str();
pub const MAX_TOKENS_EXCEEDED: &str = ErrorCode::MaxTokensExceeded.as_str();
pub const MAX_DEPTH_EXCEEDED: &str = ErrorCode::MaxDepthExceeded.as_str();
pub const MAX_COMPLEXITY_EXCEEDED: &str = ErrorCode::MaxComplexityExceeded.as_str();
pub const MAX_DIRECTIVES_EXCEEDED: &str = ErrorCode::MaxDirectivesExceeded.as_str();
pub const MAX_REPRESENTATIONS_EXCEEDED: &str = ErrorCode::MaxRepresentationsExceeded.as_str();
pub const GRAPHQL_PARSE_FAILED: &str = ErrorCode::GraphqlParseFailed.as_str();
pub const GRAPHQL_VALIDATION_FAILED: &str = ErrorCode::GraphqlValidationFailed.as_str();
const BAD_USER_INPUT: &str = ErrorCode::BadUserInput.as_str();

/// `builder` with every limit of this module, a code on every error it answers with
/// ([`crate::error_codes`]), and null for a nullable field whose resolver failed
/// ([`crate::field_errors`]).
pub fn protect<Q, M, S>(builder: SchemaBuilder<Q, M, S>) -> SchemaBuilder<Q, M, S>
where
    Q: ObjectType + 'static,
    M: ObjectType + 'static,
    S: SubscriptionType + 'static,
{
    builder
        .limit_depth(MAX_DEPTH)
        .limit_recursive_depth(MAX_RECURSIVE_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_directives(MAX_DIRECTIVES)
        .extension(OperationLimits)
        .extension(crate::error_codes::ErrorCodes)
        .extension(crate::field_errors::NullableFieldErrors)
}

/// The extension [`protect`] installs.
struct OperationLimits;

impl ExtensionFactory for OperationLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(OperationLimits)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for OperationLimits {
    /// Counts the document's tokens, parses it once (async-graphql reuses it), measures it and
    /// checks its inputs.
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if tokens::count(&request.query, MAX_TOKENS) > MAX_TOKENS {
            return Err(refusal(
                MAX_TOKENS_EXCEEDED,
                format!("The document has more than {MAX_TOKENS} tokens."),
            ));
        }
        let document = async_graphql::parser::parse_query(&request.query)
            .map_err(|err| with_code(ServerError::from(err), GRAPHQL_PARSE_FAILED))?;
        check(&document, &request.variables)?;
        request.set_parsed_query(document);
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables)
            .await
            .map_err(|err| coded(err, GRAPHQL_PARSE_FAILED))
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|err| coded(err, GRAPHQL_VALIDATION_FAILED))
                .collect()
        })
    }
}

/// Every limit of this module, on a parsed document and its variables.
fn check(document: &ExecutableDocument, variables: &Variables) -> ServerResult<()> {
    let measured = document::measure(document).map_err(|document::FragmentCycle(name)| {
        refusal(
            GRAPHQL_VALIDATION_FAILED,
            format!("Cannot spread fragment \"{name}\" within itself."),
        )
    })?;
    let over = |value: u64, limit: usize| value > limit as u64;
    if over(measured.depth, MAX_DEPTH) || over(measured.nesting, MAX_RECURSIVE_DEPTH) {
        return Err(refusal(
            MAX_DEPTH_EXCEEDED,
            format!(
                "The operation nests fields {} deep; at most {MAX_DEPTH} (and {MAX_RECURSIVE_DEPTH} selection sets, fragments included) are allowed.",
                measured.depth
            ),
        ));
    }
    if over(measured.fields, MAX_COMPLEXITY) {
        return Err(refusal(
            MAX_COMPLEXITY_EXCEEDED,
            format!(
                "The operation selects {} fields once fragments are expanded; at most {MAX_COMPLEXITY} are allowed.",
                measured.fields
            ),
        ));
    }
    if over(measured.directives, MAX_DIRECTIVES) {
        return Err(refusal(
            MAX_DIRECTIVES_EXCEEDED,
            format!(
                "A selection carries {} directives; at most {MAX_DIRECTIVES} are allowed.",
                measured.directives
            ),
        ));
    }
    let representations = document::representations(document, variables);
    if representations.count > MAX_REPRESENTATIONS {
        return Err(refusal(
            MAX_REPRESENTATIONS_EXCEEDED,
            format!(
                "The request asks for {} entities; at most {MAX_REPRESENTATIONS} are allowed.",
                representations.count
            ),
        ));
    }
    inputs::check(document, variables, &representations.variables).map_err(|oversized| {
        let (field, message, limit) = match oversized {
            inputs::Oversized::List { field, len } => {
                let message = format!(
                    "{field} has {len} entries; no input list may hold more than {MAX_INPUT_LIST_ITEMS}"
                );
                (field, message, MAX_INPUT_LIST_ITEMS)
            }
            inputs::Oversized::String { field } => {
                let message = format!(
                    "{field} is longer than {MAX_INPUT_STRING_CHARS} characters, the most any input string may hold"
                );
                (field, message, MAX_INPUT_STRING_CHARS)
            }
        };
        let mut error = refusal(BAD_USER_INPUT, message);
        let extensions = error.extensions.get_or_insert_with(Default::default);
        extensions.set("field", field);
        extensions.set("limit", Value::from(limit as u64));
        error
    })
}

fn refusal(code: &'static str, message: String) -> ServerError {
    with_code(ServerError::new(message, None), code)
}

fn with_code(mut error: ServerError, code: &'static str) -> ServerError {
    error
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default)
        .set("code", code);
    error
}

/// An error of async-graphql's parse or validation stage with its code: a limit's own when the
/// message is one of its limit messages, else `fallback`. Errors that have a code keep it.
fn coded(error: ServerError, fallback: &'static str) -> ServerError {
    if error
        .extensions
        .as_ref()
        .is_some_and(|extensions| extensions.get("code").is_some())
    {
        return error;
    }
    let message = error.message.as_str();
    let code = if message == "Query is nested too deep."
        || message.starts_with("The recursion depth of the query cannot be greater than")
    {
        MAX_DEPTH_EXCEEDED
    } else if message == "Query is too complex." {
        MAX_COMPLEXITY_EXCEEDED
    } else if message.starts_with("The number of directives on the field") {
        MAX_DIRECTIVES_EXCEEDED
    } else {
        fallback
    };
    with_code(error, code)
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
