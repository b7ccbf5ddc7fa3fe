//! The matching subgraph's GraphQL schema (Federation v2): `Match` is an entity; matching
//! extends `JobPosting` with `matches` and references `User` by key only.

mod dead_letters;
mod explanation;
mod loaders;
mod match_type;
mod model_status;
mod queries;
mod readers;
mod recommendations;
mod subscriptions;
mod workflow;

pub use match_type::{CandidateInterest, JobPosting, Match, MatchStatus, User};

use crate::service::MatchingService;
use async_graphql::dataloader::DataLoader;
use async_graphql::{MergedObject, Schema};
use dead_letters::{DeadLetterMutations, DeadLetterQueries};
use loaders::{
    CandidateChoiceLoader, MatchLoader, MatchesByJobLoader, PostingMemberLoader,
    VerifiedPostingLoader,
};
use model_status::ModelQueries;
use queries::MatchQueries;
use recommendations::{RecommendationMutations, RecommendationQueries};
use subscriptions::Subscription;
use workflow::WorkflowMutations;

#[derive(MergedObject, Default)]
pub struct Query(
    MatchQueries,
    RecommendationQueries,
    DeadLetterQueries,
    ModelQueries,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    RecommendationMutations,
    WorkflowMutations,
    DeadLetterMutations,
);

pub type MatchingSchema = Schema<Query, Mutation, Subscription>;

pub fn build_schema(service: MatchingService) -> MatchingSchema {
    let db = service.db().clone();
    kit::operation_limits::protect(Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription,
    ))
    .enable_federation()
    .enable_subscription_in_federation()
    .extension(kit::live::EventIds)
    .data(DataLoader::new(
        MatchesByJobLoader(db.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(MatchLoader(db), tokio::spawn))
    .data(DataLoader::new(
        PostingMemberLoader(service.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(
        CandidateChoiceLoader(service.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(
        VerifiedPostingLoader(service.clone()),
        tokio::spawn,
    ))
    .data(service)
    .finish()
}

/// The subgraph's SDL as the router's composition reads it.
pub fn sdl() -> String {
    Schema::build(Query::default(), Mutation::default(), Subscription)
        .enable_federation()
        .enable_subscription_in_federation()
        .finish()
        .sdl_with_options(async_graphql::SDLExportOptions::new().federation())
}
