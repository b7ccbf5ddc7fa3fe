//! Account status changes (`active`, `suspended`, `inactive`, …) and the events that announce
//! them: `user.activated` / `user.deactivated`, which also feed `userStatusChanged`.

use super::audit::{self, AuditEntry, Origin};
use super::roles::UserStatus;
use super::sessions::EndReason;
use crate::service::UsersService;
use chrono::Utc;
use contracts::events::UserStatusChanged;
use entities::users::user;
use kit::{ApiError, ApiResult, Event};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

impl UsersService {
    /// Writes the status event of `user` (already updated) on `conn`.
    pub(super) async fn enqueue_status_change<C: ConnectionTrait>(
        &self,
        conn: &C,
        user: &user::Model,
        actor: Option<Uuid>,
    ) -> ApiResult<()> {
        let event = Event::of(
            user.id,
            &UserStatusChanged {
                user_id: user.id,
                // Stored statuses are written from the enum; an unknown one reads as inactive.
                status: UserStatus::parse(&user.status).unwrap_or(UserStatus::Inactive),
            },
        )?
        .with_actor(actor.map(|actor| actor.to_string()));
        self.outbox().enqueue(conn, &event).await?;
        Ok(())
    }

    /// An administrator sets a user's status; suspending (or deactivating) ends every session.
    pub async fn set_user_status(
        &self,
        actor: Uuid,
        user_id: Uuid,
        status: UserStatus,
        reason: Option<String>,
        origin: &Origin,
    ) -> ApiResult<user::Model> {
        if status == UserStatus::Deleted {
            return Err(ApiError::invalid(
                "status",
                "accounts are deleted by their owner (deleteMyAccount)",
            ));
        }
        if actor == user_id && status != UserStatus::Active {
            return Err(ApiError::invalid(
                "userId",
                "you cannot deactivate your own account",
            ));
        }
        let user = self
            .find_user(user_id)
            .await?
            .ok_or(ApiError::NotFound("user"))?;
        if user.status == UserStatus::Deleted.as_str() {
            return Err(ApiError::Conflict("the account is deleted".into()));
        }
        let ends_sessions = status != UserStatus::Active;
        let ended = if ends_sessions {
            self.other_session_ids(user.id, None).await?
        } else {
            Vec::new()
        };
        let txn = kit::db::begin_write(self.db()).await?;
        let updated = user::Entity::update(user::ActiveModel {
            id: Set(user.id),
            status: Set(status.as_str().to_owned()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        self.end_sessions(&txn, &ended, EndReason::Suspended)
            .await?;
        audit::record(
            &txn,
            AuditEntry {
                actor_id: Some(actor),
                action: "admin.set_user_status",
                target_id: Some(user.id),
                success: true,
                details: serde_json::json!({
                    "from": user.status,
                    "to": status.as_str(),
                    "reason": reason,
                    "sessionsEnded": ended.len(),
                }),
            },
            origin,
        )
        .await?;
        if user.status != updated.status {
            self.enqueue_status_change(&txn, &updated, Some(actor))
                .await?;
        }
        txn.commit().await?;
        self.announce_revoked(&ended).await?;
        self.outbox().wake();
        Ok(updated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contracts::{EventName, EventPayload};

    #[test]
    fn only_an_active_status_is_published_as_activated() {
        let event = |status: UserStatus| UserStatusChanged {
            user_id: Uuid::nil(),
            status,
        };
        assert_eq!(event(UserStatus::Active).name(), EventName::UserActivated);
        for status in [
            UserStatus::PendingVerification,
            UserStatus::Inactive,
            UserStatus::Suspended,
            UserStatus::Deleted,
        ] {
            assert_eq!(event(status).name(), EventName::UserDeactivated);
        }
    }
}
