//! Completing a sign-in once the password (and, with MFA, the second factor) is proven, shared
//! by every way of signing in: open the session and its refresh token, reset the account's
//! failure count and lock, audit the login and raise `user.login` in one transaction, then
//! clear the throttling counters. The access token carries the user's current role and
//! permissions; refreshing a session issues its token the same way.

use super::SignedIn;
use crate::service::UsersService;
use crate::service::identity::audit::{self, AuditEntry, Origin};
use crate::service::identity::rbac;
use crate::service::identity::tokens::{IssuedToken, Subject};
use chrono::Utc;
use contracts::events::UserLogin;
use entities::users::user;
use kit::{ApiResult, Event};
use sea_orm::{ActiveValue::Set, EntityTrait};
use uuid::Uuid;

impl UsersService {
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
            language: &user.language,
        })
    }
}
