//! Authentication: the bearer token of every request (HTTP header, or on WebSockets
//! `connectionParams.Authorization`) is verified with the subgraphs' own verifier
//! (`access::TokenVerifier`: EdDSA only, JWKS cached and refetched on an unknown `kid`,
//! `exp`/`nbf`/`iss`/`aud`, the revocation list).
//!
//! No token is an anonymous request and passes: subgraphs decide what anonymous callers may
//! see. A token that does not verify ends the request with `UNAUTHENTICATED`, before any
//! parsing or subgraph call. A verified token becomes the executor's `JwtRequestDetails`, and
//! the original `Authorization` is forwarded to subgraphs, which verify it again.

use super::{ClientRequest, PipelineError};
use access::{AuthenticatedUser, Caller, TokenVerifier};
use hive_router_plan_executor::execution::client_request_details::JwtRequestDetails;
use std::sync::Arc;

/// Verifies `client`'s token, if any, and records the result in `client.jwt`.
pub async fn authenticate(
    verifier: &TokenVerifier,
    client: &mut ClientRequest,
) -> Result<(), PipelineError> {
    let caller = verifier
        .authenticate(client.authorization())
        .await
        .map_err(PipelineError::from)?;
    client.jwt = Arc::new(match caller {
        Caller::Anonymous => JwtRequestDetails::Unauthenticated,
        Caller::User(user) => jwt_details(&user)?,
    });
    Ok(())
}

fn jwt_details(user: &AuthenticatedUser) -> Result<JwtRequestDetails, PipelineError> {
    let claims = sonic_rs::to_value(&user.claims)
        .map_err(|err| PipelineError::Internal(format!("claims as JSON: {err}")))?;
    Ok(JwtRequestDetails::Authenticated {
        token: user.raw_token.clone(),
        prefix: Some("Bearer".to_owned()),
        claims,
        scopes: Some(user.permissions.clone()),
    })
}
