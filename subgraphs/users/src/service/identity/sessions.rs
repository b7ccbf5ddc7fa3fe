//! Sessions and their rotating refresh tokens.
//!
//! A refresh token is 256 random bits, shown once and stored as its SHA-256. Every
//! `refreshToken` call rotates it: the old row records its successor. Presenting a rotated
//! token again means it was copied, so the whole family (the session) is revoked and
//! `user.security_violation` raised — except within the reuse grace (10 s) of the
//! rotation, where it is two tabs refreshing at once: the late one gets a successor of its own
//! instead of logging the user out (the grace window is short and a token can be used this way
//! only while its rotation is that fresh).
//!
//! Sessions have an absolute lifetime (7 days, 30 with remember-me) that refreshing does not
//! extend. Revoking one also lists its id in the session revocation list until its access
//! tokens have expired, so the router and every subgraph stop accepting them at once.

use super::audit::{self, AuditEntry, Origin};
use crate::service::UsersService;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use contracts::events::{UserLogout, UserSecurityViolation};
use entities::users::{refresh_token, session};
use kit::{ApiError, ApiResult, Event};
use password_hash::rand_core::{OsRng, RngCore};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub const SESSION_TTL: Duration = Duration::days(7);
pub const REMEMBERED_SESSION_TTL: Duration = Duration::days(30);

/// A fresh refresh token: the value for the client and its session.
pub struct NewRefreshToken {
    pub token: String,
    pub session: session::Model,
}

/// The stored form of a refresh token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

async fn insert_token<C: ConnectionTrait>(
    conn: &C,
    family_id: Uuid,
    expires_at: DateTime<Utc>,
) -> ApiResult<(Uuid, String)> {
    let token = random_token();
    let id = kit::ids::new_id();
    refresh_token::Entity::insert(refresh_token::ActiveModel {
        id: Set(id),
        family_id: Set(family_id),
        token_hash: Set(token_hash(&token)),
        created_at: Set(Utc::now()),
        expires_at: Set(expires_at),
        rotated_at: Set(None),
        replaced_by: Set(None),
    })
    .exec_without_returning(conn)
    .await?;
    Ok((id, token))
}

/// Why a session ended.
#[derive(Clone, Copy, Debug)]
pub enum EndReason {
    Logout,
    RevokedByUser,
    PasswordChanged,
    RefreshTokenReuse,
    Suspended,
    AccountDeleted,
}

impl EndReason {
    fn as_str(self) -> &'static str {
        match self {
            Self::Logout => "logout",
            Self::RevokedByUser => "revoked_by_user",
            Self::PasswordChanged => "password_changed",
            Self::RefreshTokenReuse => "refresh_token_reuse",
            Self::Suspended => "suspended",
            Self::AccountDeleted => "account_deleted",
        }
    }
}

impl UsersService {
    /// Opens a session for a user who has just proven who they are, on `conn` (the login's
    /// transaction).
    pub(super) async fn open_session<C: ConnectionTrait>(
        &self,
        conn: &C,
        user_id: Uuid,
        remember_me: bool,
        origin: &Origin,
    ) -> ApiResult<NewRefreshToken> {
        let now = Utc::now();
        let ttl = if remember_me {
            REMEMBERED_SESSION_TTL
        } else {
            SESSION_TTL
        };
        let session = session::ActiveModel {
            id: Set(kit::ids::new_id()),
            user_id: Set(user_id),
            user_agent: Set(origin.user_agent.clone().map(|ua| truncate(ua, 512))),
            ip: Set(origin.ip.clone()),
            remember_me: Set(remember_me),
            created_at: Set(now),
            last_active_at: Set(now),
            expires_at: Set(now + ttl),
            revoked_at: Set(None),
            revoked_reason: Set(None),
        };
        let session = session::Entity::insert(session)
            .exec_with_returning(conn)
            .await?;
        let (_, token) = insert_token(conn, session.id, session.expires_at).await?;
        Ok(NewRefreshToken { token, session })
    }

