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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
