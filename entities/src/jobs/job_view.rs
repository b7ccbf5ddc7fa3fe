//! One viewer's view of a posting on a day, as a salted hash (see the jobs subgraph's
//! `analytics::views`): it makes a second view that day not count.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_views")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub job_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    /// Hex SHA-256 of the day's salt and the viewer.
    #[sea_orm(primary_key, auto_increment = false)]
    pub viewer: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
