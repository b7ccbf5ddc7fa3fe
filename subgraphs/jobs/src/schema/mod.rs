//! The jobs subgraph's GraphQL schema (Federation v2): `JobPosting` is its entity; `Company`
//! (owned by the users subgraph) gains its postings here; `User` is referenced by key only.

mod analytics;
mod application;
mod application_operations;
mod application_subscriptions;
mod audit;
mod company;
mod compliance_types;
mod dead_letters;
mod interview;
mod job_posting;
mod loaders;
mod mutations;
mod offer;
mod pages;
mod posting_inputs;
mod queries;
mod search;
mod search_reading;
mod subscriptions;
mod viewer;

pub use company::Company;
pub use job_posting::{JobPosting, User};

use crate::service::JobsService;
use analytics::AnalyticsMutations;
use application_operations::{ApplicationMutations, ApplicationQueries};
use application_subscriptions::ApplicationSubscription;
use async_graphql::Schema;
use async_graphql::dataloader::DataLoader;
use async_graphql::{MergedObject, MergedSubscription};
use audit::AuditQueries;
use dead_letters::{DeadLetterMutations, DeadLetterQueries};
use interview::InterviewMutations;
use loaders::JobPostingLoader;
use mutations::PostingMutations;
use offer::OfferMutations;
use queries::PostingQueries;
use search::SearchQueries;
use subscriptions::PostingSubscription;

#[derive(MergedObject, Default)]
pub struct Query(
    PostingQueries,
    SearchQueries,
    ApplicationQueries,
    AuditQueries,
    DeadLetterQueries,
);

#[derive(MergedSubscription, Default)]
pub struct Subscription(PostingSubscription, ApplicationSubscription);

#[derive(MergedObject, Default)]
pub struct Mutation(
    PostingMutations,
    ApplicationMutations,
    InterviewMutations,
    OfferMutations,
    AnalyticsMutations,
    DeadLetterMutations,
);

pub type JobsSchema = Schema<Query, Mutation, Subscription>;

pub fn build_schema(service: JobsService) -> JobsSchema {
    kit::operation_limits::protect(Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    ))
    .enable_federation()
    .enable_subscription_in_federation()
    .extension(kit::live::EventIds)
    .data(DataLoader::new(
        JobPostingLoader(service.db().clone()),
        tokio::spawn,
    ))
    .data(service)
    .finish()
}

/// The subgraph's SDL as the router's composition reads it.
pub fn sdl() -> String {
    Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .enable_federation()
    .enable_subscription_in_federation()
    .finish()
    .sdl_with_options(async_graphql::SDLExportOptions::new().federation())
}