    /// Exchanges a refresh token for its successor (see the module doc for reuse and grace).
    pub async fn rotate_refresh_token(
        &self,
        presented: &str,
        origin: &Origin,
    ) -> ApiResult<NewRefreshToken> {
        let invalid = || ApiError::Unauthenticated;
        let now = Utc::now();
        let stored = refresh_token::Entity::find()
            .filter(refresh_token::Column::TokenHash.eq(token_hash(presented)))
            .one(self.db())
            .await?
            .ok_or_else(invalid)?;
        let session = session::Entity::find_by_id(stored.family_id)
            .one(self.db())
            .await?
            .ok_or_else(invalid)?;
        if session.revoked_at.is_some() || session.expires_at <= now || stored.expires_at <= now {
            return Err(invalid());
        }
        if let Some(rotated_at) = stored.rotated_at
            && now - rotated_at > self.tokens().settings().refresh_reuse_grace
        {
            self.revoke_family_on_reuse(&session, origin).await?;
            return Err(invalid());
        }
        let txn = kit::db::begin_write(self.db()).await?;
        let (successor, token) = insert_token(&txn, session.id, session.expires_at).await?;
        if stored.rotated_at.is_none() {
            // Only one concurrent rotation wins the first rotation; a loser falls in the grace
            // window (it was rotated an instant ago) and gets its own successor.
            refresh_token::Entity::update_many()
                .col_expr(refresh_token::Column::RotatedAt, now.into())
                .col_expr(refresh_token::Column::ReplacedBy, successor.into())
                .filter(refresh_token::Column::Id.eq(stored.id))
                .filter(refresh_token::Column::RotatedAt.is_null())
                .exec(&txn)
                .await?;
        }
        session::Entity::update_many()
            .col_expr(session::Column::LastActiveAt, now.into())
            .filter(session::Column::Id.eq(session.id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(NewRefreshToken { token, session })
    }

    async fn revoke_family_on_reuse(
        &self,
        session: &session::Model,
        origin: &Origin,
    ) -> ApiResult<()> {
        tracing::warn!(session = %session.id, user = %session.user_id, "refresh token reuse: revoking the session");
        let txn = kit::db::begin_write(self.db()).await?;
        self.end_sessions(&txn, &[session.id], EndReason::RefreshTokenReuse)
            .await?;
        audit::record(
            &txn,
            AuditEntry::own("refresh_token_reuse", session.user_id)
                .failed()
                .details(serde_json::json!({"sessionId": session.id})),
            origin,
        )
        .await?;
        let event = Event::of(
            session.user_id,
            &UserSecurityViolation {
                user_id: session.user_id,
                kind: "refresh_token_reuse".into(),
                session_id: session.id,
                ip: origin.ip.clone(),
            },
        )?;
        self.outbox().enqueue(&txn, &event).await?;
        txn.commit().await?;
        self.announce_revoked(&[session.id]).await?;
        self.outbox().wake();
        Ok(())
    }

    /// Marks sessions ended on `conn`; call [`UsersService::announce_revoked`] after commit.
    pub(in crate::service) async fn end_sessions<C: ConnectionTrait>(
        &self,
        conn: &C,
        ids: &[Uuid],
        reason: EndReason,
    ) -> ApiResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        session::Entity::update_many()
            .col_expr(session::Column::RevokedAt, Utc::now().into())
            .col_expr(session::Column::RevokedReason, reason.as_str().into())
            .filter(session::Column::Id.is_in(ids.to_vec()))
            .filter(session::Column::RevokedAt.is_null())
            .exec(conn)
            .await?;
        Ok(())
    }

    /// Lists ended sessions in the revocation list, so their access tokens stop working
    /// everywhere before they expire.
    pub(in crate::service) async fn announce_revoked(&self, ids: &[Uuid]) -> ApiResult<()> {
        let ttl = self.tokens().settings().access_ttl;
        for id in ids {
            self.revocations()
                .revoke(*id, ttl.to_std().unwrap_or_default())
                .await
                .map_err(|err| ApiError::internal("session revocation list", err))?;
        }
        Ok(())
    }

    /// The live sessions of a user, most recently active first.
    pub async fn active_sessions(&self, user_id: Uuid) -> ApiResult<Vec<session::Model>> {
        Ok(session::Entity::find()
            .filter(session::Column::UserId.eq(user_id))
            .filter(session::Column::RevokedAt.is_null())
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .order_by_desc(session::Column::LastActiveAt)
            .all(self.db())
            .await?)
    }

    /// Ids of a user's live sessions other than `keep`.
    pub(in crate::service) async fn other_session_ids(
        &self,
        user_id: Uuid,
        keep: Option<Uuid>,
    ) -> ApiResult<Vec<Uuid>> {
        Ok(self
            .active_sessions(user_id)
            .await?
            .into_iter()
            .map(|session| session.id)
            .filter(|id| Some(*id) != keep)
            .collect())
    }

    /// Ends sessions of `user_id` (only theirs) for a reason, with an audit row and the
    /// revocation list; returns how many ended.
    pub async fn end_user_sessions(
        &self,
        actor: Option<Uuid>,
        user_id: Uuid,
        ids: Vec<Uuid>,
        reason: EndReason,
        origin: &Origin,
    ) -> ApiResult<usize> {
        let owned: Vec<Uuid> = self
            .active_sessions(user_id)
            .await?
            .into_iter()
            .map(|session| session.id)
            .filter(|id| ids.contains(id))
            .collect();
        let txn = kit::db::begin_write(self.db()).await?;
        self.end_sessions(&txn, &owned, reason).await?;
        let action = match reason {
            EndReason::Logout => "logout",
            _ => "session_revoked",
        };
        let mut entry = AuditEntry::own(action, user_id)
            .details(serde_json::json!({"sessions": owned, "reason": reason.as_str()}));
        entry.actor_id = actor;
        audit::record(&txn, entry, origin).await?;
        if matches!(reason, EndReason::Logout) {
            let event = Event::of(
                user_id,
                &UserLogout {
                    user_id,
                    sessions: owned.clone(),
                },
            )?;
            self.outbox().enqueue(&txn, &event).await?;
        }
        txn.commit().await?;
        self.announce_revoked(&owned).await?;
        self.outbox().wake();
        Ok(owned.len())
    }
}

fn truncate(mut value: String, max: usize) -> String {
    if value.len() > max {
        let mut end = max;
        while !value.is_char_boundary(end) {
            end -= 1;
        }
        value.truncate(end);
    }
    value
}
