//! Validation: the document must be valid against the API schema (the supergraph without
//! federation internals and `@inaccessible` members) under the spec's rules, before anything
//! is planned or sent to a subgraph.

use super::error::PipelineError;
use graphql_tools::static_graphql::query::Document;
use graphql_tools::static_graphql::schema::Document as SchemaDocument;
use graphql_tools::validation::rules::default_rules_validation_plan;
use graphql_tools::validation::validate::{ValidationPlan, validate};
use std::sync::LazyLock;

/// The spec's validation rules; built once, as the plan is immutable.
static RULES: LazyLock<ValidationPlan> = LazyLock::new(default_rules_validation_plan);

/// Checks `document` against `api_schema`; all violations are reported together.
pub fn validate_operation(
    api_schema: &SchemaDocument,
    document: &Document,
) -> Result<(), PipelineError> {
    let errors = validate(api_schema, document, &RULES);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(PipelineError::Validation(errors))
    }
}
