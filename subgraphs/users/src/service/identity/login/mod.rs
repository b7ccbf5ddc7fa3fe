//! Signing in.
//!
//! - An unknown e-mail and a wrong password get the same error after the same work: a missing
//!   user is verified against a dummy hash.
//! - Throttling counts every attempt per account+IP (so alias-batched attempts in one request
//!   count one by one; a successful sign-in clears the window) and only failures per IP (so a
//!   shared network is never locked out by correct sign-ins). The MFA step has its own window
//!   per account.
//! - Lockout: consecutive failures on one account, from any IP, lock it until its window ends.
//!   It is kept in the rate limiter under the e-mail, so an address without an account locks
//!   exactly like one with an account and lockout reveals nothing. The owner of a real
//!   account is mailed when it locks (in the background, so the answer's timing is the same).
//! - Only after the password is right do account state errors (unverified, suspended) show.
//! - With MFA enabled, the password alone yields a short-lived MFA ticket, not tokens.
//! - Every attempt is audited; a hash made with older parameters is upgraded on success.
//!
//! This module holds the sign-in flow and its public types; the parts it calls live beside it:
//! `throttle` (limits, lockout and failed attempts), `session_start` (opening the session and
//! issuing tokens), `rehash` (upgrading old password hashes) and `refresh` (refresh-token
//! rotation).

mod refresh;
mod rehash;
mod session_start;
mod throttle;

pub use throttle::LoginPolicy;

use super::audit::{self, AuditEntry, Origin};
use super::roles::UserStatus;
use super::sessions::NewRefreshToken;
use super::tokens::IssuedToken;
use crate::service::UsersService;
use crate::service::validation::normalize_email;
use contracts::ErrorCode;
use entities::users::user;
use kit::{ApiError, ApiResult};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

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
        self.throttle_mfa_step(user_id).await?;
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
}
