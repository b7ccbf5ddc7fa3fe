//! The caller's rights over their data: a copy of everything stored about them, and erasure.

use crate::schema::request::{MAX_PASSWORD, bounded, origin, signed_in};
use crate::service::UsersService;
use async_graphql::{Context, Json, Object, Result};

#[derive(Default)]
pub struct PrivacyMutations;

#[Object]
impl PrivacyMutations {
    /// Everything stored about the caller as one JSON document: account and profile fields,
    /// consents, roles, candidate profile, company memberships, sessions, security state and
    /// the audit rows about them. Secrets (password hashes, the TOTP secret, code and token
    /// hashes) are never included. A mutation because each export is recorded in the audit log
    /// (`data_export`).
    async fn export_my_data(&self, ctx: &Context<'_>) -> Result<Json<serde_json::Value>> {
        let caller = signed_in(ctx)?;
        let service = ctx.data::<UsersService>()?;
        Ok(Json(
            service
                .export_user_data(caller.user_id, &origin(ctx))
                .await?,
        ))
    }

    /// Deletes the caller's account after re-checking `password` (a wrong one answers
    /// `BAD_USER_INPUT` on `password`, throttled like a login). Personal data is erased and the
    /// account anonymised, every session ends at once, and the e-mail address is free to sign up
    /// again; the audit trail is kept. Raises `user.deleted`.
    async fn delete_my_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Your current password; at most 128 characters.")] password: String,
    ) -> Result<bool> {
        bounded(&[("password", Some(&password), MAX_PASSWORD)])?;
        let caller = signed_in(ctx)?;
        let service = ctx.data::<UsersService>()?;
        service
            .delete_account(caller.user_id, &password, &origin(ctx))
            .await?;
        Ok(true)
    }
}
