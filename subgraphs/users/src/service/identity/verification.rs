//! E-mail verification: sign-up mails a single-use link (hashed, 24 h); `verifyEmail` marks the
//! address verified and activates a pending account (`user.email_verified`,
//! `user.activated`). Resending is throttled to one mail a minute per address.

use super::audit::{self, AuditEntry, Origin};
use super::mail::Mail;
use super::one_time_codes::{self, Purpose};
use super::roles::{Language, UserStatus};
use crate::service::UsersService;
use crate::service::validation::normalize_email;
use chrono::Utc;
use contracts::events::UserEmailVerified;
use entities::users::user;
use kit::{ApiError, ApiResult, Event};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use std::time::Duration;

const RESEND_INTERVAL: Duration = Duration::from_secs(60);

impl UsersService {
    /// Issues a verification link and mails it.
    pub(super) async fn send_verification(&self, user: &user::Model) -> ApiResult<()> {
        let secret = one_time_codes::issue(self.db(), user.id, Purpose::EmailVerification).await?;
        let link = self.links().verify_email(&secret);
        let (subject, body) = match Language::parse(&user.language) {
            Some(Language::En) => (
                "Confirm your e-mail address".to_owned(),
                format!(
                    "Hello {},\n\nconfirm your e-mail address with this link (valid 24 hours, once):\n{link}\n\nVerification code: {secret}\n",
                    user.first_name
                ),
            ),
            _ => (
                "メールアドレスの確認 / Confirm your e-mail address".to_owned(),
                format!(
                    "{} 様\n\n次のリンクからメールアドレスを確認してください（24時間・1回限り有効）:\n{link}\n\n確認コード / Verification code: {secret}\n",
                    user.last_name
                ),
            ),
        };
        self.mailer()
            .send(Mail {
                to: user.email.clone(),
                subject,
                body,
            })
            .await
    }

    /// Tells the owner of `owner`'s address that someone tried to sign up with it (sign-up
    /// answers a stranger as if it worked, so the owner is the one who learns of it).
    pub(super) async fn send_registration_attempt(&self, owner: &user::Model) -> ApiResult<()> {
        let sign_in = self.links().sign_in();
        let forgot = self.links().forgot_password();
        let (subject, body) = match Language::parse(&owner.language) {
            Some(Language::En) => (
                "Someone tried to sign up with your e-mail address".to_owned(),
                format!(
                    "Hello {},

someone tried to create an iworkz account with this e-mail address, which already has one. If it was you, sign in instead ({sign_in}), or reset your password if you forgot it ({forgot}). If it was not you, you can ignore this mail: nothing was changed.
",
                    owner.first_name
                ),
            ),
            _ => (
                "このメールアドレスでの新規登録の試み / Someone tried to sign up with your e-mail address".to_owned(),
                format!(
                    "{} 様

すでにアカウントがあるこのメールアドレスで、新しいアカウントの作成が試みられました。ご本人の場合はログインしてください（{sign_in}）。パスワードを忘れた場合は再設定できます（{forgot}）。心当たりがない場合は、このメールを無視してください。アカウントは変更されていません。

Someone tried to create an account with this address, which already has one. If it was you, sign in instead; otherwise ignore this mail: nothing was changed.
",
                    owner.last_name
                ),
            ),
        };
        self.mailer()
            .send(Mail {
                to: owner.email.clone(),
                subject,
                body,
            })
            .await
    }

    /// Mails a new verification link when `email` belongs to an unverified account. Answers
    /// the same for any address (no enumeration) and at most once a minute per address.
    pub async fn resend_verification(&self, email: &str) -> ApiResult<()> {
        let email = normalize_email(email);
        self.rate_limiter()
            .hit(&format!("verify-resend:{email}"), 1, RESEND_INTERVAL)
            .await
            .map_err(|err| ApiError::internal("rate limiter", err))?
            .check()?;
        let pending = user::Entity::find()
            .filter(user::Column::EmailNormalized.eq(&email))
            .filter(user::Column::EmailVerifiedAt.is_null())
            .filter(user::Column::Status.eq(UserStatus::PendingVerification.as_str()))
            .one(self.db())
            .await?;
        if let Some(user) = pending {
            self.send_verification(&user).await?;
        }
        Ok(())
    }

    /// Verifies the address the token was sent to; activates a pending account.
    pub async fn verify_email(&self, token: &str, origin: &Origin) -> ApiResult<user::Model> {
        let txn = kit::db::begin_write(self.db()).await?;
        let user_id = one_time_codes::consume(&txn, token, Purpose::EmailVerification)
            .await?
            .ok_or_else(|| ApiError::invalid("token", "is invalid, used or expired"))?;
        let user = user::Entity::find_by_id(user_id)
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("user"))?;
        let updated = self.mark_email_verified(&txn, user, origin).await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(updated)
    }

    /// Marks `user`'s address verified in `txn` and activates a pending account (audited,
    /// `user.email_verified`, `user.activated`); the caller commits and wakes the outbox.
    pub(crate) async fn mark_email_verified(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        user: user::Model,
        origin: &Origin,
    ) -> ApiResult<user::Model> {
        let now = Utc::now();
        let activate = user.status == UserStatus::PendingVerification.as_str();
        let updated = user::Entity::update(user::ActiveModel {
            id: Set(user.id),
            email_verified_at: Set(Some(now)),
            status: Set(if activate {
                UserStatus::Active.as_str().to_owned()
            } else {
                user.status.clone()
            }),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(txn)
        .await?;
        audit::record(txn, AuditEntry::own("email_verified", user.id), origin).await?;
        let verified = UserEmailVerified {
            user_id: user.id,
            email: updated.email.clone(),
        };
        self.outbox()
            .enqueue(txn, &Event::of(user.id, &verified)?)
            .await?;
        if activate {
            self.enqueue_status_change(txn, &updated, None).await?;
        }
        Ok(updated)
    }
}
