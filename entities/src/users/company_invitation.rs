//! An invitation to join a company, sent by e-mail: the invited address, the member role it
//! grants, the hash of the mailed secret and what became of it (accepted, revoked, or expired
//! once `expires_at` passed).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "company_invitations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub company_id: Uuid,
    /// As the inviter typed it.
    pub email: String,
    pub email_normalized: String,
    /// The member role it grants: `employer`, `recruiter` or `hr_manager`.
    pub role: String,
    /// SHA-256 of the mailed secret; a resend replaces it.
    pub token_hash: String,
    pub invited_by: Uuid,
    pub sent_count: i32,
    pub created_at: DateTimeUtc,
    pub last_sent_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    pub accepted_by: Option<Uuid>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
