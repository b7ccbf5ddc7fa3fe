//! A person with an account: candidate, employer, recruiter, hr manager or admin.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The address as the user typed it (trimmed).
    pub email: String,
    /// Lower-cased address: the unique key, so uniqueness is case-insensitive on both backends.
    #[sea_orm(unique)]
    pub email_normalized: String,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub first_name_kana: Option<String>,
    pub last_name_kana: Option<String>,
    pub role: String,
    pub status: String,
    pub language: String,
    pub privacy_consent_at: Option<DateTimeUtc>,
    pub marketing_consent: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub phone: Option<String>,
    /// IANA zone, `Asia/Tokyo` by default.
    pub timezone: String,
    pub bio: Option<String>,
    pub website: Option<String>,
    /// JSON array of channel names (`email`, `push`, `sms`, `line`); null means the default.
    pub notification_channels: Option<Json>,
    pub email_verified_at: Option<DateTimeUtc>,
    pub mfa_enabled: bool,
    /// Consecutive failed logins since the last success.
    pub failed_login_count: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub last_login_at: Option<DateTimeUtc>,
    pub marketing_consent_at: Option<DateTimeUtc>,
    pub password_changed_at: Option<DateTimeUtc>,
    /// Set once profile completeness first reaches 1.0 (`user.profile_completed`).
    pub profile_completed_at: Option<DateTimeUtc>,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_one = "super::candidate_profile::Entity")]
    CandidateProfile,
}

impl Related<super::candidate_profile::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CandidateProfile.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
