//! Access tokens and MFA tickets: short-lived EdDSA JWTs signed with the [`KeyRing`]'s active
//! key. Refresh tokens are opaque and live in `sessions.rs`.

mod keys;

pub use keys::KeyRing;

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, Header, Validation};
use kit::{ApiError, ApiResult};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Access-token settings shared with every verifier.
#[derive(Clone, Debug)]
pub struct TokenSettings {
    pub issuer: String,
    pub audience: String,
    pub access_ttl: Duration,
    pub mfa_ticket_ttl: Duration,
    /// How late a second refresh with the same token still counts as a concurrent one (two
    /// tabs) rather than reuse of a stolen token: 10 seconds.
    pub refresh_reuse_grace: Duration,
    /// How long a rotated-in signing key is published before it signs: 30 seconds.
    pub key_publish_lead: Duration,
}

impl Default for TokenSettings {
    fn default() -> Self {
        Self {
            issuer: "iworkz-users".into(),
            audience: "iworkz-graph".into(),
            access_ttl: Duration::minutes(15),
            mfa_ticket_ttl: Duration::minutes(5),
            refresh_reuse_grace: Duration::seconds(10),
            key_publish_lead: Duration::seconds(30),
        }
    }
}

/// What an access token says about its bearer.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: String,
    pub role: String,
    pub permissions: Vec<String>,
    pub sid: String,
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    pub nbf: i64,
    pub jti: String,
    /// The user's language preference, for messages (see `access::AccessClaims::lang`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// Proof that a password was right, exchanged for tokens once a second factor is given.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct MfaTicketClaims {
    sub: String,
    iss: String,
    aud: String,
    exp: i64,
    iat: i64,
    jti: String,
    /// Whether the login asked to be remembered.
    remember: bool,
}

/// The audience of MFA tickets: never accepted as an access token.
const MFA_TICKET_AUDIENCE: &str = "iworkz-mfa-ticket";

/// A signed access token and when it expires.
pub struct IssuedToken {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Who an access token is for.
pub struct Subject<'a> {
    pub user_id: Uuid,
    pub role: &'a str,
    pub permissions: &'a [String],
    pub session_id: Uuid,
    /// The user's language preference (`ja`, `en`).
    pub language: &'a str,
}

#[derive(Clone)]
pub struct TokenIssuer {
    keys: KeyRing,
    settings: TokenSettings,
}

impl TokenIssuer {
    pub fn new(keys: KeyRing, settings: TokenSettings) -> Self {
        Self { keys, settings }
    }

    pub fn keys(&self) -> &KeyRing {
        &self.keys
    }

    pub fn settings(&self) -> &TokenSettings {
        &self.settings
    }

    pub fn access_token(&self, subject: Subject<'_>) -> ApiResult<IssuedToken> {
        let now = Utc::now();
        let expires_at = now + self.settings.access_ttl;
        let claims = AccessClaims {
            sub: subject.user_id.to_string(),
            role: subject.role.to_owned(),
            permissions: subject.permissions.to_vec(),
            sid: subject.session_id.to_string(),
            iss: self.settings.issuer.clone(),
            aud: self.settings.audience.clone(),
            exp: expires_at.timestamp(),
            iat: now.timestamp(),
            nbf: now.timestamp(),
            jti: Uuid::new_v4().to_string(),
            lang: Some(subject.language.to_owned()),
        };
        Ok(IssuedToken {
            token: self.sign(&claims)?,
            expires_at,
        })
    }

    pub fn mfa_ticket(&self, user_id: Uuid, remember: bool) -> ApiResult<IssuedToken> {
        let now = Utc::now();
        let expires_at = now + self.settings.mfa_ticket_ttl;
        let claims = MfaTicketClaims {
            sub: user_id.to_string(),
            iss: self.settings.issuer.clone(),
            aud: MFA_TICKET_AUDIENCE.into(),
            exp: expires_at.timestamp(),
            iat: now.timestamp(),
            jti: Uuid::new_v4().to_string(),
            remember,
        };
        Ok(IssuedToken {
            token: self.sign(&claims)?,
            expires_at,
        })
    }

    /// The user and remember-me flag of a valid, unexpired MFA ticket.
    pub async fn verify_mfa_ticket(&self, ticket: &str) -> ApiResult<(Uuid, bool)> {
        let invalid = || ApiError::invalid("mfaTicket", "is invalid or expired");
        let header = jsonwebtoken::decode_header(ticket).map_err(|_| invalid())?;
        let kid = header.kid.ok_or_else(invalid)?;
        let key = self.keys.decoding_key(&kid).await?.ok_or_else(invalid)?;
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_audience(&[MFA_TICKET_AUDIENCE]);
        validation.set_issuer(&[&self.settings.issuer]);
        validation.leeway = 0;
        let data = jsonwebtoken::decode::<MfaTicketClaims>(ticket, &key, &validation)
            .map_err(|_| invalid())?;
        let user_id = Uuid::parse_str(&data.claims.sub).map_err(|_| invalid())?;
        Ok((user_id, data.claims.remember))
    }

    fn sign<T: Serialize>(&self, claims: &T) -> ApiResult<String> {
        let key = self.keys.active()?;
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(key.kid);
        jsonwebtoken::encode(&header, claims, &key.encoding)
            .map_err(|err| ApiError::internal("sign token", err))
    }
}
