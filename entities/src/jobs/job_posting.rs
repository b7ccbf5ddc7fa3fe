//! A job offer with bilingual text, its requirements and its lifecycle status.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "job_postings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub company_id: Uuid,
    /// The users-subgraph id of the member who created it.
    pub posted_by_id: Uuid,
    pub title: String,
    pub title_ja: Option<String>,
    pub description: String,
    pub description_ja: Option<String>,
    pub location: String,
    pub location_ja: Option<String>,
    pub employment_type: String,
    pub remote_option: String,
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    pub currency: String,
    /// Lower-cased skill names, as a JSON array of strings.
    pub required_skills: Json,
    pub min_experience_years: i32,
    pub jlpt_required: Option<String>,
    pub visa_sponsorship: bool,
    pub department: Option<String>,
    /// `entry` … `executive`.
    pub job_level: Option<String>,
    /// A job category of the compliance rules, e.g. `software_engineering`, `nursing_care`.
    pub job_category: Option<String>,
    /// Lower-cased skill names, as a JSON array of strings.
    pub preferred_skills: Option<Json>,
    /// JSON array of `{language, level}` (languages other than Japanese).
    pub language_requirements: Option<Json>,
    /// JSON array of status-of-residence names the posting sponsors.
    pub supported_visa_types: Option<Json>,
    /// JSON array of strings.
    pub benefits: Option<Json>,
    /// `none`, `high_school`, `vocational`, `associate`, `bachelor`, `master`, `doctorate`.
    pub education: Option<String>,
    pub start_date: Option<Date>,
    /// Published postings close themselves when it passes.
    pub application_deadline: Option<DateTimeUtc>,
    pub relocation_support: bool,
    /// Prefecture code, e.g. `tokyo`.
    pub prefecture: Option<String>,
    pub city: Option<String>,
    /// `hourly`, `monthly` or `yearly`: what `salary_min`/`salary_max` are per.
    pub salary_period: String,
    pub weekly_hours: Option<f64>,
    /// Whether the work includes night shifts; null when the posting does not say.
    pub night_shifts: Option<bool>,
    pub headcount: i32,
    /// JSON array of the screening questions candidates answer when applying (at most 10).
    pub screening_questions: Option<Json>,
    pub status: String,
    pub published_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::company::Entity",
        from = "Column::CompanyId",
        to = "super::company::Column::Id"
    )]
    Company,
}

impl Related<super::company::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Company.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
