//! Matching's copy of a candidate's scoring inputs, built from `candidate.profile_updated` events.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "match_candidates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub skills: Json,
    pub jlpt_level: Option<String>,
    pub visa_status: Option<String>,
    pub years_experience: i32,
    /// False while the account is deactivated: no matches are kept or made.
    pub active: bool,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
