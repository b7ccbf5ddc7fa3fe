//! Planning: which subgraph fetches answer the normalized operation, and in which order.
//! Plans come from the cache when the same canonical operation (and operation name) was
//! planned before against the current supergraph.
//!
//! An operation with nothing left for the subgraphs (only `__schema`/`__type`, answered by the
//! router) gets the empty plan without asking the planner, which has nothing to plan there.
//! When the planner finds no way to resolve a selection the operation is at fault, not the
//! router: that is `QUERY_PLANNING_FAILED`, a request error.

use super::error::PipelineError;
use super::normalize::NormalizedOperation;
use crate::plan_cache::{PlanCache, PlanKey};
use crate::supergraph::LoadedSupergraph;
use hive_router_query_planner::graph::PlannerOverrideContext;
use hive_router_query_planner::planner::PlannerError;
use hive_router_query_planner::planner::plan_nodes::QueryPlan;
use hive_router_query_planner::planner::query_plan::QUERY_PLAN_KIND;
use hive_router_query_planner::utils::cancellation::{CancellationError, CancellationToken};
use std::sync::{Arc, LazyLock};

static EMPTY_PLAN: LazyLock<Arc<QueryPlan>> = LazyLock::new(|| {
    Arc::new(QueryPlan {
        kind: QUERY_PLAN_KIND,
        node: None,
    })
});

/// The plan for `normalized`, cached or freshly computed. CPU-bound: call it off the async
/// threads. `cancellation` stops the planner (timeout, or the client went away).
pub fn plan_operation(
    supergraph: &LoadedSupergraph,
    cache: &PlanCache,
    normalized: &NormalizedOperation,
    operation_name: Option<&str>,
    cancellation: &CancellationToken,
) -> Result<Arc<QueryPlan>, PipelineError> {
    if normalized.operation_for_plan.selection_set.is_empty() {
        return Ok(EMPTY_PLAN.clone());
    }
    let key = PlanKey::new(supergraph.generation, &normalized.canonical, operation_name);
    if let Some(plan) = cache.get(&key, &normalized.canonical) {
        return Ok(plan);
    }
    let plan = supergraph
        .data()
        .planner
        .plan_from_normalized_operation(
            &normalized.operation_for_plan,
            PlannerOverrideContext::default(),
            cancellation,
        )
        .map_err(planning_error)?;
    let plan = Arc::new(plan);
    cache.insert(key, normalized.canonical.clone(), plan.clone());
    Ok(plan)
}

/// Path failures and timeouts are the operation's; anything else is a bug on our side. The
/// walker's error type is private to the planner crate, so its variants are told apart by
/// their (stable, tested) messages.
fn planning_error(err: PlannerError) -> PipelineError {
    let detail = err.to_string();
    let walk = match &err {
        PlannerError::PathLocatorError(walk) => Some(walk.to_string()),
        _ => None,
    };
    let cancellation = match &err {
        PlannerError::CancellationError(cancellation) => Some(cancellation.clone()),
        _ => None,
    };
    match (walk.as_deref(), cancellation) {
        (Some(walk), _)
            if walk.starts_with("No paths found") || walk.starts_with("The shareable field") =>
        {
            PipelineError::QueryPlanning {
                message: "This operation cannot be resolved by the subgraphs: no combination of them can provide every selected field.",
                detail,
            }
        }
        (Some("timed out"), _) | (_, Some(CancellationError::TimedOut)) => {
            PipelineError::QueryPlanning {
                message: "Planning this operation took too long; simplify it or split it.",
                detail,
            }
        }
        (Some("cancelled"), _) | (_, Some(CancellationError::Cancelled)) => {
            PipelineError::Cancelled
        }
        _ => PipelineError::Internal(format!("planning failed: {detail}")),
    }
}
