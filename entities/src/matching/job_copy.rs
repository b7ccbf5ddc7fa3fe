//! Matching's copy of a job posting's scoring inputs, built from `job.*` events.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "match_jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub job_id: Uuid,
    /// The posting's company: its members read the posting's matches.
    pub company_id: Option<Uuid>,
    pub required_skills: Json,
    pub min_experience_years: i32,
    pub jlpt_required: Option<String>,
    pub status: String,
    pub updated_at: DateTimeUtc,
    pub title: String,
    /// The rest of the posting the score and the gates read (`contracts::events::JobDetails`).
    pub details: Option<Json>,
    /// Which model and text produced the stored vector (see `candidate_copy`).
    pub embedding_model: Option<String>,
    pub embedding_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
