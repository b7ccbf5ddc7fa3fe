//! Signing in and out: login (with MFA), refresh rotation, logout and session management.

use super::auth_types::{AuthTokens, LoginResult, LoginStatus, Session};
use crate::schema::request::{
    MAX_CODE, MAX_EMAIL, MAX_PASSWORD, MAX_TICKET, MAX_TOKEN, bounded, origin, signed_in,
};
use crate::service::{EndReason, LoginOutcome, LoginRequest, UsersService};
use async_graphql::{Context, ID, Object, Result};
use kit::ApiError;

#[derive(Default)]
pub struct SessionMutations;

#[Object]
impl SessionMutations {
    /// Signs in. With MFA enabled and no `mfaCode`, answers `MFA_REQUIRED` with a ticket for
    /// `completeMfaLogin`. Unknown e-mail and wrong password answer the same.
    async fn login(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The account's e-mail address, in any letter case; at most 254 characters."
        )]
        email: String,
        #[graphql(desc = "The account's password; at most 128 characters.")] password: String,
        #[graphql(
            desc = "With MFA enabled, a 6-digit TOTP code or an unused backup code, to sign in in \
                    one step; omitted, the answer is `MFA_REQUIRED`."
        )]
        mfa_code: Option<String>,
        // Nullable (null = false) so clients may pass an unset `$rememberMe: Boolean` variable.
        #[graphql(desc = "Keep the session 30 days instead of 7; null or omitted means false.")]
        remember_me: Option<bool>,
    ) -> Result<LoginResult> {
        bounded(&[
            ("email", Some(&email), MAX_EMAIL),
            ("password", Some(&password), MAX_PASSWORD),
            ("mfaCode", mfa_code.as_deref(), MAX_CODE),
        ])?;
        let service = ctx.data::<UsersService>()?;
        let outcome = service
            .login(
                LoginRequest {
                    email,
                    password,
                    mfa_code,
                    remember_me: remember_me.unwrap_or(false),
                },
                &origin(ctx),
            )
            .await?;
        Ok(match outcome {
            LoginOutcome::SignedIn(signed_in) => LoginResult {
                status: LoginStatus::SignedIn,
                tokens: Some(AuthTokens::from(*signed_in)),
                mfa_ticket: None,
                mfa_ticket_expires_at: None,
            },
            LoginOutcome::MfaRequired { ticket } => LoginResult {
                status: LoginStatus::MfaRequired,
                tokens: None,
                mfa_ticket: Some(ticket.token),
                mfa_ticket_expires_at: Some(ticket.expires_at),
            },
        })
    }

    /// Second step of an MFA login: the ticket and a TOTP code or a backup code.
    async fn complete_mfa_login(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The `mfaTicket` from `login`; valid 5 minutes.")] mfa_ticket: String,
        #[graphql(
            desc = "A 6-digit TOTP code from the authenticator app, or an unused backup code."
        )]
        code: String,
    ) -> Result<AuthTokens> {
        bounded(&[
            ("mfaTicket", Some(&mfa_ticket), MAX_TICKET),
            ("code", Some(&code), MAX_CODE),
        ])?;
        let service = ctx.data::<UsersService>()?;
        let signed_in = service
            .complete_mfa_login(&mfa_ticket, &code, &origin(ctx))
            .await?;
        Ok(signed_in.into())
    }

    /// Rotates a refresh token: returns new tokens; the presented one is used up. Presenting
    /// a used one again (after a 10 s grace for concurrent tabs) ends the session.
    async fn refresh_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session's latest `refreshToken`; it is used up by this call.")]
        refresh_token: String,
    ) -> Result<AuthTokens> {
        bounded(&[("refreshToken", Some(&refresh_token), MAX_TOKEN)])?;
        let service = ctx.data::<UsersService>()?;
        Ok(service.refresh(&refresh_token, &origin(ctx)).await?.into())
    }

    /// Ends the current session.
    async fn logout(&self, ctx: &Context<'_>) -> Result<bool> {
        let caller = signed_in(ctx)?;
        let service = ctx.data::<UsersService>()?;
        service
            .end_user_sessions(
                Some(caller.user_id),
                caller.user_id,
                vec![caller.session_id],
                EndReason::Logout,
                &origin(ctx),
            )
            .await?;
        Ok(true)
    }

    /// Ends one of the caller's sessions.
    async fn revoke_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The session's id (`Session.id`); one that is not your live session is \
                    `NOT_FOUND`."
        )]
        id: ID,
    ) -> Result<bool> {
        let caller = signed_in(ctx)?;
        let session_id = kit::ids::parse_id(&id, "id")?;
        let service = ctx.data::<UsersService>()?;
        let ended = service
            .end_user_sessions(
                Some(caller.user_id),
                caller.user_id,
                vec![session_id],
                EndReason::RevokedByUser,
                &origin(ctx),
            )
            .await?;
        if ended == 0 {
            return Err(ApiError::NotFound("session").into());
        }
        Ok(true)
    }

    /// Ends every session of the caller but this one; returns how many ended.
    async fn revoke_other_sessions(&self, ctx: &Context<'_>) -> Result<i32> {
        let caller = signed_in(ctx)?;
        let service = ctx.data::<UsersService>()?;
        let others: Vec<_> = service
            .active_sessions(caller.user_id)
            .await?
            .into_iter()
            .map(|session| session.id)
            .filter(|id| *id != caller.session_id)
            .collect();
        let ended = service
            .end_user_sessions(
                Some(caller.user_id),
                caller.user_id,
                others,
                EndReason::RevokedByUser,
                &origin(ctx),
            )
            .await?;
        Ok(i32::try_from(ended).unwrap_or(i32::MAX))
    }
}

#[derive(Default)]
pub struct SessionQueries;

#[Object]
impl SessionQueries {
    /// The caller's live sessions, most recently active first.
    async fn my_sessions(&self, ctx: &Context<'_>) -> Result<Vec<Session>> {
        let caller = signed_in(ctx)?;
        let service = ctx.data::<UsersService>()?;
        Ok(service
            .active_sessions(caller.user_id)
            .await?
            .into_iter()
            .map(|session| {
                let current = session.id == caller.session_id;
                Session::new(session, current)
            })
            .collect())
    }
}
