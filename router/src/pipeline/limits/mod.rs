//! Operation limits: the selected operation is measured (see `measure.rs`) and refused when it
//! is deeper, wider or costlier than the configured limits, before validation, normalization or
//! planning spend anything on it. Token and body-size limits act earlier, in the parser and the
//! HTTP transport.
//!
//! Every limit has its own `extensions.code` and a message naming the limit and its value, so
//! a client developer sees at once which bound their operation crossed.

mod measure;

pub use measure::Measurement;

use super::error::PipelineError;
use super::operation::SelectedOperation;
use crate::config::OperationLimits;
use contracts::ErrorCode;
use graphql_tools::static_graphql::query::{Definition, Document};
use hive_router_plan_executor::introspection::schema::SchemaMetadata;
use hive_router_query_planner::state::supergraph_state::OperationKind;
use measure::Measurer;

/// Which limit an operation crossed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Depth,
    Aliases,
    Directives,
    RootFields,
    IntrospectionDepth,
    Cost,
}

impl Limit {
    pub fn code(self) -> &'static str {
        match self {
            Self::Depth => ErrorCode::MaxDepthExceeded.as_str(),
            Self::Aliases => ErrorCode::MaxAliasesExceeded.as_str(),
            Self::Directives => ErrorCode::MaxDirectivesExceeded.as_str(),
            Self::RootFields => ErrorCode::MaxRootFieldsExceeded.as_str(),
            Self::IntrospectionDepth => ErrorCode::MaxIntrospectionDepthExceeded.as_str(),
            Self::Cost => ErrorCode::CostEstimatedTooExpensive.as_str(),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::Depth => "depth",
            Self::Aliases => "number of aliases",
            Self::Directives => "number of directives",
            Self::RootFields => "number of root fields",
            Self::IntrospectionDepth => "introspection list nesting",
            Self::Cost => "estimated cost",
        }
    }
}

/// One limit crossed, with the measured value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitExceeded {
    pub limit: Limit,
    pub measured: u64,
    pub maximum: u64,
}

impl LimitExceeded {
    pub fn message(&self) -> String {
        format!(
            "The operation's {} ({}) exceeds the maximum of {}.",
            self.limit.describe(),
            self.measured,
            self.maximum
        )
    }
}

/// Measures `operation` and refuses it when it crosses a limit. Sizes given by variables are
/// taken as the default list size here; [`check_cost_with_variables`] measures again once the
/// request's variables are coerced.
pub fn check_operation(
    document: &Document,
    operation: &SelectedOperation<'_>,
    schema: &SchemaMetadata,
    limits: &OperationLimits,
) -> Result<Measurement, PipelineError> {
    let measured = measure(document, operation, schema, limits, |_| None);
    let crossed: Vec<LimitExceeded> = [
        (Limit::Depth, measured.depth, limits.max_depth),
        (Limit::Aliases, measured.aliases, limits.max_aliases),
        (
            Limit::Directives,
            measured.directives,
            limits.max_directives,
        ),
        (
            Limit::RootFields,
            measured.root_fields,
            limits.max_root_fields,
        ),
        (
            Limit::IntrospectionDepth,
            measured.introspection_depth,
            limits.max_introspection_depth,
        ),
        (Limit::Cost, measured.cost, limits.max_cost),
    ]
    .into_iter()
    .filter(|(_, value, maximum)| value > maximum)
    .map(|(limit, measured, maximum)| LimitExceeded {
        limit,
        measured,
        maximum,
    })
    .collect();
    if crossed.is_empty() {
        Ok(measured)
    } else {
        Err(PipelineError::LimitsExceeded(crossed))
    }
}

/// The cost again, with list sizes from the request's variables (`variable_size` gives a
/// variable's integer value).
pub fn check_cost_with_variables(
    document: &Document,
    operation: &SelectedOperation<'_>,
    schema: &SchemaMetadata,
    limits: &OperationLimits,
    variable_size: impl Fn(&str) -> Option<u64>,
) -> Result<(), PipelineError> {
    let measured = measure(document, operation, schema, limits, variable_size);
    if measured.cost > limits.max_cost {
        return Err(PipelineError::LimitsExceeded(vec![LimitExceeded {
            limit: Limit::Cost,
            measured: measured.cost,
            maximum: limits.max_cost,
        }]));
    }
    Ok(())
}

fn measure(
    document: &Document,
    operation: &SelectedOperation<'_>,
    schema: &SchemaMetadata,
    limits: &OperationLimits,
    variable_size: impl Fn(&str) -> Option<u64>,
) -> Measurement {
    let fragments = document
        .definitions
        .iter()
        .filter_map(|definition| match definition {
            Definition::Fragment(fragment) => Some(fragment),
            Definition::Operation(_) => None,
        });
    let root_type = match operation.kind {
        OperationKind::Query => schema.query_type_name.as_deref(),
        OperationKind::Mutation => schema.mutation_type_name.as_deref(),
        OperationKind::Subscription => schema.subscription_type_name.as_deref(),
    }
    .unwrap_or_default();
    Measurer::new(schema, fragments, limits.default_list_size, variable_size).measure(
        operation.selection_set,
        root_type,
        operation.kind == OperationKind::Mutation,
        operation.directives,
    )
}
