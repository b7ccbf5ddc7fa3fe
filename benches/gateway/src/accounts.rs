//! The accounts subgraph: owns `User` (`@key(fields: "id")`) and the root fields `me`,
//! `user(id:)` and `users`.

use crate::batch_loader::{BatchCounter, BatchLoader, batch_loader, load_one};
use crate::data::{self, USERS, UserRow};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, EmptyMutation, EmptySubscription, ID, Object, Schema};
use std::sync::Arc;

pub type AccountsSchema = Schema<Query, EmptyMutation, EmptySubscription>;

pub struct User(UserRow);

#[Object]
impl User {
    async fn id(&self) -> ID {
        ID(self.0.id.to_owned())
    }

    async fn name(&self) -> Option<&str> {
        Some(self.0.name)
    }

    async fn username(&self) -> Option<&str> {
        Some(self.0.username)
    }

    async fn birthday(&self) -> Option<i32> {
        Some(self.0.birthday)
    }
}

type UserLoader = DataLoader<BatchLoader<String, UserRow>>;

pub struct Query;

#[Object]
impl Query {
    /// The signed-in user; the benchmark has no sessions, so always the first user.
    async fn me(&self) -> Option<User> {
        USERS.first().copied().map(User)
    }

    async fn user(&self, id: ID) -> Option<User> {
        data::user_by_id(&id).copied().map(User)
    }

    async fn users(&self) -> Option<Vec<Option<User>>> {
        Some(USERS.into_iter().map(|user| Some(User(user))).collect())
    }

    #[graphql(entity)]
    async fn user_by_id(&self, ctx: &Context<'_>, id: ID) -> Option<User> {
        load_one(ctx.data_unchecked::<UserLoader>(), id.0)
            .await
            .map(User)
    }
}

/// The schema and the counter of its entity batches.
pub fn schema() -> (AccountsSchema, Arc<BatchCounter>) {
    let (users, counter) = batch_loader(|id: &String| data::user_by_id(id).copied());
    let schema = Schema::build(Query, EmptyMutation, EmptySubscription)
        .enable_federation()
        .data(users)
        .finish();
    (schema, counter)
}
