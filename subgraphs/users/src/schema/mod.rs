//! The users subgraph's GraphQL schema (Federation v2): `User` is an entity keyed by `id`.
//! Operations are grouped by concept, one file each, merged into the root types here.
//!
//! Like the service, the resolvers are split by domain: `identity` (sign-up, sign-in and
//! sessions, credentials and MFA, administration, `userStatusChanged`) and `profiles`
//! (profiles, candidate and company profiles, privacy). The `User` entity, its queries and
//! loaders, and what every resolver reads from the request stay here, shared by both.

mod dead_letters;
mod identity;
mod loaders;
mod nodes;
mod profiles;
mod request;
mod user;
mod user_queries;

pub use user::User;

use crate::service::UsersService;
use async_graphql::dataloader::DataLoader;
use async_graphql::{MergedObject, Schema};
use dead_letters::{DeadLetterMutations, DeadLetterQueries};
use identity::account_mutations::AccountMutations;
use identity::admin::{AdminMutations, AdminQueries};
use identity::credential_mutations::CredentialMutations;
use identity::sessions::{SessionMutations, SessionQueries};
use identity::subscriptions::Subscription;
use loaders::{UserLoader, UserRolesLoader};
use user_queries::UserQueries;
// Profiles and privacy.
use profiles::candidate_profile_operations::{CandidateProfileMutations, CandidateProfileQueries};
use profiles::company_invitation_operations::{
    CompanyInvitationMutations, CompanyInvitationQueries,
};
use profiles::company_operations::{CompanyMutations, CompanyQueries};
use profiles::company_verification_operations::{
    CompanyVerificationMutations, CompanyVerificationQueries,
};
use profiles::loaders::{
    CandidateAccessLoader, CandidateProfileLoader, CompanyMembersLoader, CompanyProfileLoader,
    MembershipsLoader,
};
use profiles::privacy_mutations::PrivacyMutations;
use profiles::profile_mutations::ProfileMutations;
use profiles::profile_versions::{ProfileVersionQueries, SavedVersionLoader, SentProfileLoader};

#[derive(MergedObject, Default)]
pub struct Query(
    UserQueries,
    nodes::NodeQueries,
    SessionQueries,
    AdminQueries,
    CandidateProfileQueries,
    ProfileVersionQueries,
    CompanyQueries,
    CompanyInvitationQueries,
    CompanyVerificationQueries,
    DeadLetterQueries,
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
    CompanyInvitationMutations,
    CompanyVerificationMutations,
    PrivacyMutations,
    DeadLetterMutations,
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
    .extension(kit::live::EventIds)
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
    .data(DataLoader::new(
        CandidateAccessLoader(service.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(
        SentProfileLoader(service.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(
        SavedVersionLoader(service.clone()),
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
