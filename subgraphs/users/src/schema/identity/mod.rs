//! The identity half of the schema: sign-up, sign-in (with MFA) and sessions, e-mail
//! verification, passwords and MFA enrolment, administration (users, roles, audit log,
//! signing keys) and the `userStatusChanged` subscription. Kept apart from `profiles` for the
//! same reason as `service::identity`: these resolvers are the security surface, where
//! credentials, tokens and permissions cross the API, and they are reviewed on their own.

pub(super) mod account_mutations;
pub(super) mod admin;
mod auth_types;
pub(super) mod credential_mutations;
pub(super) mod sessions;
pub(super) mod subscriptions;
