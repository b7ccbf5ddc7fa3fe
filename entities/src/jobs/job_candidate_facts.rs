//! The jobs subgraph's copy of a candidate's right to work (from `candidate.profile_updated`):
//! what an offer's visa check needs and the latest saved version of the profile, nothing else
//! of the profile.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_candidate_facts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub candidate_id: Uuid,
    /// Status-of-residence code, as the candidate stated it.
    pub visa_status: Option<String>,
    /// The candidate declared they may work in Japan.
    pub work_authorization: bool,
    pub updated_at: DateTimeUtc,
    /// The latest saved version of the candidate's profile seen: what an application sends by
    /// default, and the highest it may choose.
    pub profile_version: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
