//! `/health`: the router answers while it has a supergraph, which it always has once started
//! (a failed reload keeps the previous one), so liveness is enough here.

use axum::Json;
use serde_json::{Value, json};

pub async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}
