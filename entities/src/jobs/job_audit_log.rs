//! Who did what to which posting and when. `actor_id` is empty when the system acted (a
//! posting closed at its deadline).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_audit_logs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub actor_id: Option<Uuid>,
    /// e.g. `job_posting_created`, `job_posting_updated`, `job_posting_published`.
    pub action: String,
    /// The posting.
    pub target_id: Uuid,
    pub company_id: Uuid,
    pub details: Json,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
