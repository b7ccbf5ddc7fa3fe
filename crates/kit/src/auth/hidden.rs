//! What a field only some callers may read answers to the others.
//!
//! A client lists many items at once: an employer pages through public postings with their
//! `matches`, a reviewer through companies with their `members`. An error per item it may not
//! read would make Apollo Client's and urql's default error policy throw the whole page away,
//! so such fields read **null, without an error**, to a signed-in caller who may not read them,
//! and the list keeps what the caller may see. Nobody signed in is told to sign in
//! (`UNAUTHENTICATED`): that is the client's mistake, not a question of which item. That error
//! makes only the field null, its object kept ([`crate::field_errors`]).

use super::{Caller, CallerOf};
use crate::ApiError;
use async_graphql::Context;

/// The answer of a field the caller may not read on this item: `Ok(None)` to a signed-in
/// caller, `UNAUTHENTICATED` to an anonymous one.
pub fn hidden<T>(ctx: &Context<'_>) -> Result<Option<T>, ApiError> {
    match Caller::of(ctx) {
        Caller::User(_) => Ok(None),
        Caller::Anonymous => Err(ApiError::Unauthenticated),
    }
}
