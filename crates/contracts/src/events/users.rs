//! Events of the users subgraph: accounts, sessions and candidate profiles.

use super::{EventName, one_name};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `user.created`: an account exists (self-registered, or the bootstrap administrator).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserCreated {
    pub user_id: Uuid,
    pub role: String,
    pub language: String,
}

/// `user.updated`: fields of the account or its profile changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserUpdated {
    pub user_id: Uuid,
    #[serde(default)]
    pub changed_fields: Vec<String>,
    /// The profile's completeness after the change, when the profile changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_completeness: Option<f64>,
}

/// `user.activated` / `user.deactivated`: the account's status changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserStatusChanged {
    pub user_id: Uuid,
    /// `ACTIVE` is published as `user.activated`, any other status as `user.deactivated`.
    pub status: crate::UserStatus,
}

impl super::EventPayload for UserStatusChanged {
    const NAMES: &'static [EventName] = &[EventName::UserActivated, EventName::UserDeactivated];

    fn name(&self) -> EventName {
        if self.status == crate::UserStatus::Active {
            EventName::UserActivated
        } else {
            EventName::UserDeactivated
        }
    }
}

/// `user.deleted`: the account was anonymised at its owner's request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDeleted {
    pub user_id: Uuid,
    pub role: String,
    pub deleted_at: DateTime<Utc>,
}

/// `user.email_verified`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserEmailVerified {
    pub user_id: Uuid,
    pub email: String,
}

/// `user.login`: a session started (`method`: how the user proved who they are).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserLogin {
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub method: String,
}

/// `user.logout`: the user ended these sessions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserLogout {
    pub user_id: Uuid,
    #[serde(default)]
    pub sessions: Vec<Uuid>,
}

/// `user.mfa_enabled`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserMfaEnabled {
    pub user_id: Uuid,
}

/// `user.password_changed`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserPasswordChanged {
    pub user_id: Uuid,
}

/// `user.profile_completed`: the profile reached completeness for the first time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserProfileCompleted {
    pub user_id: Uuid,
    pub completed_at: DateTime<Utc>,
}

/// `user.security_violation`, e.g. `kind: "refresh_token_reuse"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSecurityViolation {
    pub user_id: Uuid,
    pub kind: String,
    pub session_id: Uuid,
    pub ip: Option<String>,
}

/// A language on a candidate's profile: JLPT `N1`–`N5` for Japanese, CEFR `A1`–`C2` for
/// others, or `native`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateLanguage {
    pub language: String,
    pub level: crate::LanguageSkillLevel,
}

/// `candidate.profile_updated`: what matching scores a candidate on, after any change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CandidateProfileUpdated {
    pub user_id: Uuid,
    #[serde(default)]
    pub skills: Vec<String>,
    pub jlpt_level: Option<crate::JlptLevel>,
    pub visa_status: Option<String>,
    #[serde(default)]
    pub years_experience: i32,
    #[serde(default)]
    pub soft_skills: Vec<String>,
    #[serde(default)]
    pub languages: Vec<CandidateLanguage>,
    #[serde(default)]
    pub work_authorization: bool,
    #[serde(default)]
    pub work_style: Option<String>,
    #[serde(default)]
    pub desired_salary_min: Option<i32>,
    #[serde(default)]
    pub desired_salary_max: Option<i32>,
    #[serde(default)]
    pub preferred_locations: Vec<String>,
    #[serde(default)]
    pub preferred_industries: Vec<String>,
    #[serde(default)]
    pub current_city: Option<String>,
    /// The role the candidate looks for, in their words ("backend engineer").
    #[serde(default)]
    pub desired_role: Option<String>,
    /// Free text about past work; matching embeds it with the skills and desired role.
    #[serde(default)]
    pub experience_summary: Option<String>,
    #[serde(default)]
    pub willing_to_relocate: bool,
    /// Who may see the candidate: `hidden`, `anonymous` (also when absent) or `visible`.
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub changed_fields: Vec<String>,
    /// The saved version of the profile this change made (1, 2, …); absent from events
    /// raised before profiles were versioned.
    #[serde(default)]
    pub profile_version: Option<i32>,
}

one_name! {
    UserCreated => UserCreated,
    UserUpdated => UserUpdated,
    UserDeleted => UserDeleted,
    UserEmailVerified => UserEmailVerified,
    UserLogin => UserLogin,
    UserLogout => UserLogout,
    UserMfaEnabled => UserMfaEnabled,
    UserPasswordChanged => UserPasswordChanged,
    UserProfileCompleted => UserProfileCompleted,
    UserSecurityViolation => UserSecurityViolation,
    CandidateProfileUpdated => CandidateProfileUpdated,
}
