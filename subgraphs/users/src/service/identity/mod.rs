//! Identity: who a user is and what they may do. Accounts and sign-up, e-mail verification,
//! passwords (hashing, policy, change and reset, one-time codes), sign-in with throttling and
//! lockout, sessions and refresh tokens, access tokens and their signing keys, MFA, roles and
//! permissions, account status, administration, the audit trail, mail, the first
//! administrator, and the secrets sealed at rest.
//!
//! It is kept apart from `profiles` because it is the security boundary: what is here decides
//! whether a request comes from who it claims and what it may touch, so it is reviewed and
//! changed on its own terms. It depends on nothing in `profiles`; profiles build on it (the
//! audit trail, roles, ending sessions when an account is erased), never the other way round.

pub(super) mod admin;
pub(super) mod audit;
pub(super) mod bootstrap;
mod credentials;
pub(super) mod links;
mod lockout_notice;
pub(super) mod login;
pub(super) mod mail;
pub(super) mod mfa;
mod one_time_codes;
pub(super) mod password;
mod password_policy;
pub(super) mod rate_limit;
pub mod rbac;
pub(super) mod registration;
pub(super) mod roles;
pub mod sealed_secrets;
pub(super) mod sessions;
mod status;
pub(super) mod tokens;
mod verification;
