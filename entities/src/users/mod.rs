//! Tables owned by the users subgraph.

pub mod audit_log;
pub mod backup_code;
pub mod candidate_application;
pub mod candidate_disclosure;
pub mod candidate_profile;
pub mod candidate_profile_version;
pub mod company_invitation;
pub mod company_member;
pub mod company_profile;
pub mod one_time_code;
pub mod password_history;
pub mod permission;
pub mod refresh_token;
pub mod role;
pub mod role_permission;
pub mod session;
pub mod signing_key;
pub mod totp_factor;
pub mod user;
pub mod user_role;
