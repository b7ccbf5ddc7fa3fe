//! The identity settings of the users subgraph, read from the environment once at start.
//!
//! | variable | default |
//! |---|---|
//! | `JWT_ISSUER`, `JWT_AUDIENCE` | `iworkz-users`, `iworkz-graph` |
//! | `SIGNING_KEY_ROTATION_DAYS` | `30`: a new signing key after this age |
//! | `SMTP_URL` | unset: mail goes to the sink folder |
//! | `MAIL_DIR` | `data/mail` (the sink) |
//! | `PUBLIC_URL` | `http://127.0.0.1:4000` (links in mail) |
//! | `LOGIN_WINDOW_SECS`, `LOGIN_MAX_PER_ACCOUNT_IP`, `LOGIN_MAX_PER_IP` | `900`, `5`, `20` |
//! | `LOCKOUT_THRESHOLD`, `LOCKOUT_WINDOW_SECS` | `10`, `1800` |
//! | `ADMIN_EMAIL`, `ADMIN_PASSWORD` | unset: the first administrator, created when none exists |
//! | `DATA_ENCRYPTION_KEYS` | unset: keys from `DATA_ENCRYPTION_KEY_FILE`; `kid:base64(32 bytes)`, comma-separated, the first seals |
//! | `DATA_ENCRYPTION_KEY_FILE` | `data/data-encryption.key`: generated once when the keys are unset (embedded mode only) |

use crate::service::{
    BootstrapAdmin, DataEncryption, DataEncryptionKeys, LoginPolicy, MailSettings, TokenSettings,
};
use chrono::Duration;
use std::env;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct IdentityConfig {
    pub tokens: TokenSettings,
    pub login_policy: LoginPolicy,
    pub mail: MailSettings,
    pub public_url: String,
    pub key_rotation: Duration,
    pub bootstrap_admin: Option<BootstrapAdmin>,
    /// The key-encryption keys that seal signing keys and TOTP secrets at rest.
    pub data_encryption: DataEncryption,
}

impl Default for IdentityConfig {
    fn default() -> Self {
        Self {
            tokens: TokenSettings::default(),
            login_policy: LoginPolicy::default(),
            mail: MailSettings::default(),
            public_url: "http://127.0.0.1:4000".into(),
            key_rotation: Duration::days(30),
            bootstrap_admin: None,
            data_encryption: DataEncryption::default(),
        }
    }
}

fn number<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match env::var(name) {
        Ok(value) => value
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{name} must be a number, got {value:?}")),
        Err(_) => Ok(default),
    }
}

impl IdentityConfig {
    pub fn from_env() -> anyhow::Result<Self> {
        let defaults = Self::default();
        let policy = defaults.login_policy.clone();
        let mut tokens = defaults.tokens.clone();
        if let Ok(issuer) = env::var("JWT_ISSUER") {
            tokens.issuer = issuer;
        }
        if let Ok(audience) = env::var("JWT_AUDIENCE") {
            tokens.audience = audience;
        }
        let mail = match env::var("SMTP_URL").ok().filter(|url| !url.is_empty()) {
            Some(url) => MailSettings::Smtp(url),
            None => MailSettings::Sink(
                env::var("MAIL_DIR")
                    .map(PathBuf::from)
                    .unwrap_or_else(|_| PathBuf::from("data/mail")),
            ),
        };
        Ok(Self {
            tokens,
            login_policy: LoginPolicy {
                window: Duration::seconds(number(
                    "LOGIN_WINDOW_SECS",
                    policy.window.num_seconds(),
                )?),
                per_account_ip: number("LOGIN_MAX_PER_ACCOUNT_IP", policy.per_account_ip)?,
                per_ip: number("LOGIN_MAX_PER_IP", policy.per_ip)?,
                lockout_threshold: number("LOCKOUT_THRESHOLD", policy.lockout_threshold)?,
                lockout_window: Duration::seconds(number(
                    "LOCKOUT_WINDOW_SECS",
                    policy.lockout_window.num_seconds(),
                )?),
            },
            mail,
            public_url: env::var("PUBLIC_URL").unwrap_or(defaults.public_url),
            key_rotation: Duration::days(number("SIGNING_KEY_ROTATION_DAYS", 30)?),
            bootstrap_admin: match (env::var("ADMIN_EMAIL"), env::var("ADMIN_PASSWORD")) {
                (Ok(email), Ok(password)) => Some(BootstrapAdmin { email, password }),
                _ => None,
            },
            data_encryption: data_encryption()?,
        })
    }
}

/// Set but empty is refused rather than falling back to the key file: in production that is a
/// missing secret, not a request for the embedded default.
fn data_encryption() -> anyhow::Result<DataEncryption> {
    match env::var("DATA_ENCRYPTION_KEYS") {
        Ok(value) => Ok(DataEncryption::Keys(DataEncryptionKeys::parse(&value)?)),
        Err(env::VarError::NotUnicode(_)) => {
            anyhow::bail!("DATA_ENCRYPTION_KEYS must be kid:base64(32 bytes) entries")
        }
        Err(env::VarError::NotPresent) => Ok(match env::var("DATA_ENCRYPTION_KEY_FILE") {
            Ok(path) if !path.is_empty() => DataEncryption::KeyFile(PathBuf::from(path)),
            _ => DataEncryption::default(),
        }),
    }
}
