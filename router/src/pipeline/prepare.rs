//! Preparation: everything between the request's parameters and a plan, in two halves.
//!
//! What depends only on the document, the operation name and the supergraph — parsing (token
//! limit), operation limits, validation, normalization, introspection policy, planning — runs
//! once per distinct document on a blocking thread and is cached with its outcome
//! (`operation_cache.rs`). What depends on the request — the transport, the variables, the cost
//! when list sizes come from variables — runs every time, and is cheap.
//!
//! The blocking half cannot be interrupted mid-step, so each step is bounded by the limits
//! that precede it (tokens bound the parser and validation; depth, aliases and cost bound
//! normalization); the planner checks a cancellation token that fires on its timeout or when
//! the request that started the work goes away.

use super::error::PipelineError;
use super::execution::PreparedOperation;
use super::limits::{self, Measurement};
use super::normalize::{self, NormalizedOperation};
use super::validation;
use super::{ClientRequest, GraphQLParams, coerce_variables, operation, parser, query_plan};
use crate::config::EdgeConfig;
use crate::plan_cache::PlanCache;
use crate::state::RouterState;
use crate::supergraph::LoadedSupergraph;
use graphql_tools::static_graphql::query::Document;
use hive_router_query_planner::planner::plan_nodes::QueryPlan;
use hive_router_query_planner::state::supergraph_state::OperationKind;
use hive_router_query_planner::utils::cancellation::CancellationToken;
use sonic_rs::JsonValueTrait;
use std::sync::Arc;
use std::time::Duration;

/// Planning is bounded: a pathological operation must not hold a thread for long.
const PLANNING_TIMEOUT: Duration = Duration::from_secs(10);

/// A document prepared for one of its operations: the cached, request-independent half.
pub struct PreparedDocument {
    /// The text as the client sent it; subgraph request hooks and logs see it.
    pub query: Arc<str>,
    pub document: Arc<Document>,
    pub operation_name: Option<String>,
    pub kind: OperationKind,
    pub measurement: Measurement,
    pub normalized: NormalizedOperation,
    pub plan: Arc<QueryPlan>,
}

/// Prepares the request's operation: from the cache, or parsed, checked and planned now.
pub async fn prepare(
    state: &RouterState,
    mut params: GraphQLParams,
    client: &ClientRequest,
) -> Result<PreparedOperation, PipelineError> {
    // A document named by id (every transport): its text, or the refusal.
    let persisted = state.persisted.resolve(&mut params).await;
    let counted = match &persisted {
        Ok(outcome) => *outcome,
        Err(PipelineError::PersistedQueryNotFound) => Some("miss"),
        Err(PipelineError::PersistedQueryNotInList) => Some("not_in_list"),
        Err(_) => None,
    };
    if let Some(outcome) = counted {
        state
            .metrics
            .persisted_queries
            .with_label_values(&[outcome])
            .inc();
    }
    persisted?;
    let query: Arc<str> = params
        .query
        .filter(|query| !query.trim().is_empty())
        .ok_or_else(|| PipelineError::MalformedRequest("Missing \"query\".".into()))?
        .into();
    let operation_name = params.operation_name.filter(|name| !name.is_empty());
    let supergraph = state.supergraph.current();
    let document = state
        .operations
        .get_or_prepare(
            supergraph.generation,
            &query,
            operation_name.as_deref(),
            || {
                prepare_document(
                    supergraph.clone(),
                    state.plan_cache.clone(),
                    state.edge.clone(),
                    query.clone(),
                    operation_name.clone(),
                )
            },
        )
        .await?;

    let selected = operation::select_operation(
        &document.document,
        document.operation_name.as_deref(),
        client,
    )?;
    let variables = coerce_variables::coerce_variables(
        &supergraph.input_types,
        selected.variable_definitions,
        params.variables.as_ref(),
    )?;
    if document.measurement.sized_by_variables {
        let values = variables.variables_map.as_ref();
        limits::check_cost_with_variables(
            &document.document,
            &selected,
            &supergraph.data().metadata,
            &state.edge.limits,
            |name| {
                let value = values?.get(name)?;
                value.as_i64().map(|size| size.max(0) as u64)
            },
        )?;
    }
    Ok(PreparedOperation {
        supergraph,
        document,
        variables: Arc::new(variables),
    })
}

/// The request-independent half, on a blocking thread; dropping the future cancels planning.
async fn prepare_document(
    supergraph: Arc<LoadedSupergraph>,
    plans: Arc<PlanCache>,
    edge: Arc<EdgeConfig>,
    query: Arc<str>,
    operation_name: Option<String>,
) -> Result<Arc<PreparedDocument>, PipelineError> {
    let cancellation = Arc::new(CancellationToken::with_timeout(PLANNING_TIMEOUT));
    let _cancel_on_drop = CancelOnDrop(cancellation.clone());
    tokio::task::spawn_blocking(move || {
        prepare_blocking(
            &supergraph,
            &plans,
            &edge,
            query,
            operation_name,
            &cancellation,
        )
        .map(Arc::new)
    })
    .await
    .map_err(|err| PipelineError::Internal(format!("preparation task failed: {err}")))?
}

fn prepare_blocking(
    supergraph: &LoadedSupergraph,
    plans: &PlanCache,
    edge: &EdgeConfig,
    query: Arc<str>,
    operation_name: Option<String>,
    cancellation: &CancellationToken,
) -> Result<PreparedDocument, PipelineError> {
    let data = supergraph.data();
    let document = parser::parse_operation(&query, edge.limits.max_tokens)?;
    let selected = operation::find_operation(&document, operation_name.as_deref())?;
    let measurement = limits::check_operation(&document, &selected, &data.metadata, &edge.limits)?;
    validation::validate_operation(
        &data.planner.consumer_schema.document,
        &document,
        edge.limits.max_errors,
    )?;
    let kind = selected.kind.clone();
    let operation_name = selected.name.map(str::to_owned);
    let normalized: NormalizedOperation =
        normalize::normalize(data, &document, operation_name.as_deref())?;
    if !edge.introspection && normalized.operation_for_introspection.is_some() {
        return Err(PipelineError::IntrospectionDisabled);
    }
    let plan = query_plan::plan_operation(
        supergraph,
        plans,
        &normalized,
        operation_name.as_deref(),
        cancellation,
    )?;
    Ok(PreparedDocument {
        query,
        document,
        operation_name,
        kind,
        measurement,
        normalized,
        plan,
    })
}

/// Cancels planning when the request that waits for it is dropped (the client went away, or
/// the request timed out).
struct CancelOnDrop(Arc<CancellationToken>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}
