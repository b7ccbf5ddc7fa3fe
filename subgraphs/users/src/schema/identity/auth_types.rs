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
    /// When `accessToken` expires (15 minutes after it was issued); refresh before then.
    pub access_token_expires_at: DateTime<Utc>,
    /// Opaque; single use: `refreshToken` returns its successor.
    pub refresh_token: String,
    /// When the session ends regardless of refreshing (7 days, 30 with `rememberMe`).
    pub session_expires_at: DateTime<Utc>,
    /// The session's id, as `mySessions` lists it.
    pub session_id: ID,
    /// The signed-in account, its private fields included.
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

/// How far `login` got.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum LoginStatus {
    /// Tokens are in `tokens`.
    SignedIn,
    /// Send `mfaTicket` and a TOTP or backup code to `completeMfaLogin`.
    MfaRequired,
}

/// The outcome of `login`: the session's tokens, or a ticket for the second factor.
#[derive(SimpleObject)]
pub struct LoginResult {
    /// `SIGNED_IN` with `tokens`, or `MFA_REQUIRED` with `mfaTicket`.
    pub status: LoginStatus,
    /// The new session's credentials; null when `MFA_REQUIRED`.
    pub tokens: Option<AuthTokens>,
    /// Short-lived (5 minutes) proof that the password was right.
    pub mfa_ticket: Option<String>,
    /// When `mfaTicket` expires; null when `SIGNED_IN`.
    pub mfa_ticket_expires_at: Option<DateTime<Utc>>,
}

/// One signed-in device.
#[derive(SimpleObject)]
pub struct Session {
    /// The session's id; pass it to `revokeSession` to end it.
    pub id: ID,
    /// The `User-Agent` of the request that signed in (at most 512 characters); null when none
    /// was sent.
    pub user_agent: Option<String>,
    /// The client IP address the session signed in from; null when unknown.
    pub ip: Option<String>,
    /// When the session signed in.
    pub created_at: DateTime<Utc>,
    /// When the session last signed in or refreshed its tokens.
    pub last_active_at: DateTime<Utc>,
    /// When the session ends regardless of refreshing: 7 days after signing in, 30 with
    /// `rememberMe`.
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
    /// The `otpauth://totp/…` key URI (issuer `iworkz`; 6 digits every 30 seconds), for apps
    /// that open or scan it.
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
    /// Ten codes like `7K3QD-M9XWP`; each stands in once for a TOTP code (letter case and the
    /// hyphen do not matter). New codes replace all earlier ones.
    pub codes: Vec<String>,
}
