//! `deleteMyAccount`: the owner, re-authenticated with their password, erases their personal
//! data while the account row and the audit trail stay.
//!
//! The row is kept (anonymised, status `deleted`) rather than removed because audit rows,
//! postings and matches elsewhere refer to its id. Its e-mail becomes
//! `deleted-<id>@deleted.invalid`, which frees the old address for a new sign-up; names become
//! "Deleted user"; kana, phone, bio, website and preferences are cleared; the password hash is
//! replaced by the hash of a random secret nobody knows (so every password check fails the
//! ordinary way). Candidate profile, company memberships, MFA factor and backup codes, one-time
//! codes, password history and refresh tokens are deleted. Every session ends at once (also in
//! the revocation list, so access tokens stop working before they expire), the deletion is
//! audited as `account_deleted`, each membership raises `company.member_removed` and
//! `user.deleted` is raised.

use crate::service::UsersService;
use crate::service::identity::audit::{self, AuditEntry, Origin};
use crate::service::identity::roles::UserStatus;
use crate::service::identity::sessions::{EndReason, random_token};
use chrono::Utc;
use contracts::events::{CompanyMemberRemoved, UserDeleted};
use entities::users::{
    backup_code, candidate_profile, candidate_profile_version, company_member, one_time_code,
    password_history, refresh_token, session, totp_factor, user,
};
use kit::{ApiResult, Event};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// What a deleted account is called.
pub const DELETED_NAME: &str = "Deleted user";

/// The address a deleted account keeps: unique, and in a domain that can never receive mail.
pub fn deleted_email(user_id: Uuid) -> String {
    format!("deleted-{user_id}@deleted.invalid")
}

impl UsersService {
    pub async fn delete_account(
        &self,
        user_id: Uuid,
        password: &str,
        origin: &Origin,
    ) -> ApiResult<()> {
        let user = self.live_user(user_id).await?;
        self.recheck_password(user.id, password, origin).await?;
        let unusable = self.hasher().hash(random_token()).await?;
        let sessions = self.other_session_ids(user.id, None).await?;
        let now = Utc::now();
        let email = deleted_email(user.id);
        let txn = kit::db::begin_write(self.db()).await?;
        user::Entity::update(user::ActiveModel {
            id: Set(user.id),
            email: Set(email.clone()),
            email_normalized: Set(email),
            password_hash: Set(unusable),
            first_name: Set(DELETED_NAME.to_owned()),
            last_name: Set(DELETED_NAME.to_owned()),
            first_name_kana: Set(None),
            last_name_kana: Set(None),
            phone: Set(None),
            bio: Set(None),
            website: Set(None),
            notification_channels: Set(None),
            marketing_consent: Set(false),
            mfa_enabled: Set(false),
            status: Set(UserStatus::Deleted.as_str().to_owned()),
            deleted_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        candidate_profile::Entity::delete_many()
            .filter(candidate_profile::Column::UserId.eq(user.id))
            .exec(&txn)
            .await?;
        candidate_profile_version::Entity::delete_many()
            .filter(candidate_profile_version::Column::UserId.eq(user.id))
            .exec(&txn)
            .await?;
        Self::forget_disclosures(&txn, user.id).await?;
        // Each membership ends with its own event, versioned in its company's sequence, so the
        // copies elsewhere tombstone it and a late "added" cannot bring it back.
        let memberships = company_member::Entity::find()
            .filter(company_member::Column::UserId.eq(user.id))
            .all(&txn)
            .await?;
        company_member::Entity::delete_many()
            .filter(company_member::Column::UserId.eq(user.id))
            .exec(&txn)
            .await?;
        for membership in &memberships {
            let removed = CompanyMemberRemoved {
                company_id: membership.company_id,
                user_id: user.id,
            };
            let event =
                Event::of(membership.company_id, &removed)?.with_actor(Some(user.id.to_string()));
            self.outbox().enqueue(&txn, &event).await?;
        }
        totp_factor::Entity::delete_many()
            .filter(totp_factor::Column::UserId.eq(user.id))
            .exec(&txn)
            .await?;
        backup_code::Entity::delete_many()
            .filter(backup_code::Column::UserId.eq(user.id))
            .exec(&txn)
            .await?;
        one_time_code::Entity::delete_many()
            .filter(one_time_code::Column::UserId.eq(user.id))
            .exec(&txn)
            .await?;
        password_history::Entity::delete_many()
            .filter(password_history::Column::UserId.eq(user.id))
            .exec(&txn)
            .await?;
        let all_sessions = session::Entity::find()
            .filter(session::Column::UserId.eq(user.id))
            .all(&txn)
            .await?
            .into_iter()
            .map(|row| row.id);
        refresh_token::Entity::delete_many()
            .filter(refresh_token::Column::FamilyId.is_in(all_sessions))
            .exec(&txn)
            .await?;
        self.end_sessions(&txn, &sessions, EndReason::AccountDeleted)
            .await?;
        audit::record(
            &txn,
            AuditEntry::own("account_deleted", user.id)
                .details(serde_json::json!({"sessionsEnded": sessions.len()})),
            origin,
        )
        .await?;
        let event = Event::of(
            user.id,
            &UserDeleted {
                user_id: user.id,
                role: user.role.clone(),
                deleted_at: now,
            },
        )?
        .with_actor(Some(user.id.to_string()));
        self.outbox().enqueue(&txn, &event).await?;
        txn.commit().await?;
        self.announce_revoked(&sessions).await?;
        self.outbox().wake();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deleted_addresses_are_unique_and_undeliverable() {
        let id = Uuid::now_v7();
        let email = deleted_email(id);
        assert!(email.ends_with("@deleted.invalid"));
        assert!(email.contains(&id.to_string()));
        assert_ne!(email, deleted_email(Uuid::now_v7()));
    }
}
