//! Normalization: the selected operation is rewritten into the canonical form the planner
//! works on (fragments inlined, `@skip`/`@include` with literals applied, fields merged), and
//! split into the part the subgraphs answer and the introspection part the router answers
//! itself. The canonical text is also what the plan cache is keyed by.

use super::error::PipelineError;
use graphql_tools::static_graphql::query::Document;
use hive_router_plan_executor::hooks::on_supergraph_load::SupergraphData;
use hive_router_plan_executor::introspection::partition::partition_operation;
use hive_router_plan_executor::projection::plan::FieldProjectionPlan;
use hive_router_query_planner::ast::normalization::normalize_operation;
use hive_router_query_planner::ast::operation::OperationDefinition;
use hive_router_query_planner::state::supergraph_state::OperationKind;
use std::sync::Arc;

/// The operation in canonical form, and what execution needs to shape the response.
pub struct NormalizedOperation {
    /// What the subgraphs are asked for (no introspection fields).
    pub operation_for_plan: Arc<OperationDefinition>,
    /// `__schema`/`__type` selections, answered by the router.
    pub operation_for_introspection: Option<Arc<OperationDefinition>>,
    /// How the merged subgraph data is projected onto the client's selection.
    pub projection_plan: Arc<Vec<FieldProjectionPlan>>,
    pub root_type_name: String,
    pub kind: OperationKind,
    /// The canonical text of `operation_for_plan`; the plan cache key.
    pub canonical: String,
}

/// Normalizes the operation named `operation_name` (already selected and validated).
pub fn normalize(
    supergraph: &SupergraphData,
    document: &Document,
    operation_name: Option<&str>,
) -> Result<NormalizedOperation, PipelineError> {
    let normalized = normalize_operation(&supergraph.planner.supergraph, document, operation_name)
        // Validation passed, so the planner's view of the schema disagrees with the API
        // schema: our problem, not the client's.
        .map_err(|err| PipelineError::Internal(format!("normalization failed: {err}")))?;
    let operation = normalized.operation;
    let kind = operation
        .operation_kind
        .clone()
        .unwrap_or(OperationKind::Query);
    let (root_type_name, projection_plan) =
        FieldProjectionPlan::from_operation(&operation, &supergraph.metadata);
    let root_type_name = root_type_name.to_owned();
    let partitioned = partition_operation(operation);
    let operation_for_plan = partitioned.downstream_operation;
    Ok(NormalizedOperation {
        canonical: operation_for_plan.to_string(),
        operation_for_plan: Arc::new(operation_for_plan),
        operation_for_introspection: partitioned.introspection_operation.map(Arc::new),
        projection_plan: Arc::new(projection_plan),
        root_type_name,
        kind,
    })
}
