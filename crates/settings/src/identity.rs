//! The users subgraph's identity settings (`identity`) and how it sends mail (`mail`).

use crate::SettingsError;
use secrecy::SecretString;
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IdentitySection {
    /// `PUBLIC_URL`: the address links in mail point to.
    pub public_url: String,
    /// The client routes under `public_url` that links in mail open.
    pub links: LinksSection,
    /// `SIGNING_KEY_ROTATION_DAYS`: a new token signing key after this age.
    pub signing_key_rotation_days: u32,
    pub login: LoginSection,
    pub lockout: LockoutSection,
    pub admin: AdminSection,
    pub data_encryption: DataEncryptionSection,
}

impl Default for IdentitySection {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:4000".to_owned(),
            links: LinksSection::default(),
            signing_key_rotation_days: 30,
            login: LoginSection::default(),
            lockout: LockoutSection::default(),
            admin: AdminSection::default(),
            data_encryption: DataEncryptionSection::default(),
        }
    }
}

/// The web app's routes that links in mail open, each a path under `PUBLIC_URL` that takes the
/// mailed secret as a query parameter. The router serves a minimal page at each default path,
/// so the links work with `cargo run`; a web app implements them (see docs/identity.md, "Links in mail").
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct LinksSection {
    /// `LINK_VERIFY_EMAIL_PATH`: confirms an address with `?token=…` (`verifyEmail`).
    pub verify_email: String,
    /// `LINK_RESET_PASSWORD_PATH`: sets a new password with `?code=…` (`resetPassword`).
    pub reset_password: String,
    /// `LINK_SIGN_IN_PATH`: where a user signs in.
    pub sign_in: String,
    /// `LINK_ACCEPT_INVITATION_PATH`: joins a company with `?token=…`
    /// (`invitationPreview`, `acceptCompanyInvitation`).
    pub accept_invitation: String,
}

impl Default for LinksSection {
    fn default() -> Self {
        Self {
            verify_email: "/verify-email".to_owned(),
            reset_password: "/reset-password".to_owned(),
            sign_in: "/sign-in".to_owned(),
            accept_invitation: "/accept-invitation".to_owned(),
        }
    }
}

/// Paths the router answers itself, which a link route must not shadow.
const ROUTER_PATHS: &[&str] = &["/graphql", "/health", "/metrics", "/.well-known"];

impl LinksSection {
    /// Each route is a plain path (the router serves it; the secret goes in the query), none
    /// repeats another or shadows one of the router's own.
    pub(crate) fn validate(&self) -> Result<(), SettingsError> {
        let routes = [
            ("identity.links.verify_email", &self.verify_email),
            ("identity.links.reset_password", &self.reset_password),
            ("identity.links.sign_in", &self.sign_in),
            ("identity.links.accept_invitation", &self.accept_invitation),
        ];
        for (index, &(key, path)) in routes.iter().enumerate() {
            let plain = path.len() > 1
                && path.starts_with('/')
                && path
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'));
            if !plain {
                return Err(SettingsError::invalid(
                    key,
                    "must be a path such as /verify-email (letters, digits, / - _ . only)",
                ));
            }
            if ROUTER_PATHS.iter().any(|own| path.starts_with(own)) {
                return Err(SettingsError::invalid(
                    key,
                    "is one of the router's own paths",
                ));
            }
            if routes[..index].iter().any(|&(_, other)| other == path) {
                return Err(SettingsError::invalid(key, "repeats another link's path"));
            }
        }
        Ok(())
    }
}

/// Sign-in throttling.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct LoginSection {
    /// `LOGIN_WINDOW_SECS`: the throttling window.
    pub window_secs: u32,
    /// `LOGIN_MAX_PER_ACCOUNT_IP`: attempts per account and IP in a window.
    pub max_per_account_ip: u32,
    /// `LOGIN_MAX_PER_IP`: failed attempts per IP, across accounts, in a window (successful
    /// sign-ins never count).
    pub max_per_ip: u32,
}

impl Default for LoginSection {
    fn default() -> Self {
        Self {
            window_secs: 900,
            max_per_account_ip: 5,
            max_per_ip: 20,
        }
    }
}

/// Account lockout after repeated failures.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct LockoutSection {
    /// `LOCKOUT_THRESHOLD`: failures on one account, from any IP, that lock it.
    pub threshold: u32,
    /// `LOCKOUT_WINDOW_SECS`: the failure counter's window; a lock ends with it.
    pub window_secs: u32,
}

impl Default for LockoutSection {
    fn default() -> Self {
        Self {
            threshold: 10,
            window_secs: 1800,
        }
    }
}

/// The first administrator, created at start when none exists. Both or neither.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdminSection {
    /// `ADMIN_EMAIL`.
    pub email: Option<String>,
    /// `ADMIN_PASSWORD`.
    pub password: Option<SecretString>,
}

/// The key-encryption keys that seal signing keys and TOTP secrets at rest.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DataEncryptionSection {
    /// `DATA_ENCRYPTION_KEYS`: `kid:base64(32 bytes)` entries, comma-separated; the first
    /// seals. Set but empty is refused: in production that is a missing secret.
    pub keys: Option<SecretString>,
    /// `DATA_ENCRYPTION_KEY_FILE`: without keys, they are kept in (and generated once into)
    /// this file; default `data/data-encryption.key`. Embedded mode only.
    pub key_file: Option<String>,
    /// `DATA_ENCRYPTION_ALLOW_KEY_FILE`: allow the key file with a PostgreSQL database. A key
    /// kept in a file beside a production database protects little, so without this the users
    /// subgraph refuses to start that way.
    pub allow_key_file: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailSection {
    /// `SMTP_URL` (e.g. `smtps://user:pass@smtp.example.com`): unset writes mail to `dir`.
    pub smtp_url: Option<SecretString>,
    /// `MAIL_DIR`: the sink folder, one `.eml` file per mail.
    pub dir: String,
}

impl Default for MailSection {
    fn default() -> Self {
        Self {
            smtp_url: None,
            dir: "data/mail".to_owned(),
        }
    }
}
