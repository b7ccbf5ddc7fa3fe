//! One signed-in device: the family its refresh tokens rotate in, and its revocation.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub remember_me: bool,
    pub created_at: DateTimeUtc,
    pub last_active_at: DateTimeUtc,
    /// Absolute expiry: 7 days, 30 with remember-me; refreshing does not extend it.
    pub expires_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
