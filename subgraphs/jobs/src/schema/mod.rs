//! The jobs subgraph's GraphQL schema (Federation v2): `Company` and `JobPosting` are
//! entities keyed by `id`; `User` is referenced by key only (the users subgraph resolves it).

mod company;
mod job_posting;
mod loaders;
mod mutations;
mod queries;
mod subscriptions;

pub use company::Company;
pub use job_posting::{JobPosting, User};

use crate::service::JobsService;
use async_graphql::Schema;
use async_graphql::dataloader::DataLoader;
use loaders::{CompanyLoader, JobPostingLoader};
use mutations::Mutation;
use queries::Query;
use subscriptions::Subscription;

pub type JobsSchema = Schema<Query, Mutation, Subscription>;

pub fn build_schema(service: JobsService) -> JobsSchema {
    kit::operation_limits::protect(Schema::build(Query, Mutation, Subscription))
        .enable_federation()
        .enable_subscription_in_federation()
        .data(DataLoader::new(
            CompanyLoader(service.db().clone()),
            tokio::spawn,
        ))
        .data(DataLoader::new(
            JobPostingLoader(service.db().clone()),
            tokio::spawn,
        ))
        .data(service)
        .finish()
}

/// The subgraph's SDL as the router's composition reads it.
pub fn sdl() -> String {
    Schema::build(Query, Mutation, Subscription)
        .enable_federation()
        .enable_subscription_in_federation()
        .finish()
        .sdl_with_options(async_graphql::SDLExportOptions::new().federation())
}
