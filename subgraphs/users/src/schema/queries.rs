//! Queries and the federation entity resolver for `User`.

use super::User;
use super::loaders::UserLoader;
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result};
use kit::ApiError;
use kit::auth::RequestAuth;

pub struct Query;

#[Object]
impl Query {
    /// The signed-in user; null for anonymous requests.
    async fn me(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let auth = ctx.data_opt::<RequestAuth>();
        match auth.and_then(|auth| auth.authorization.as_ref()) {
            None => Ok(None),
            // No credential can be valid until this service issues tokens.
            Some(_) => Err(ApiError::Unauthenticated.into()),
        }
    }

    async fn user(&self, ctx: &Context<'_>, id: ID) -> Result<Option<User>> {
        load_user(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_user_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<User>> {
        load_user(ctx, &id).await
    }
}

async fn load_user(ctx: &Context<'_>, id: &ID) -> Result<Option<User>> {
    let id = kit::ids::parse_id(id, "id")?;
    let loader = ctx.data::<DataLoader<UserLoader>>()?;
    Ok(loader.load_one(id).await?.map(User))
}
