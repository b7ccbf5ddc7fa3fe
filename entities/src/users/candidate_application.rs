//! The users subgraph's copy of a candidate's application to a company's posting (owned by the
//! jobs subgraph, copied from `application.submitted` and `application.status_changed`):
//! `shared` while the application stands (withdrawing takes it back). Decides, with the
//! company's verification, who reads the candidate's private fields.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "candidate_applications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub application_id: Uuid,
    pub candidate_id: Uuid,
    pub company_id: Uuid,
    pub job_id: Uuid,
    /// The application was not withdrawn: the company reads the private fields.
    pub shared: bool,
    /// The version of the candidate's profile the application sent, when it sent one.
    pub profile_version: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
