//! Profiles and privacy: what users say about themselves and their companies, and their rights
//! over that data. The user's own profile and preferences, candidate profiles (their data and
//! rules), company profiles and members (their rules), profile completeness, visa statuses,
//! the field-by-field change rules these share, and data export and account deletion.
//!
//! It is kept apart from `identity` because it is ordinary domain data: its own rules, its own
//! events (`user.updated`, `candidate.profile_updated`, `company.*`) read by other subgraphs,
//! and changes driven by the product rather than by security. It builds on identity (the audit
//! trail, roles, ending sessions when an account is erased); identity does not depend on it.

mod account_deletion;
pub(super) mod candidate_profile_data;
pub(super) mod candidate_profile_rules;
pub(super) mod candidate_profiles;
pub(super) mod companies;
pub(super) mod company_invitation_pages;
pub(super) mod company_invitations;
pub(super) mod company_members;
pub(super) mod company_rules;
pub(super) mod company_verification;
pub mod completeness;
mod data_export;
pub(super) mod disclosures;
mod field_changes;
pub(super) mod preferences;
mod profile_rules;
pub(super) mod profile_versions;
pub(super) mod user_profile;
pub(super) mod verification_evidence;
mod visa_statuses;
