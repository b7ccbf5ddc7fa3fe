//! Planning: which subgraph fetches answer the normalized operation, and in which order.
//! Plans come from the cache when the same canonical operation (and operation name) was
//! planned before against the current supergraph.

use super::error::PipelineError;
use super::normalize::NormalizedOperation;
use crate::plan_cache::{PlanCache, PlanKey};
use crate::supergraph::LoadedSupergraph;
use hive_router_query_planner::graph::PlannerOverrideContext;
use hive_router_query_planner::planner::plan_nodes::QueryPlan;
use hive_router_query_planner::utils::cancellation::CancellationToken;
use std::sync::Arc;
use std::time::Duration;

/// Planning is bounded: a pathological operation must not hold a worker thread forever.
const PLANNING_TIMEOUT: Duration = Duration::from_secs(10);

/// The plan for `normalized`, cached or freshly computed.
pub async fn plan_operation(
    supergraph: &Arc<LoadedSupergraph>,
    cache: &PlanCache,
    normalized: &NormalizedOperation,
    operation_name: Option<&str>,
) -> Result<Arc<QueryPlan>, PipelineError> {
    let key = PlanKey::new(supergraph.generation, &normalized.canonical, operation_name);
    if let Some(plan) = cache.get(&key, &normalized.canonical) {
        return Ok(plan);
    }

    // Planning is CPU-bound; keep it off the threads that serve I/O.
    let planning_supergraph = supergraph.clone();
    let operation = normalized.operation_for_plan.clone();
    let plan = tokio::task::spawn_blocking(move || {
        planning_supergraph
            .data()
            .planner
            .plan_from_normalized_operation(
                &operation,
                PlannerOverrideContext::default(),
                &CancellationToken::with_timeout(PLANNING_TIMEOUT),
            )
    })
    .await
    .map_err(|err| PipelineError::Internal(format!("planning task failed: {err}")))?
    .map_err(|err| PipelineError::Internal(format!("planning failed: {err}")))?;

    let plan = Arc::new(plan);
    cache.insert(key, normalized.canonical.clone(), plan.clone());
    Ok(plan)
}
