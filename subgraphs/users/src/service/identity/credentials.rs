//! Changing and resetting passwords.
//!
//! - `changePassword` needs the current password, refuses the last five, records the change
//!   (`user.password_changed`) and ends every other session.
//! - `requestPasswordReset` answers the same whether or not the address has an account (and
//!   takes about the same time: the mail is sent in the background); the single-use code is
//!   hashed and lives ten minutes.
//! - `resetPassword` with MFA enabled also needs a TOTP or backup code: a mailbox alone never
//!   bypasses the second factor. It ends every session.

use super::audit::{self, AuditEntry, Origin};
use super::mail::Mail;
use super::one_time_codes::{self, Purpose};
use super::password_policy::{PersonalWords, password_problem};
use super::roles::UserStatus;
use super::sessions::EndReason;
use crate::service::UsersService;
use crate::service::validation::normalize_email;
use chrono::Utc;
use contracts::ErrorCode;
use contracts::events::UserPasswordChanged;
use entities::users::{password_history, user};
use kit::{ApiError, ApiResult, Event};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

/// How many earlier passwords a new one may not repeat.
const HISTORY: u64 = 5;

impl UsersService {
    /// Re-authentication for sensitive changes: the current password, throttled like a login.
    pub async fn recheck_password(
        &self,
        user_id: Uuid,
        password: &str,
        origin: &Origin,
    ) -> ApiResult<user::Model> {
        let user = self
            .find_user(user_id)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        let decision = self
            .rate_limiter()
            .hit(
                &format!("recheck:{user_id}"),
                5,
                std::time::Duration::from_secs(15 * 60),
            )
            .await
            .map_err(|err| ApiError::internal("rate limiter", err))?;
        decision.check()?;
        let ok = self
            .hasher()
            .verify(password.to_owned(), user.password_hash.clone())
            .await?;
        if !ok {
            audit::record(
                self.db(),
                AuditEntry::own("password_recheck", user_id).failed(),
                origin,
            )
            .await?;
            return Err(ApiError::invalid("password", "is not correct"));
        }
        Ok(user)
    }

    pub async fn change_password(
        &self,
        user_id: Uuid,
        current_session: Option<Uuid>,
        current: &str,
        new_password: &str,
        origin: &Origin,
    ) -> ApiResult<()> {
        let user = self.recheck_password(user_id, current, origin).await?;
        self.check_new_password(&user, new_password, "newPassword")
            .await?;
        let hash = self.hash_password(new_password).await?;
        let ended = self.other_session_ids(user.id, current_session).await?;
        let txn = kit::db::begin_write(self.db()).await?;
        self.store_password(&txn, &user, hash).await?;
        self.end_sessions(&txn, &ended, EndReason::PasswordChanged)
            .await?;
        audit::record(
            &txn,
            AuditEntry::own("password_changed", user.id)
                .details(serde_json::json!({"sessionsEnded": ended.len()})),
            origin,
        )
        .await?;
        txn.commit().await?;
        self.announce_revoked(&ended).await?;
        self.outbox().wake();
        Ok(())
    }

    /// Always succeeds from the caller's point of view; mails a code when the account exists.
    pub async fn request_password_reset(&self, email: &str, origin: &Origin) -> ApiResult<()> {
        let email = normalize_email(email);
        let decision = self
            .rate_limiter()
            .hit(
                &format!("reset:{email}"),
                3,
                std::time::Duration::from_secs(15 * 60),
            )
            .await
            .map_err(|err| ApiError::internal("rate limiter", err))?;
        let found = user::Entity::find()
            .filter(user::Column::EmailNormalized.eq(&email))
            .filter(user::Column::Status.ne(UserStatus::Deleted.as_str()))
            .one(self.db())
            .await?;
        let Some(user) = found.filter(|_| decision.allowed) else {
            return Ok(());
        };
        let secret = one_time_codes::issue(self.db(), user.id, Purpose::PasswordReset).await?;
        audit::record(
            self.db(),
            AuditEntry::own("password_reset_requested", user.id),
            origin,
        )
        .await?;
        let service = self.clone();
        let link = self.links().reset_password(&secret);
        // Mailing in the background keeps the answer time independent of whether it happens.
        tokio::spawn(async move {
            let mail = Mail {
                to: user.email.clone(),
                subject: "パスワードの再設定 / Reset your password".into(),
                body: format!(
                    "次のリンクから新しいパスワードを設定してください（10分間・1回限り有効）/ Set a new password with this link (valid 10 minutes, once):\n{link}\n\nReset code: {secret}\n\n心当たりがない場合はこのメールを無視してください。If you did not ask for this, ignore this mail.\n"
                ),
            };
            if let Err(err) = service.mailer().send(mail).await {
                tracing::error!(error = %err.report(), "password reset mail failed");
            }
        });
        Ok(())
    }

