//! Single-use secrets sent by mail (e-mail verification, password reset): 256 random bits,
//! stored as SHA-256, with an expiry; issuing a new one retires the older ones of the same
//! purpose, and using one is a conditional update, so it works once even under races.

use chrono::{Duration, Utc};
use entities::users::one_time_code;
use kit::ApiResult;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    EmailVerification,
    PasswordReset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::EmailVerification => "email_verification",
            Self::PasswordReset => "password_reset",
        }
    }

    /// E-mail links may live a day (single-use and hashed); reset codes ten minutes.
    pub fn lifetime(self) -> Duration {
        match self {
            Self::EmailVerification => Duration::hours(24),
            Self::PasswordReset => Duration::minutes(10),
        }
    }
}

/// Creates a code for `user_id`, retiring earlier unused ones; returns the secret to mail.
pub async fn issue<C: ConnectionTrait>(
    conn: &C,
    user_id: Uuid,
    purpose: Purpose,
) -> ApiResult<String> {
    let now = Utc::now();
    one_time_code::Entity::update_many()
        .col_expr(one_time_code::Column::UsedAt, now.into())
        .filter(one_time_code::Column::UserId.eq(user_id))
        .filter(one_time_code::Column::Purpose.eq(purpose.as_str()))
        .filter(one_time_code::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    let secret = super::sessions::random_token();
    one_time_code::Entity::insert(one_time_code::ActiveModel {
        id: Set(kit::ids::new_id()),
        user_id: Set(user_id),
        purpose: Set(purpose.as_str().to_owned()),
        code_hash: Set(super::sessions::token_hash(&secret)),
        failed_attempts: Set(0),
        created_at: Set(now),
        expires_at: Set(now + purpose.lifetime()),
        used_at: Set(None),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(secret)
}

/// The user of a valid, unused, unexpired code, without using it.
pub async fn peek<C: ConnectionTrait>(
    conn: &C,
    secret: &str,
    purpose: Purpose,
) -> ApiResult<Option<Uuid>> {
    Ok(live(conn, secret, purpose).await?.map(|code| code.user_id))
}

async fn live<C: ConnectionTrait>(
    conn: &C,
    secret: &str,
    purpose: Purpose,
) -> ApiResult<Option<one_time_code::Model>> {
    let code = one_time_code::Entity::find()
        .filter(one_time_code::Column::CodeHash.eq(super::sessions::token_hash(secret.trim())))
        .filter(one_time_code::Column::Purpose.eq(purpose.as_str()))
        .one(conn)
        .await?;
    Ok(code.filter(|code| code.used_at.is_none() && code.expires_at > Utc::now()))
}

/// Uses the code if it is valid, unused and unexpired; returns its user.
pub async fn consume<C: ConnectionTrait>(
    conn: &C,
    secret: &str,
    purpose: Purpose,
) -> ApiResult<Option<Uuid>> {
    let now = Utc::now();
    let Some(code) = live(conn, secret, purpose).await? else {
        return Ok(None);
    };
    let used = one_time_code::Entity::update_many()
        .col_expr(one_time_code::Column::UsedAt, now.into())
        .filter(one_time_code::Column::Id.eq(code.id))
        .filter(one_time_code::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok((used.rows_affected == 1).then_some(code.user_id))
}
