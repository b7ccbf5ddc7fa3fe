//! Who did what to whom, from where, and whether it worked. Kept when accounts are deleted.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_logs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub actor_id: Option<Uuid>,
    /// e.g. `login`, `login_failed`, `password_changed`, `admin.set_user_status`.
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<Uuid>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub success: bool,
    pub details: Json,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
