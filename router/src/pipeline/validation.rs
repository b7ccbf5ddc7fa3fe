//! Validation: the document must be valid against the API schema (the supergraph without
//! federation internals and `@inaccessible` members) under the spec's rules, before anything
//! is planned or sent to a subgraph.

use super::error::PipelineError;
use super::repeated_selections::{MAX_SHARING_A_NAME, crowded_response_name, without_repeats};
use graphql_tools::static_graphql::query::Document;
use graphql_tools::static_graphql::schema::Document as SchemaDocument;
use graphql_tools::validation::rules::default_rules_validation_plan;
use graphql_tools::validation::utils::ValidationError;
use graphql_tools::validation::validate::{ValidationPlan, validate};
use std::sync::LazyLock;

/// The spec's validation rules; built once, as the plan is immutable.
static RULES: LazyLock<ValidationPlan> = LazyLock::new(default_rules_validation_plan);

/// Checks `document` against `api_schema`; violations are reported together, at most
/// `max_errors` of them (the last one then says how many more there were).
pub fn validate_operation(
    api_schema: &SchemaDocument,
    document: &Document,
    max_errors: usize,
) -> Result<(), PipelineError> {
    let cleaned = without_repeats(document);
    let document = cleaned.as_ref().unwrap_or(document);
    if let Some((name, count)) = crowded_response_name(document) {
        return Err(PipelineError::Validation(vec![ValidationError {
            locations: Vec::new(),
            message: format!(
                "{count} different selections share the response name \"{name}\" in one selection set; at most {MAX_SHARING_A_NAME} may."
            ),
            error_code: "CrowdedResponseName",
        }]));
    }
    let mut errors = validate(api_schema, document, &RULES);
    if errors.is_empty() {
        return Ok(());
    }
    if errors.len() > max_errors {
        let omitted = errors.len() - (max_errors - 1);
        errors.truncate(max_errors - 1);
        errors.push(ValidationError {
            locations: Vec::new(),
            message: format!(
                "Too many validation errors: {omitted} more were omitted (at most {max_errors} are reported)."
            ),
            error_code: "TooManyErrors",
        });
    }
    Err(PipelineError::Validation(errors))
}
