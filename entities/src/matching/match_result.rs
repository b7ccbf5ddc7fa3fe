//! One scored (job, candidate) pair; unique per pair and updated in place on recompute.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "matches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub job_id: Uuid,
    pub candidate_id: Uuid,
    /// Overall score in [0, 1].
    pub score: f64,
    pub skill_score: f64,
    /// The job's required skills the candidate has, as a JSON array of strings.
    pub matched_skills: Json,
    pub score_version: i32,
    /// The employer's workflow: `generated`, `viewed`, `shortlisted`, `contacted`, `rejected`.
    pub status: String,
    /// The candidate's answer: `interested` or `not_interested`.
    pub candidate_interest: Option<String>,
    pub viewed_by_company_at: Option<DateTimeUtc>,
    pub viewed_by_candidate_at: Option<DateTimeUtc>,
    /// Who last changed the status or the interest, and when.
    pub status_changed_by: Option<Uuid>,
    pub status_changed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The other score components, each in [0, 1] (`skill_score` is the first).
    pub experience_score: f64,
    pub language_score: f64,
    pub salary_score: f64,
    pub location_score: f64,
    pub semantic_score: f64,
    pub culture_score: f64,
    /// How complete the inputs were, in [0, 1].
    pub confidence: f64,
    /// `{"reasons": [...], "risks": [...]}`, each item a code with English and Japanese text.
    pub explanation: Option<Json>,
    /// The embedding model the semantic components came from.
    pub model_id: Option<String>,
    /// When the company first moved the match to `contacted`; kept when it moves on.
    pub contacted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
