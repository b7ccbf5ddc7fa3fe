//! E-mail verification, password change and reset, and MFA enrolment.

use super::auth_types::{BackupCodes, MfaSetupPayload};
use crate::schema::User;
use crate::schema::request::{
    MAX_CODE, MAX_EMAIL, MAX_PASSWORD, MAX_TOKEN, bounded, origin, signed_in,
};
use crate::service::UsersService;
use async_graphql::{Context, Object, Result};

#[derive(Default)]
pub struct CredentialMutations;

#[Object]
impl CredentialMutations {
    /// Confirms the e-mail address with the token from the verification mail and activates a
    /// pending account.
    async fn verify_email(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The code from the verification mail, which its link also carries; valid 24 \
                    hours, once."
        )]
        token: String,
    ) -> Result<User> {
        bounded(&[("token", Some(&token), MAX_TOKEN)])?;
        let service = ctx.data::<UsersService>()?;
        Ok(User::disclosed(
            service.verify_email(&token, &origin(ctx)).await?,
        ))
    }

    /// Mails a new verification link if the address has an unverified account; answers the
    /// same for any address, at most once a minute per address (`RATE_LIMITED`).
    async fn resend_verification_email(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The address signed up with; at most 254 characters.")] email: String,
    ) -> Result<bool> {
        bounded(&[("email", Some(&email), MAX_EMAIL)])?;
        let service = ctx.data::<UsersService>()?;
        service.resend_verification(&email).await?;
        Ok(true)
    }

    /// Needs the current password; refuses the last five; ends every other session.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The password now; at most 128 characters.")] current_password: String,
        #[graphql(
            desc = "12 to 128 characters; not a common password, not containing your e-mail \
                    address or name, and none of your last five."
        )]
        new_password: String,
    ) -> Result<bool> {
        bounded(&[
            ("currentPassword", Some(&current_password), MAX_PASSWORD),
            ("newPassword", Some(&new_password), MAX_PASSWORD),
        ])?;
        let caller = signed_in(ctx)?;
        let service = ctx.data::<UsersService>()?;
        service
            .change_password(
                caller.user_id,
                Some(caller.session_id),
                &current_password,
                &new_password,
                &origin(ctx),
            )
            .await?;
        Ok(true)
    }

    /// Mails a reset code when the address has an account. Always answers `true`.
    async fn request_password_reset(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's address; at most 254 characters.")] email: String,
    ) -> Result<bool> {
        bounded(&[("email", Some(&email), MAX_EMAIL)])?;
        let service = ctx.data::<UsersService>()?;
        service.request_password_reset(&email, &origin(ctx)).await?;
        Ok(true)
    }

    /// Sets a new password with the mailed code (10 minutes, once); with MFA enabled,
    /// `mfaCode` is required too. Ends every session.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The code from the reset mail; valid 10 minutes, once.")] code: String,
        #[graphql(
            desc = "12 to 128 characters; not a common password, not containing your e-mail \
                    address or name, and none of your last five."
        )]
        new_password: String,
        #[graphql(
            desc = "Required when the account has MFA enabled (else `MFA_REQUIRED`): a 6-digit \
                    TOTP code or an unused backup code."
        )]
        mfa_code: Option<String>,
    ) -> Result<bool> {
        bounded(&[
            ("code", Some(&code), MAX_TOKEN),
            ("newPassword", Some(&new_password), MAX_PASSWORD),
            ("mfaCode", mfa_code.as_deref(), MAX_CODE),
        ])?;
        let service = ctx.data::<UsersService>()?;
        service
            .reset_password(&code, &new_password, mfa_code.as_deref(), &origin(ctx))
            .await?;
        Ok(true)
    }

    /// Starts TOTP enrolment: a secret, its `otpauth://` URI and a QR code.
    async fn setup_mfa(&self, ctx: &Context<'_>) -> Result<MfaSetupPayload> {
        let caller = signed_in(ctx)?;
        let service = ctx.data::<UsersService>()?;
        Ok(service.setup_mfa(caller.user_id).await?.into())
    }

    /// Enables MFA with a code from the authenticator; returns ten backup codes, once.
    async fn confirm_mfa(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A 6-digit code from the authenticator app set up with `setupMfa`.")]
        code: String,
    ) -> Result<BackupCodes> {
        bounded(&[("code", Some(&code), MAX_CODE)])?;
        let caller = signed_in(ctx)?;
        let service = ctx.data::<UsersService>()?;
        let codes = service
            .confirm_mfa(caller.user_id, &code, &origin(ctx))
            .await?;
        Ok(BackupCodes { codes })
    }

    /// Turns MFA off; needs the password.
    async fn disable_mfa(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Your current password; a wrong one is throttled like a login.")]
        password: String,
    ) -> Result<bool> {
        bounded(&[("password", Some(&password), MAX_PASSWORD)])?;
        let caller = signed_in(ctx)?;
        let service = ctx.data::<UsersService>()?;
        service
            .disable_mfa(caller.user_id, &password, &origin(ctx))
            .await?;
        Ok(true)
    }

    /// Replaces the backup codes; needs the password.
    async fn regenerate_backup_codes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Your current password; a wrong one is throttled like a login.")]
        password: String,
    ) -> Result<BackupCodes> {
        bounded(&[("password", Some(&password), MAX_PASSWORD)])?;
        let caller = signed_in(ctx)?;
        let service = ctx.data::<UsersService>()?;
        let codes = service
            .regenerate_backup_codes(caller.user_id, &password, &origin(ctx))
            .await?;
        Ok(BackupCodes { codes })
    }
}
