//! The profiles half of the schema: editing one's own profile and preferences, the
//! `CandidateProfile` and `Company` entities with their queries, mutations and loaders,
//! and the caller's privacy rights (data export, account deletion). Kept apart from `identity`
//! for the same reason as `service::profiles`: ordinary domain data with its own rules, read by
//! other subgraphs, and changed for product reasons rather than security ones.

pub(super) mod candidate_access;
pub(super) mod candidate_profile;
pub(super) mod candidate_profile_operations;
pub(super) mod company_invitation_operations;
pub(super) mod company_invitation_pages;
pub(super) mod company_members;
pub(super) mod company_operations;
pub(super) mod company_profile;
pub(super) mod company_verification_operations;
pub(super) mod loaders;
pub(super) mod privacy_mutations;
pub(super) mod profile_mutations;
pub(super) mod profile_versions;
