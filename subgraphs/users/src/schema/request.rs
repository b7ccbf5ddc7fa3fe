//! What resolvers need from the request: the verified caller, where the request came from,
//! and the bounds on the free-form strings that reach the identity flows. Secrets and codes
//! are hashed or compared, addresses looked up; bounding them first keeps a megabyte "password"
//! from being hashed at all and gives every such field an error that names its limit.

use crate::service::Origin;
use async_graphql::Context;
use kit::auth::{AuthenticatedUser, Caller, ClientInfo};
use kit::{ApiError, ApiResult};

/// RFC 5321's bound on a whole address.
pub const MAX_EMAIL: usize = 254;
/// Registration takes at most 128 characters, so a longer password matches no account.
pub const MAX_PASSWORD: usize = 128;
/// Refresh tokens and mailed codes we issue are 43 characters; anything longer is not ours.
pub const MAX_TOKEN: usize = 256;
/// The MFA ticket is a signed token of about 400 characters.
pub const MAX_TICKET: usize = 2048;
/// Second-factor codes: six digits or a backup code.
pub const MAX_CODE: usize = 64;

/// `BAD_USER_INPUT` naming the first `(field, value, limit)` whose value is longer than its
/// limit; absent values pass.
pub fn bounded(fields: &[(&str, Option<&str>, usize)]) -> ApiResult<()> {
    fields
        .iter()
        .filter_map(|(field, value, max)| value.map(|value| (field, value, max)))
        .try_for_each(|(field, value, max)| kit::error::check_chars(field, value, *max))
}

/// The signed-in caller, or `UNAUTHENTICATED`.
pub fn signed_in<'a>(ctx: &'a Context<'_>) -> ApiResult<&'a AuthenticatedUser> {
    ctx.data_opt::<Caller>()
        .unwrap_or(&Caller::Anonymous)
        .require_user()
        .map_err(ApiError::from)
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
