//! What resolvers need from the request: the verified caller and where the request came from.

use crate::service::Origin;
use async_graphql::Context;
use kit::ApiResult;
use kit::auth::{AuthenticatedUser, Caller, ClientInfo};

/// The signed-in caller, or `UNAUTHENTICATED`.
pub fn signed_in<'a>(ctx: &'a Context<'_>) -> ApiResult<&'a AuthenticatedUser> {
    ctx.data_opt::<Caller>()
        .unwrap_or(&Caller::Anonymous)
        .require_user()
}

pub fn caller<'a>(ctx: &'a Context<'_>) -> &'a Caller {
    ctx.data_opt::<Caller>().unwrap_or(&Caller::Anonymous)
}

/// Client IP and user agent for sessions and the audit log.
pub fn origin(ctx: &Context<'_>) -> Origin {
    ctx.data_opt::<ClientInfo>()
        .map(|client| Origin {
            ip: client.ip.map(|ip| ip.to_string()),
            user_agent: client.user_agent.clone(),
        })
        .unwrap_or_default()
}
