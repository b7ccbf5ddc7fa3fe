//! A saved version of a candidate's profile: the whole profile as it was after one change,
//! numbered from 1 per candidate. An application sends one version; the company reads it as
//! sent.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "candidate_profile_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    /// The profile's values, as the users subgraph's `CandidateProfileData` serialises them.
    pub data: Json,
    /// The names of the fields this version changed, as a JSON array of strings.
    pub changed_fields: Json,
    pub saved_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
