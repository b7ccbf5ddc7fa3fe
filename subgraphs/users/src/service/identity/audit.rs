//! The audit trail: one row per auth event and admin action, written in the same transaction
//! as the change it describes (failed attempts, which change nothing, are written alone).

use chrono::Utc;
use entities::users::audit_log;
use kit::ApiResult;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

/// Where a request came from, as the audit log and session list show it.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// One audit row to write.
#[derive(Clone, Debug)]
pub struct AuditEntry {
    pub actor_id: Option<Uuid>,
    pub action: &'static str,
    pub target_id: Option<Uuid>,
    pub success: bool,
    pub details: serde_json::Value,
}

impl AuditEntry {
    /// An action a user took on their own account.
    pub fn own(action: &'static str, user_id: Uuid) -> Self {
        Self {
            actor_id: Some(user_id),
            action,
            target_id: Some(user_id),
            success: true,
            details: serde_json::json!({}),
        }
    }

    pub fn failed(mut self) -> Self {
        self.success = false;
        self
    }

    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = details;
        self
    }
}

pub async fn record<C: ConnectionTrait>(
    conn: &C,
    entry: AuditEntry,
    origin: &Origin,
) -> ApiResult<()> {
    audit_log::Entity::insert(audit_log::ActiveModel {
        id: Set(kit::ids::new_id()),
        actor_id: Set(entry.actor_id),
        action: Set(entry.action.to_owned()),
        target_type: Set(entry.target_id.map(|_| "user".to_owned())),
        target_id: Set(entry.target_id),
        ip: Set(origin.ip.clone()),
        user_agent: Set(origin.user_agent.clone()),
        success: Set(entry.success),
        details: Set(entry.details),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}
