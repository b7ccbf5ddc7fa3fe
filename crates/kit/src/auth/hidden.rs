//! What a field only some callers may read answers to the others.
//!
//! A client lists many items at once: an employer pages through public postings with their
//! `matches`, a reviewer through companies with their `members`. An error per item it may not
//! read would make Apollo Client's and urql's default error policy throw the whole page away,
//! so such fields read **null, without an error**, to a signed-in caller who may not read them,
//! and the list keeps what the caller may see. Nobody signed in is told to sign in
//! (`UNAUTHENTICATED`): that is the client's mistake, not a question of which item.
//!
//! That error is added to the response beside a null field rather than returned: a field error
//! returned from a resolver makes async-graphql leave the field out of its object, and an
//! object with every selected field left out reads null itself, which the GraphQL spec does not
//! allow for a nullable field's error (the company would vanish, not only its members).

use super::{Caller, CallerOf};
use crate::ApiError;
use async_graphql::Context;

/// The answer of a field the caller may not read on this item: null, with an
/// `UNAUTHENTICATED` error at the field's path for an anonymous caller.
pub fn hidden<T>(ctx: &Context<'_>) -> Option<T> {
    if let Caller::Anonymous = Caller::of(ctx) {
        let error =
            async_graphql::Error::from(ApiError::Unauthenticated).into_server_error(ctx.item.pos);
        ctx.add_error(ctx.set_error_path(error));
    }
    None
}
