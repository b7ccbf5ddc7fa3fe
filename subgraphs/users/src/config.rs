//! The users subgraph's identity settings, composed from the platform's one configuration
//! ([`settings::Config`]: its `identity`, `mail` and `auth` sections; every key, its variable
//! and its default are in `iworkz.example.yaml`).

use crate::service::{
    BootstrapAdmin, ClientLinks, DataEncryption, DataEncryptionKeys, LoginPolicy, MailSettings,
    TokenSettings,
};
use chrono::Duration;
use settings::{Config, ExposeSecret, SettingsError};
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct IdentityConfig {
    pub tokens: TokenSettings,
    pub login_policy: LoginPolicy,
    pub mail: MailSettings,
    /// Where mail links point: `PUBLIC_URL` and the web app's routes.
    pub links: ClientLinks,
    pub key_rotation: Duration,
    pub bootstrap_admin: Option<BootstrapAdmin>,
    /// The key-encryption keys that seal signing keys and TOTP secrets at rest.
    pub data_encryption: DataEncryption,
    /// Allow the key file with a PostgreSQL database (`DATA_ENCRYPTION_ALLOW_KEY_FILE`).
    pub allow_key_file_with_postgres: bool,
}

impl Default for IdentityConfig {
    /// The settings' own defaults (one place for them), with no administrator and the key file.
    fn default() -> Self {
        let identity = settings::IdentitySection::default();
        Self {
            tokens: TokenSettings::default(),
            login_policy: LoginPolicy::default(),
            mail: MailSettings::default(),
            links: ClientLinks::from(&identity),
            key_rotation: Duration::days(identity.signing_key_rotation_days.into()),
            bootstrap_admin: None,
            data_encryption: DataEncryption::default(),
            allow_key_file_with_postgres: false,
        }
    }
}

impl IdentityConfig {
    /// From the configuration as the process finds it (file and environment).
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_config(&Config::load()?)
    }

    /// The users subgraph's part of `config`. The issuer and audience are the `auth` section's,
    /// the same every verifier checks.
    pub fn from_config(config: &Config) -> Result<Self, SettingsError> {
        let identity = &config.identity;
        let tokens = TokenSettings {
            issuer: config.auth.issuer.clone(),
            audience: config.auth.audience.clone(),
            ..TokenSettings::default()
        };
        let mail = match &config.mail.smtp_url {
            Some(url) => MailSettings::Smtp(url.clone()),
            None => MailSettings::Sink(PathBuf::from(&config.mail.dir)),
        };
        let bootstrap_admin = match (&identity.admin.email, &identity.admin.password) {
            (Some(email), Some(password)) => Some(BootstrapAdmin {
                email: email.clone(),
                password: password.clone(),
            }),
            _ => None,
        };
        let encryption = &identity.data_encryption;
        let data_encryption = match (&encryption.keys, &encryption.key_file) {
            (Some(keys), _) => {
                DataEncryption::Keys(DataEncryptionKeys::parse(keys.expose_secret()).map_err(
                    |err| SettingsError::invalid("identity.data_encryption.keys", err.to_string()),
                )?)
            }
            (None, Some(path)) => DataEncryption::KeyFile(PathBuf::from(path)),
            (None, None) => DataEncryption::default(),
        };
        Ok(Self {
            tokens,
            login_policy: LoginPolicy {
                window: Duration::seconds(identity.login.window_secs.into()),
                per_account_ip: identity.login.max_per_account_ip,
                per_ip: identity.login.max_per_ip,
                lockout_threshold: identity.lockout.threshold,
                lockout_window: Duration::seconds(identity.lockout.window_secs.into()),
            },
            mail,
            links: ClientLinks::from(identity),
            key_rotation: Duration::days(identity.signing_key_rotation_days.into()),
            bootstrap_admin,
            data_encryption,
            allow_key_file_with_postgres: encryption.allow_key_file,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(pairs: &[(&str, &str)]) -> Result<IdentityConfig, SettingsError> {
        let vars = pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()));
        IdentityConfig::from_config(&Config::from_vars(vars)?)
    }

    #[test]
    fn the_issuer_comes_from_the_shared_auth_section_and_blank_counts_as_unset() {
        let config = identity(&[("JWT_ISSUER", ""), ("JWT_AUDIENCE", "partners")]).unwrap();
        assert_eq!(config.tokens.issuer, "iworkz-users");
        assert_eq!(config.tokens.audience, "partners");
    }

    #[test]
    fn secrets_are_held_without_printing_them() {
        let config = identity(&[
            ("ADMIN_EMAIL", "admin@iworkz.example.jp"),
            ("ADMIN_PASSWORD", "Admin-Secret-2026!"),
            ("SMTP_URL", "smtps://mailer:smtp-secret@smtp.example.jp"),
        ])
        .unwrap();
        let admin = config.bootstrap_admin.as_ref().expect("an administrator");
        assert_eq!(admin.password.expose_secret(), "Admin-Secret-2026!");
        let printed = format!("{config:?}");
        assert!(
            !printed.contains("Admin-Secret") && !printed.contains("smtp-secret"),
            "{printed}"
        );
    }

    #[test]
    fn bad_data_encryption_keys_name_their_key_and_variable() {
        let err = identity(&[("DATA_ENCRYPTION_KEYS", "k1:not-base64")]).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("identity.data_encryption.keys"),
            "{message}"
        );
        assert!(message.contains("DATA_ENCRYPTION_KEYS"), "{message}");
    }
}
