//! The users subgraph's GraphQL schema (Federation v2): `User` is an entity keyed by `id`.

mod loaders;
mod mutations;
mod queries;
mod user;

pub use user::User;

use crate::service::UsersService;
use async_graphql::dataloader::DataLoader;
use async_graphql::{EmptySubscription, Schema};
use loaders::{CandidateProfileLoader, UserLoader};
use mutations::Mutation;
use queries::Query;

pub type UsersSchema = Schema<Query, Mutation, EmptySubscription>;

pub fn build_schema(service: UsersService) -> UsersSchema {
    let db = service.db().clone();
    Schema::build(Query, Mutation, EmptySubscription)
        .enable_federation()
        .enable_subscription_in_federation()
        .data(DataLoader::new(UserLoader(db.clone()), tokio::spawn))
        .data(DataLoader::new(CandidateProfileLoader(db), tokio::spawn))
        .data(service)
        .finish()
}

/// The subgraph's SDL as the router's composition reads it.
pub fn sdl() -> String {
    Schema::build(Query, Mutation, EmptySubscription)
        .enable_federation()
        .enable_subscription_in_federation()
        .finish()
        .sdl_with_options(async_graphql::SDLExportOptions::new().federation())
}
