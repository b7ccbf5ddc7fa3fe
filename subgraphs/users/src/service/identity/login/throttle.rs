//! Throttling and lockout of sign-ins. [`LoginPolicy`] holds the limits.
//!
//! - Per account and IP, every attempt is counted before the password is looked at (so aliases
//!   batched in one request count one by one); a successful sign-in clears that window.
//! - Per IP, across accounts, only **failures** count (OWASP ASVS V6.3, NIST 800-63B 5.2.2):
//!   an office, school or dormitory behind one address is never locked out by people signing in
//!   correctly, while a guesser spraying passwords over many accounts is stopped.
//! - Failures on one account, from any IP, are counted under the e-mail (so an address without
//!   an account locks exactly like one with an account) and lock it until the window ends; a
//!   real account's failure count and `locked_until` are updated and its owner mailed.
//! - The MFA step has its own window per account.

use crate::service::UsersService;
use crate::service::identity::audit::{self, AuditEntry, Origin};
use chrono::{Duration, Utc};
use contracts::ErrorCode;
use entities::users::user;
use kit::{ApiError, ApiResult};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Throttling and lockout limits (defaults from the platform's security rules).
#[derive(Clone, Debug)]
pub struct LoginPolicy {
    /// The throttling window: 15 minutes.
    pub window: Duration,
    /// Attempts per account and IP in a window: 5.
    pub per_account_ip: u32,
    /// Failed attempts per IP, across accounts, in a window: 20.
    pub per_ip: u32,
    /// Failures on one account, from any IP, that lock it: 10.
    pub lockout_threshold: u32,
    /// How long the lockout counter's window is; a locked account unlocks when it ends: 30 min.
    pub lockout_window: Duration,
}

impl Default for LoginPolicy {
    fn default() -> Self {
        Self {
            window: Duration::minutes(15),
            per_account_ip: 5,
            per_ip: 20,
            lockout_threshold: 10,
            lockout_window: Duration::minutes(30),
        }
    }
}

impl UsersService {
    /// Checks the lockout and the per-account+IP and per-IP windows before any password work.
    pub(super) async fn throttle_login(&self, email: &str, origin: &Origin) -> ApiResult<()> {
        let policy = self.login_policy();
        let ip = origin.ip.as_deref().unwrap_or("unknown");
        let window = policy.window.to_std().unwrap_or_default();
        let limiter = self.rate_limiter();
        let locked = limiter
            .peek(&lockout_key(email), policy.lockout_threshold)
            .await?;
        if !locked.allowed {
            return Err(ApiError::coded(
                ErrorCode::AccountLocked,
                "too many failed sign-ins: this account is locked for a while",
            ));
        }
        limiter
            .hit(&account_ip_key(email, ip), policy.per_account_ip, window)
            .await?
            .check()?;
        limiter
            .peek(&ip_failures_key(ip), policy.per_ip)
            .await?
            .check()?;
        Ok(())
    }

    /// Records a failed attempt: the lockout counter, the account's failure count (and
    /// `locked_until` when this failure locks it), the audit row, and the owner's mail.
    pub(super) async fn login_failed(
        &self,
        email: &str,
        user: Option<&user::Model>,
        reason: &str,
        origin: &Origin,
    ) -> ApiResult<()> {
        let policy = self.login_policy();
        let ip = origin.ip.as_deref().unwrap_or("unknown");
        self.rate_limiter()
            .hit(
                &ip_failures_key(ip),
                policy.per_ip,
                policy.window.to_std().unwrap_or_default(),
            )
            .await?;
        let lockout = self
            .rate_limiter()
            .hit(
                &lockout_key(email),
                policy.lockout_threshold,
                policy.lockout_window.to_std().unwrap_or_default(),
            )
            .await?;
        let now_locked = lockout.remaining == 0;
        let locked_until = now_locked.then(|| {
            Utc::now() + Duration::from_std(lockout.retry_after).unwrap_or(policy.lockout_window)
        });
        let txn = kit::db::begin_write(self.db()).await?;
        if let Some(user) = user {
            let mut update = user::Entity::update_many()
                .col_expr(
                    user::Column::FailedLoginCount,
                    sea_orm::sea_query::ExprTrait::add(
                        sea_orm::sea_query::Expr::col(user::Column::FailedLoginCount),
                        1,
                    ),
                )
                .filter(user::Column::Id.eq(user.id));
            if let Some(until) = locked_until {
                update = update.col_expr(user::Column::LockedUntil, until.into());
            }
            update.exec(&txn).await?;
        }
        audit::record(
            &txn,
            AuditEntry {
                actor_id: user.map(|user| user.id),
                action: "login",
                target_id: user.map(|user| user.id),
                success: false,
                details: serde_json::json!({"reason": reason, "locked": now_locked}),
            },
            origin,
        )
        .await?;
        txn.commit().await?;
        if let (Some(user), Some(until)) = (user, locked_until) {
            self.notify_lockout(user, until, origin);
        }
        Ok(())
    }

    /// The MFA step's own window, per account: a proven password does not buy unlimited
    /// guesses at the second factor.
    pub(super) async fn throttle_mfa_step(&self, user_id: Uuid) -> ApiResult<()> {
        let policy = self.login_policy();
        self.rate_limiter()
            .hit(
                &format!("login:mfa:{user_id}"),
                policy.per_account_ip,
                policy.window.to_std().unwrap_or_default(),
            )
            .await
            .map_err(|err| ApiError::internal("rate limiter", err))?
            .check()?;
        Ok(())
    }

    /// A successful sign-in clears the account's lockout counter and its throttle window for
    /// this IP: the limits are there to stop guessing, and this caller knows the secret.
    pub(super) async fn forget_failures(&self, email: &str, origin: &Origin) -> ApiResult<()> {
        let ip = origin.ip.as_deref().unwrap_or("unknown");
        for key in [lockout_key(email), account_ip_key(email, ip)] {
            self.rate_limiter()
                .reset(&key)
                .await
                .map_err(|err| ApiError::internal("rate limiter", err))?;
        }
        Ok(())
    }
}

fn account_ip_key(email: &str, ip: &str) -> String {
    format!("login:account-ip:{email}:{ip}")
}

fn ip_failures_key(ip: &str) -> String {
    format!("login:ip-failures:{ip}")
}

fn lockout_key(email: &str) -> String {
    format!("login:lockout:{email}")
}
