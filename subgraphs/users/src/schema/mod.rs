//! The users subgraph's GraphQL schema (Federation v2): `User` is an entity keyed by `id`.
//! Operations are grouped by concept, one file each, merged into the root types here.

mod account_mutations;
mod admin;
mod auth_types;
mod credential_mutations;
mod loaders;
mod queries;
mod request;
mod session_mutations;
mod subscriptions;
mod user;
// Profiles and privacy.
mod candidate_profile;
mod candidate_profile_mutations;
mod company_mutations;
mod company_profile;
mod privacy_mutations;
mod profile_loaders;
mod profile_mutations;

pub use user::User;

use crate::service::UsersService;
use account_mutations::AccountMutations;
use admin::{AdminMutations, AdminQueries};
use async_graphql::dataloader::DataLoader;
use async_graphql::{MergedObject, Schema};
use credential_mutations::CredentialMutations;
use loaders::{CandidateProfileLoader, UserLoader, UserRolesLoader};
use queries::UserQueries;
use session_mutations::{SessionMutations, SessionQueries};
use subscriptions::Subscription;
// Profiles and privacy.
use candidate_profile_mutations::{CandidateProfileMutations, CandidateProfileQueries};
use company_mutations::{CompanyMutations, CompanyQueries};
use privacy_mutations::PrivacyMutations;
use profile_loaders::{CompanyMembersLoader, CompanyProfileLoader, MembershipsLoader};
use profile_mutations::ProfileMutations;

#[derive(MergedObject, Default)]
pub struct Query(
    UserQueries,
    SessionQueries,
    AdminQueries,
    CandidateProfileQueries,
    CompanyQueries,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    AccountMutations,
    SessionMutations,
    CredentialMutations,
    AdminMutations,
    ProfileMutations,
    CandidateProfileMutations,
    CompanyMutations,
    PrivacyMutations,
);

pub type UsersSchema = Schema<Query, Mutation, Subscription>;

pub fn build_schema(service: UsersService) -> UsersSchema {
    let db = service.db().clone();
    kit::operation_limits::protect(Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription,
    ))
    .enable_federation()
    .enable_subscription_in_federation()
    .data(DataLoader::new(UserLoader(db.clone()), tokio::spawn))
    .data(DataLoader::new(UserRolesLoader(db.clone()), tokio::spawn))
    .data(DataLoader::new(
        CandidateProfileLoader(db.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(
        CompanyProfileLoader(db.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(
        CompanyMembersLoader(db.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(MembershipsLoader(db), tokio::spawn))
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
