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
