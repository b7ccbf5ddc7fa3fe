//! The GraphQL shapes of signing in: tokens, MFA challenges, sessions, MFA setup.

use crate::schema::User;
use crate::service::{MfaSetup, SignedIn};
use async_graphql::{Enum, ID, SimpleObject};
use chrono::{DateTime, Utc};
use entities::users::session;

/// A signed-in session's credentials.
#[derive(SimpleObject)]
pub struct AuthTokens {
    /// EdDSA JWT, 15 minutes; send as `Authorization: Bearer <token>`.
    pub access_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    /// Opaque; single use: `refreshToken` returns its successor.
    pub refresh_token: String,
    /// When the session ends regardless of refreshing (7 days, 30 with `rememberMe`).
    pub session_expires_at: DateTime<Utc>,
    pub session_id: ID,
    pub user: User,
}

impl From<SignedIn> for AuthTokens {
    fn from(signed_in: SignedIn) -> Self {
        Self {
            access_token: signed_in.access.token,
            access_token_expires_at: signed_in.access.expires_at,
            refresh_token: signed_in.refresh.token,
            session_expires_at: signed_in.refresh.session.expires_at,
            session_id: ID(signed_in.refresh.session.id.to_string()),
            user: User::disclosed(signed_in.user),
        }
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum LoginStatus {
    /// Tokens are in `tokens`.
    SignedIn,
    /// Send `mfaTicket` and a TOTP or backup code to `completeMfaLogin`.
    MfaRequired,
}

#[derive(SimpleObject)]
pub struct LoginResult {
    pub status: LoginStatus,
    pub tokens: Option<AuthTokens>,
    /// Short-lived (5 minutes) proof that the password was right.
    pub mfa_ticket: Option<String>,
    pub mfa_ticket_expires_at: Option<DateTime<Utc>>,
}

/// One signed-in device.
#[derive(SimpleObject)]
pub struct Session {
    pub id: ID,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_active_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The session of the token this request carries.
    pub current: bool,
}

impl Session {
    pub fn new(model: session::Model, current: bool) -> Self {
        Self {
            id: ID(model.id.to_string()),
            user_agent: model.user_agent,
            ip: model.ip,
            created_at: model.created_at,
            last_active_at: model.last_active_at,
            expires_at: model.expires_at,
            current,
        }
    }
}

/// What an authenticator app needs to add the account.
#[derive(SimpleObject)]
pub struct MfaSetupPayload {
    /// Base32 secret, for manual entry.
    pub secret: String,
    pub otpauth_uri: String,
    /// The URI as a QR code, an SVG image as a `data:` URL.
    pub qr_code_data_url: String,
}

impl From<MfaSetup> for MfaSetupPayload {
    fn from(setup: MfaSetup) -> Self {
        use base64::Engine as _;
        let svg = base64::engine::general_purpose::STANDARD.encode(setup.qr_svg.as_bytes());
        Self {
            secret: setup.secret,
            otpauth_uri: setup.otpauth_uri,
            qr_code_data_url: format!("data:image/svg+xml;base64,{svg}"),
        }
    }
}

/// Ten single-use backup codes, shown only now.
#[derive(SimpleObject)]
pub struct BackupCodes {
    pub codes: Vec<String>,
}
