//! Each step of an application: from which status to which, who moved it (`actor`: candidate,
//! company or system, and the member's id), the rejection reason, the message meant for the
//! candidate and the company's internal note (never shown to the candidate).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_application_history")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    /// None for the submission.
    pub from_status: Option<String>,
    pub to_status: String,
    /// `contracts::ApplicationActor` wire name.
    pub actor: String,
    pub actor_id: Option<Uuid>,
    pub reason: Option<String>,
    /// For the candidate.
    pub message: Option<String>,
    /// For the company's members only.
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
