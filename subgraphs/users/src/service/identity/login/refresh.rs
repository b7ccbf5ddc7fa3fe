//! Refreshing a session: the presented refresh token is rotated (reuse detection and the grace
//! window live in `sessions.rs`) and a new access token is issued, only while the account is
//! still active.

use super::SignedIn;
use crate::service::UsersService;
use crate::service::identity::audit::Origin;
use crate::service::identity::roles::UserStatus;
use kit::{ApiError, ApiResult};

impl UsersService {
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
