//! One configuration for every binary: typed sections (server, database, redis, auth,
//! identity, mail, router, stack), layered as defaults → a YAML file → the environment, and
//! validated once at start with errors that name the key (and the variable that set it).
//!
//! Each binary loads one [`Config`] and composes the sections it needs: a subgraph reads
//! `server`, `database`, `redis` and `auth`; the users subgraph adds `identity` and `mail`; the
//! router reads `router`, `auth` and `redis`; the one-process stack reads them all. Before this
//! crate, five hand-written parsers disagreed about the same variables.
//!
//! - **File:** `IWORKZ_CONFIG` names a YAML file (it must exist); without it `iworkz.yaml` in
//!   the working directory is read when present. `iworkz.example.yaml` documents every key.
//! - **Environment:** every key has one variable ([`env_var_of`]); a variable set to an empty
//!   value counts as unset, except lists (an empty list) and the data-encryption keys (refused).
//! - **Secrets** (database and Redis URLs, `SMTP_URL`, `ADMIN_PASSWORD`, the data-encryption
//!   keys) are [`SecretString`]s: their `Debug` prints `[REDACTED]`, and reading one takes an
//!   explicit [`ExposeSecret::expose_secret`].

mod env;
mod error;
mod events;
mod identity;
mod router;
mod server;
mod validate;

pub use env::{ENV_KEYS, EnvKey, env_var_of};
pub use error::SettingsError;
pub use events::EventsSection;
pub use identity::{
    AdminSection, DataEncryptionSection, IdentitySection, LinksSection, LockoutSection,
    LoginSection, MailSection,
};
mod log_format;
pub use log_format::LogFormat;
pub use router::{
    CorsSection, LimitsSection, PersistedDocumentsSection, RouterSection, TrustedDocumentsMode,
};
pub use secrecy::{ExposeSecret, SecretString};
pub use server::{
    AuthSection, DEFAULT_EVENT_STREAM, DEFAULT_HOST, DEFAULT_USERS_JWKS_URL, DatabaseSection,
    Listener, RedisSection, ServerSection, StackSection,
};

use config::FileFormat;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The variable naming the YAML file to read.
pub const CONFIG_FILE_VAR: &str = "IWORKZ_CONFIG";
/// The file read from the working directory when `IWORKZ_CONFIG` is unset and it exists.
pub const DEFAULT_CONFIG_FILE: &str = "iworkz.yaml";

/// Every setting of the platform, by section.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub server: ServerSection,
    pub database: DatabaseSection,
    pub redis: RedisSection,
    pub events: EventsSection,
    pub auth: AuthSection,
    pub identity: IdentitySection,
    pub mail: MailSection,
    pub router: RouterSection,
    pub stack: StackSection,
}

impl Config {
    /// Defaults, then the configuration file, then the process environment; validated.
    pub fn load() -> Result<Self, SettingsError> {
        let vars = env::process_vars()?;
        let named = vars
            .iter()
            .find(|(var, value)| var == CONFIG_FILE_VAR && !value.trim().is_empty())
            .map(|(_, path)| PathBuf::from(path.trim()));
        let file = match named {
            Some(path) if !path.is_file() => return Err(SettingsError::MissingFile(path)),
            Some(path) => Some(path),
            None => Some(PathBuf::from(DEFAULT_CONFIG_FILE)).filter(|path| path.is_file()),
        };
        Self::from_sources(file.as_deref(), vars)
    }

    /// Defaults, then `file` when given, then `vars` (name, value) pairs; validated. Variables
    /// that are not settings are ignored.
    pub fn from_sources<I>(file: Option<&Path>, vars: I) -> Result<Self, SettingsError>
    where
        I: IntoIterator<Item = (String, String)>,
    {
        let mut builder = config::Config::builder();
        if let Some(path) = file {
            builder = builder.add_source(config::File::from(path).format(FileFormat::Yaml));
        }
        let env = env::EnvVars::new(vars);
        let config: Self = builder
            .add_source(env.clone())
            .build()?
            .try_deserialize()
            .map_err(|error| {
                let origin = env::origin_of(&error, &env, file);
                SettingsError::Load {
                    error: Box::new(error),
                    origin,
                }
            })?;
        config.validate()?;
        Ok(config)
    }

    /// Defaults overridden by `vars` only: for tests and tools.
    pub fn from_vars<I>(vars: I) -> Result<Self, SettingsError>
    where
        I: IntoIterator<Item = (String, String)>,
    {
        Self::from_sources(None, vars)
    }
}

#[cfg(test)]
mod tests;
