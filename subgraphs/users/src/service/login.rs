//! Signing in.
//!
//! - An unknown e-mail and a wrong password get the same error after the same work: a missing
//!   user is verified against a dummy hash.
//! - Throttling counts every attempt (per account+IP and per IP, fixed windows in the shared
//!   rate limiter), so alias-batched attempts in one request count one by one; a successful
//!   sign-in clears its account+IP window. The MFA step has its own window per account.
//! - Lockout: consecutive failures on one account, from any IP, lock it until its window ends.
//!   It is kept in the rate limiter under the e-mail, so an address without an account locks
//!   exactly like one with an account and lockout reveals nothing. The owner of a real
//!   account is mailed when it locks (in the background, so the answer's timing is the same).
//! - Only after the password is right do account state errors (unverified, suspended) show.
//! - With MFA enabled, the password alone yields a short-lived MFA ticket, not tokens.
//! - Every attempt is audited; a hash made with older parameters is upgraded on success.

use super::audit::{self, AuditEntry, Origin};
use super::sessions::NewRefreshToken;
use super::tokens::{IssuedToken, Subject};
use super::validation::normalize_email;
use super::{UserStatus, UsersService, rbac};
use chrono::{Duration, Utc};
use contracts::ErrorCode;
use contracts::events::UserLogin;
use entities::users::user;
use kit::{ApiError, ApiResult, Event};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Throttling and lockout limits (defaults from the platform's security rules).
#[derive(Clone, Debug)]
pub struct LoginPolicy {
    /// The throttling window: 15 minutes.
    pub window: Duration,
    /// Attempts per account and IP in a window: 5.
    pub per_account_ip: u32,
    /// Attempts per IP, across accounts, in a window: 20.
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

/// The credentials of a login.
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    pub mfa_code: Option<String>,
    pub remember_me: bool,
}

/// Tokens for a signed-in session.
pub struct SignedIn {
    pub user: user::Model,
    pub access: IssuedToken,
    pub refresh: NewRefreshToken,
}

pub enum LoginOutcome {
    SignedIn(Box<SignedIn>),
    /// The password was right; a second factor is needed with this ticket.
    MfaRequired {
        ticket: IssuedToken,
    },
}

const INVALID_CREDENTIALS: &str = "invalid e-mail or password";

impl UsersService {
    pub async fn login(&self, request: LoginRequest, origin: &Origin) -> ApiResult<LoginOutcome> {
        let email = normalize_email(&request.email);
        if let Err(refused) = self.throttle_login(&email, origin).await {
            let entry = AuditEntry {
                actor_id: None,
                action: "login",
                target_id: None,
                success: false,
                details: serde_json::json!({"reason": refused.code(), "email": email}),
            };
            audit::record(self.db(), entry, origin).await?;
            return Err(refused);
        }
        let found = user::Entity::find()
            .filter(user::Column::EmailNormalized.eq(&email))
            .filter(user::Column::Status.ne(UserStatus::Deleted.as_str()))
            .one(self.db())
            .await?;
        let hash = found.as_ref().map_or_else(
            || self.hasher().dummy_hash(),
            |user| user.password_hash.clone(),
        );
        let password_ok = self.hasher().verify(request.password.clone(), hash).await?;
        let user = match found {
            Some(user) if password_ok => user,
            found => {
                self.login_failed(&email, found.as_ref(), "bad_credentials", origin)
                    .await?;
                return Err(ApiError::coded(
                    ErrorCode::Unauthenticated,
                    INVALID_CREDENTIALS,
                ));
            }
        };
        self.check_can_sign_in(&user, origin).await?;
        if user.mfa_enabled {
            match request.mfa_code.as_deref() {
                None => {
                    let ticket = self.tokens().mfa_ticket(user.id, request.remember_me)?;
                    return Ok(LoginOutcome::MfaRequired { ticket });
                }
                Some(code) => {
                    if !self.check_second_factor(user.id, code).await? {
                        self.login_failed(&email, Some(&user), "bad_mfa_code", origin)
                            .await?;
                        return Err(ApiError::invalid("mfaCode", "is not valid"));
                    }
                }
            }
        }
        self.upgrade_hash_if_needed(&user, &request.password)
            .await?;
        let signed_in = self
            .complete_sign_in(user, request.remember_me, "password", origin)
            .await?;
        Ok(LoginOutcome::SignedIn(Box::new(signed_in)))
    }

    /// Second step of an MFA login: the ticket from the first step and a TOTP or backup code.
    pub async fn complete_mfa_login(
        &self,
        ticket: &str,
        code: &str,
        origin: &Origin,
    ) -> ApiResult<SignedIn> {
        let (user_id, remember_me) = self.tokens().verify_mfa_ticket(ticket).await?;
        let user = self
            .find_user(user_id)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
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
        self.check_can_sign_in(&user, origin).await?;
        if !self.check_second_factor(user.id, code).await? {
            self.login_failed(&user.email_normalized, Some(&user), "bad_mfa_code", origin)
                .await?;
            return Err(ApiError::invalid("code", "is not valid"));
        }
        self.complete_sign_in(user, remember_me, "mfa", origin)
            .await
    }

    /// Refuses accounts that may not sign in, after their password was proven.
    async fn check_can_sign_in(&self, user: &user::Model, origin: &Origin) -> ApiResult<()> {
        let problem = match UserStatus::parse(&user.status) {
            Some(UserStatus::Active) => return Ok(()),
            Some(UserStatus::PendingVerification) => (
                ErrorCode::EmailNotVerified,
                "verify your e-mail address before signing in",
            ),
            Some(UserStatus::Suspended) => {
                (ErrorCode::AccountSuspended, "this account is suspended")
            }
            _ => (ErrorCode::AccountInactive, "this account is not active"),
        };
        audit::record(
            self.db(),
            AuditEntry::own("login", user.id)
                .failed()
                .details(serde_json::json!({"reason": problem.0.as_str()})),
            origin,
        )
        .await?;
        Err(ApiError::coded(problem.0, problem.1))
    }

    async fn throttle_login(&self, email: &str, origin: &Origin) -> ApiResult<()> {
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
        for (key, limit) in [
            (
                format!("login:account-ip:{email}:{ip}"),
                policy.per_account_ip,
            ),
            (format!("login:ip:{ip}"), policy.per_ip),
        ] {
            limiter.hit(&key, limit, window).await?.check()?;
        }
        Ok(())
    }

    async fn login_failed(
        &self,
        email: &str,
        user: Option<&user::Model>,
        reason: &str,
        origin: &Origin,
    ) -> ApiResult<()> {
        let policy = self.login_policy();
        let lockout = self
            .rate_limiter()
            .hit(
                &lockout_key(email),
                policy.lockout_threshold,
                policy.lockout_window.to_std().unwrap_or_default(),
            )
            .await
            .map_err(|err| ApiError::internal("rate limiter", err))?;
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

    /// Opens the session, issues tokens, records the login; shared by every way of signing in.
    pub(super) async fn complete_sign_in(
        &self,
        user: user::Model,
        remember_me: bool,
        method: &str,
        origin: &Origin,
    ) -> ApiResult<SignedIn> {
        let now = Utc::now();
        let txn = kit::db::begin_write(self.db()).await?;
        let refresh = self
            .open_session(&txn, user.id, remember_me, origin)
            .await?;
        let user = user::Entity::update(user::ActiveModel {
            id: Set(user.id),
            last_login_at: Set(Some(now)),
            failed_login_count: Set(0),
            locked_until: Set(None),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        audit::record(
            &txn,
            AuditEntry::own("login", user.id).details(serde_json::json!({
                "method": method,
                "sessionId": refresh.session.id,
                "rememberMe": remember_me,
            })),
            origin,
        )
        .await?;
        let event = Event::of(
            user.id,
            &UserLogin {
                user_id: user.id,
                session_id: refresh.session.id,
                method: method.to_owned(),
            },
        )?;
        self.outbox().enqueue(&txn, &event).await?;
        let access = self
            .access_token_for(&txn, &user, refresh.session.id)
            .await?;
        txn.commit().await?;
        self.outbox().wake();
        self.forget_failures(&user.email_normalized, origin).await?;
        Ok(SignedIn {
            user,
            access,
            refresh,
        })
    }

    /// A successful sign-in clears the account's lockout counter and its throttle window for
    /// this IP: the limits are there to stop guessing, and this caller knows the secret.
    async fn forget_failures(&self, email: &str, origin: &Origin) -> ApiResult<()> {
        let ip = origin.ip.as_deref().unwrap_or("unknown");
        for key in [lockout_key(email), account_ip_key(email, ip)] {
            self.rate_limiter()
                .reset(&key)
                .await
                .map_err(|err| ApiError::internal("rate limiter", err))?;
        }
        Ok(())
    }

    /// A fresh access token carrying the user's current role and permissions.
    pub(super) async fn access_token_for<C: sea_orm::ConnectionTrait>(
        &self,
        conn: &C,
        user: &user::Model,
        session_id: Uuid,
    ) -> ApiResult<IssuedToken> {
        let permissions = rbac::permissions_of(conn, user.id).await?;
        self.tokens().access_token(Subject {
            user_id: user.id,
            role: &user.role,
            permissions: &permissions,
            session_id,
        })
    }

    async fn upgrade_hash_if_needed(&self, user: &user::Model, password: &str) -> ApiResult<()> {
        if !self.hasher().needs_rehash(&user.password_hash) {
            return Ok(());
        }
        let hash = self.hasher().hash(password.to_owned()).await?;
        user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, hash.into())
            .filter(user::Column::Id.eq(user.id))
            .exec(self.db())
            .await?;
        tracing::info!(user = %user.id, "upgraded a password hash to the current parameters");
        Ok(())
    }

    /// Exchanges a refresh token for new tokens.
    pub async fn refresh(&self, presented: &str, origin: &Origin) -> ApiResult<SignedIn> {
        let refresh = self.rotate_refresh_token(presented, origin).await?;
        let user = self
            .find_user(refresh.session.user_id)
            .await?
            .filter(|user| user.status == UserStatus::Active.as_str())
            .ok_or(ApiError::Unauthenticated)?;
        let access = self
            .access_token_for(self.db(), &user, refresh.session.id)
            .await?;
        Ok(SignedIn {
            user,
            access,
            refresh,
        })
    }
}

fn account_ip_key(email: &str, ip: &str) -> String {
    format!("login:account-ip:{email}:{ip}")
}

fn lockout_key(email: &str) -> String {
    format!("login:lockout:{email}")
}
