//! What a candidate brings: skills, languages, visa situation, salary expectations and
//! preferences. One row per candidate user, keyed by the user's id.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "candidate_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// ISO 3166-1 alpha-2 code.
    pub nationality: Option<String>,
    /// ISO 3166-1 alpha-2 code of where the candidate lives now.
    pub current_country: Option<String>,
    /// Status of residence, e.g. `engineer_humanities_international`.
    pub visa_status: Option<String>,
    /// The Japanese level matching scores from: `N1`..`N5`, derived from `languages`.
    pub jlpt_level: Option<String>,
    pub years_experience: i32,
    /// Lower-cased technical skill names, as a JSON array of strings.
    pub skills: Json,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub current_city: Option<String>,
    pub visa_expiry_date: Option<Date>,
    pub work_authorization: bool,
    /// Annual, in JPY.
    pub current_salary_min: Option<i32>,
    pub current_salary_max: Option<i32>,
    /// Annual, in JPY.
    pub desired_salary_min: Option<i32>,
    pub desired_salary_max: Option<i32>,
    pub availability_date: Option<Date>,
    /// JSON array of strings; null reads as empty.
    pub soft_skills: Option<Json>,
    /// JSON array of `{"language": "ja", "level": "N2"}`; null reads as empty.
    pub languages: Option<Json>,
    /// JSON array of strings; null reads as empty.
    pub certifications: Option<Json>,
    /// JSON array of strings; null reads as empty.
    pub preferred_locations: Option<Json>,
    /// JSON array of strings; null reads as empty.
    pub preferred_industries: Option<Json>,
    /// `remote`, `hybrid` or `office`.
    pub work_style: Option<String>,
    /// The role the candidate looks for, e.g. `Backend engineer`.
    pub desired_role: Option<String>,
    /// Free text about past work (a `text` column).
    pub experience_summary: Option<String>,
    pub willing_to_relocate: bool,
    /// `hidden`, `anonymous` or `visible`: who may see the candidate (see the users
    /// subgraph's `disclosures`).
    pub visibility: String,
    /// The current saved version (`candidate_profile_versions`); 0 for a profile not saved
    /// since versions were kept.
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id",
        on_delete = "Cascade"
    )]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
