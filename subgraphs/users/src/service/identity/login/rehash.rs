//! Upgrading a stored password hash made with older parameters. Once `login` has checked the
//! password (and an MFA code sent with it), while the password is at hand, it is hashed again
//! with the current parameters, so raising the hashing cost reaches accounts as they sign in,
//! without a reset.

use crate::service::UsersService;
use entities::users::user;
use kit::ApiResult;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

impl UsersService {
    pub(super) async fn upgrade_hash_if_needed(
        &self,
        user: &user::Model,
        password: &str,
    ) -> ApiResult<()> {
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
}
