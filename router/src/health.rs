//! `/health/live`, `/health/ready` (and `/health`, an alias) and `/metrics` of the router.
//!
//! Live: the process answers. Ready: it has a supergraph (always, once started: a failed
//! reload keeps the previous one), it reached every subgraph in its last connection check
//! (`reachability.rs`, every two seconds) and it is not shutting down, so a load balancer stops
//! sending it requests while it drains or while it is cut off. The subgraphs' own readiness
//! says whether their stores answer.

use crate::state::SharedState;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::atomic::Ordering;

pub async fn live() -> Json<serde_json::Value> {
    Json(json!({"status": "ok"}))
}

pub async fn ready(State(state): State<SharedState>) -> Response {
    if state.stopping.load(Ordering::Relaxed) {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "stopping"})),
        )
            .into_response();
    }
    let reachability = state.reachability.report();
    let body = json!({
        "status": if reachability.ready { "ok" } else { "subgraphs unreachable" },
        "supergraphGeneration": state.supergraph.generation(),
        "subgraphs": reachability.subgraphs,
    });
    let status = if reachability.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

pub async fn metrics(State(state): State<SharedState>) -> Response {
    let operations = state.operations.stats().await;
    let instance = std::sync::Arc::as_ptr(&state.operations) as usize;
    state
        .metrics
        .record_cache_counts("operation", instance, operations.hits, operations.misses);
    let plans = state.plan_cache.stats();
    let instance = std::sync::Arc::as_ptr(&state.plan_cache) as usize;
    state
        .metrics
        .record_cache_counts("plan", instance, plans.hits, plans.misses);
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response()
}
