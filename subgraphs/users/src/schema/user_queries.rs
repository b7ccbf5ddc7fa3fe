//! Queries and the federation entity resolver for `User`.

use super::User;
use super::loaders::UserLoader;
use super::request::caller;
use crate::service::UserStatus;
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result};
use contracts::Permission;
use kit::auth::Caller;

#[derive(Default)]
pub struct UserQueries;

#[Object]
impl UserQueries {
    /// The signed-in user; null for anonymous requests.
    async fn me(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        match caller(ctx) {
            Caller::Anonymous => Ok(None),
            Caller::User(user) => {
                let loader = ctx.data::<DataLoader<UserLoader>>()?;
                Ok(loader.load_one(user.user_id).await?.map(User::public))
            }
        }
    }

    /// A user's public card (name, role); private fields need to be the user or an admin. An
    /// account whose address is not verified yet is null to everyone else (so the answer to a
    /// sign-up tells a stranger nothing about whether the address already had an account).
    async fn user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The user's id.")] id: ID,
    ) -> Result<Option<User>> {
        load_user(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_user_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<User>> {
        load_user(ctx, &id).await
    }
}

pub(super) async fn load_user(ctx: &Context<'_>, id: &ID) -> Result<Option<User>> {
    let id = kit::ids::parse_id(id, "id")?;
    let loader = ctx.data::<DataLoader<UserLoader>>()?;
    let Some(found) = loader.load_one(id).await? else {
        return Ok(None);
    };
    let pending = found.status == UserStatus::PendingVerification.as_str();
    let may_see = match caller(ctx) {
        Caller::User(user) => {
            user.user_id == found.id || user.has_permission(Permission::UsersRead)
        }
        Caller::Anonymous => false,
    };
    Ok((!pending || may_see).then(|| User::public(found)))
}
