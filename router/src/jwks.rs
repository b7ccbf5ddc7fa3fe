//! `GET /.well-known/jwks.json`: the users subgraph's public keys, republished at the one
//! public endpoint so clients and partners can verify tokens without reaching a subgraph.
//! Served from the verifier's key cache (fetched when it has none or it is old).
//!
//! A router composed without a `users` subgraph and without `JWKS_URL` has no key set: it
//! still starts and serves anonymous requests, and [`UnconfiguredJwks`] makes every request
//! that carries a token fail as "cannot be checked" rather than pass unverified.

use crate::state::SharedState;
use access::{AuthError, JwkSet, JwksSource};
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::CACHE_CONTROL;

pub const JWKS_PATH: &str = "/.well-known/jwks.json";

pub async fn jwks(State(state): State<SharedState>) -> Response {
    match state.verifier.jwks().await {
        // Short: clients must see a rotated-in key soon after the router does.
        Ok(set) => ([(CACHE_CONTROL, "public, max-age=60")], Json(&*set)).into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "cannot serve the key set");
            let body = serde_json::json!({"error": "signing keys are temporarily unavailable"});
            (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
    }
}

/// The key source of a router that has none configured.
pub struct UnconfiguredJwks;

#[async_trait::async_trait]
impl JwksSource for UnconfiguredJwks {
    async fn fetch(&self) -> Result<JwkSet, AuthError> {
        Err(AuthError::KeysUnavailable(
            "no JWKS_URL is set and the supergraph has no users subgraph".to_owned(),
        ))
    }
}