    pub async fn reset_password(
        &self,
        code: &str,
        new_password: &str,
        mfa_code: Option<&str>,
        origin: &Origin,
    ) -> ApiResult<()> {
        let invalid = || ApiError::invalid("code", "is invalid, used or expired");
        // Checked before the transaction: hashing and MFA must not hold the write lock.
        let user_id = one_time_codes::peek(self.db(), code, Purpose::PasswordReset)
            .await?
            .ok_or_else(invalid)?;
        let user = self.find_user(user_id).await?.ok_or_else(invalid)?;
        self.check_new_password(&user, new_password, "newPassword")
            .await?;
        if user.mfa_enabled {
            let Some(mfa_code) = mfa_code else {
                return Err(ApiError::coded(
                    ErrorCode::MfaRequired,
                    "this account uses two-factor authentication: give a TOTP or backup code",
                ));
            };
            if !self.check_second_factor(user.id, mfa_code).await? {
                return Err(ApiError::invalid("mfaCode", "is not valid"));
            }
        }
        let hash = self.hash_password(new_password).await?;
        let ended = self.other_session_ids(user.id, None).await?;
        let txn = kit::db::begin_write(self.db()).await?;
        one_time_codes::consume(&txn, code, Purpose::PasswordReset)
            .await?
            .filter(|consumed| *consumed == user.id)
            .ok_or_else(invalid)?;
        self.store_password(&txn, &user, hash).await?;
        self.end_sessions(&txn, &ended, EndReason::PasswordChanged)
            .await?;
        audit::record(&txn, AuditEntry::own("password_reset", user.id), origin).await?;
        txn.commit().await?;
        self.announce_revoked(&ended).await?;
        self.outbox().wake();
        Ok(())
    }

    /// The policy plus "not one of the last five".
    async fn check_new_password(
        &self,
        user: &user::Model,
        password: &str,
        field: &str,
    ) -> ApiResult<()> {
        let personal = PersonalWords {
            email: &user.email,
            names: vec![&user.first_name, &user.last_name],
        };
        if let Some(problem) = password_problem(password, &personal) {
            return Err(ApiError::invalid(field, problem));
        }
        let mut earlier = vec![user.password_hash.clone()];
        earlier.extend(
            password_history::Entity::find()
                .filter(password_history::Column::UserId.eq(user.id))
                .order_by_desc(password_history::Column::CreatedAt)
                .limit(HISTORY - 1)
                .all(self.db())
                .await?
                .into_iter()
                .map(|row| row.password_hash),
        );
        for hash in earlier {
            let reused = self.hasher().verify(password.to_owned(), hash).await?;
            if reused {
                return Err(ApiError::invalid(
                    field,
                    "must differ from your last 5 passwords",
                ));
            }
        }
        Ok(())
    }

    async fn hash_password(&self, password: &str) -> ApiResult<String> {
        self.hasher().hash(password.to_owned()).await
    }

    /// Stores a new hash, keeping the old one in the history.
    async fn store_password<C: ConnectionTrait>(
        &self,
        conn: &C,
        user: &user::Model,
        hash: String,
    ) -> ApiResult<()> {
        let now = Utc::now();
        password_history::Entity::insert(password_history::ActiveModel {
            id: Set(kit::ids::new_id()),
            user_id: Set(user.id),
            password_hash: Set(user.password_hash.clone()),
            created_at: Set(now),
        })
        .exec_without_returning(conn)
        .await?;
        user::Entity::update(user::ActiveModel {
            id: Set(user.id),
            password_hash: Set(hash),
            password_changed_at: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(conn)
        .await?;
        let event = Event::of(user.id, &UserPasswordChanged { user_id: user.id })?;
        self.outbox().enqueue(conn, &event).await?;
        Ok(())
    }
}
