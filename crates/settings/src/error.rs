//! Why settings could not be used, always naming the key and, when a variable set it, the
//! variable.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// A value of the wrong type, an unknown key in the file, or an unreadable file. The
    /// message names the key and where the value came from.
    #[error("invalid settings: {error}{}", origin.as_ref().map(|origin| format!(" in {origin}")).unwrap_or_default())]
    Load {
        error: Box<config::ConfigError>,
        /// Where the value came from, when the error itself does not say (range errors).
        origin: Option<String>,
    },
    /// A value of the right type that cannot be used.
    #[error("invalid settings: `{key}`{} {reason}", variable_note(.key))]
    Invalid { key: String, reason: String },
    #[error("{0} is not valid UTF-8")]
    NotUnicode(String),
    #[error("IWORKZ_CONFIG names {}, which is not a file", .0.display())]
    MissingFile(PathBuf),
}

impl SettingsError {
    /// `key` cannot be used because of `reason` (e.g. "must not be empty").
    pub fn invalid(key: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Invalid {
            key: key.into(),
            reason: reason.into(),
        }
    }
}

impl From<config::ConfigError> for SettingsError {
    fn from(error: config::ConfigError) -> Self {
        Self::Load {
            error: Box::new(error),
            origin: None,
        }
    }
}

fn variable_note(key: &str) -> String {
    crate::env_var_of(key)
        .map(|var| format!(" ({var})"))
        .unwrap_or_default()
}
