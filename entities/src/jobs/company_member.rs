//! The jobs subgraph's read-copy of company memberships (owned by the users subgraph), kept
//! current from `company.member_*` and `user.deleted` events: who may write and see a
//! company's unpublished postings, decided without a call to the users subgraph.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_company_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub company_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// `employer`, `recruiter` or `hr_manager`.
    pub role: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
