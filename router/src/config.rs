//! Typed router settings. Every setting has an environment variable and a default that works
//! for the embedded stack, and is validated once at start so a typo fails fast instead of
//! surfacing as a confusing request error later.
//!
//! | variable               | default                      |
//! |------------------------|------------------------------|
//! | `ROUTER_HOST`          | `127.0.0.1`                  |
//! | `ROUTER_PORT`          | `4000` (`0` picks a free one) |
//! | `SUPERGRAPH_PATH`      | `schema/supergraph.graphql`  |
//! | `SUBGRAPH_<NAME>_URL`  | the supergraph's `join__graph(url:)` |

use std::collections::HashMap;
use std::path::PathBuf;

pub const DEFAULT_HOST: &str = "127.0.0.1";
pub const DEFAULT_PORT: u16 = 4000;
pub const DEFAULT_SUPERGRAPH_PATH: &str = "schema/supergraph.graphql";

/// Where the router listens, which supergraph it serves and where the subgraphs are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouterConfig {
    pub host: String,
    /// `0` binds a random free port (tests); read it back with `Application::port`.
    pub port: u16,
    /// Watched: the router reloads it when it changes.
    pub supergraph_path: PathBuf,
    /// Subgraph name (lowercase, as in `supergraph.yaml`) → GraphQL URL, overriding the
    /// supergraph's `join__graph(url:)`.
    pub subgraph_urls: HashMap<String, String>,
}

impl Default for RouterConfig {
    fn default() -> Self {
        Self {
            host: DEFAULT_HOST.to_owned(),
            port: DEFAULT_PORT,
            supergraph_path: PathBuf::from(DEFAULT_SUPERGRAPH_PATH),
            subgraph_urls: HashMap::new(),
        }
    }
}

/// A setting from the environment that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{var} must be a port number (0-65535), got {value:?}")]
    InvalidPort { var: String, value: String },
    #[error("{var} must be an http:// or https:// URL, got {value:?}")]
    InvalidUrl { var: String, value: String },
    #[error("{var} must not be empty")]
    Empty { var: String },
    #[error("{var} is not valid UTF-8")]
    NotUnicode { var: String },
}

impl RouterConfig {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let mut vars = Vec::new();
        for (name, value) in std::env::vars_os() {
            // Only our own variables must be UTF-8; anything else in the environment is ignored.
            let Some(name) = name.to_str().map(str::to_owned) else {
                continue;
            };
            if !is_router_var(&name) {
                continue;
            }
            let value = value
                .into_string()
                .map_err(|_| ConfigError::NotUnicode { var: name.clone() })?;
            vars.push((name, value));
        }
        Self::from_vars(vars)
    }

    /// The same as [`RouterConfig::from_env`] over an explicit list of variables.
    pub fn from_vars<I>(vars: I) -> Result<Self, ConfigError>
    where
        I: IntoIterator<Item = (String, String)>,
    {
        let mut config = Self::default();
        for (var, value) in vars {
            match var.as_str() {
                "ROUTER_HOST" => config.host = non_empty(&var, value)?,
                "ROUTER_PORT" => {
                    config.port = value
                        .trim()
                        .parse()
                        .map_err(|_| ConfigError::InvalidPort { var, value })?;
                }
                "SUPERGRAPH_PATH" => config.supergraph_path = non_empty(&var, value)?.into(),
                _ => {
                    if let Some(name) = subgraph_name(&var) {
                        let url = non_empty(&var, value)?;
                        if !(url.starts_with("http://") || url.starts_with("https://")) {
                            return Err(ConfigError::InvalidUrl { var, value: url });
                        }
                        config.subgraph_urls.insert(name, url);
                    }
                }
            }
        }
        Ok(config)
    }
}

fn is_router_var(name: &str) -> bool {
    matches!(name, "ROUTER_HOST" | "ROUTER_PORT" | "SUPERGRAPH_PATH")
        || subgraph_name(name).is_some()
}

/// `SUBGRAPH_USERS_URL` → `users`.
fn subgraph_name(var: &str) -> Option<String> {
    let name = var.strip_prefix("SUBGRAPH_")?.strip_suffix("_URL")?;
    (!name.is_empty()).then(|| name.to_ascii_lowercase())
}

fn non_empty(var: &str, value: String) -> Result<String, ConfigError> {
    let value = value.trim().to_owned();
    if value.is_empty() {
        return Err(ConfigError::Empty {
            var: var.to_owned(),
        });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn defaults_work_for_the_embedded_stack() {
        let config = RouterConfig::from_vars(Vec::new()).unwrap();
        assert_eq!(config, RouterConfig::default());
        assert_eq!(config.port, 4000);
        assert_eq!(config.host, "127.0.0.1");
    }

    #[test]
    fn subgraph_url_variables_override_by_lowercase_name() {
        let config = RouterConfig::from_vars(vars(&[
            ("SUBGRAPH_USERS_URL", "http://users:4001/graphql"),
            ("SUBGRAPH_MATCHING_URL", " https://m.example/graphql "),
            ("ROUTER_PORT", "0"),
            ("SUPERGRAPH_PATH", "/tmp/s.graphql"),
        ]))
        .unwrap();
        assert_eq!(config.subgraph_urls["users"], "http://users:4001/graphql");
        assert_eq!(
            config.subgraph_urls["matching"],
            "https://m.example/graphql"
        );
        assert_eq!(config.port, 0);
        assert_eq!(config.supergraph_path, PathBuf::from("/tmp/s.graphql"));
    }

    #[test]
    fn bad_port_and_url_are_rejected() {
        assert!(matches!(
            RouterConfig::from_vars(vars(&[("ROUTER_PORT", "70000")])),
            Err(ConfigError::InvalidPort { .. })
        ));
        assert!(matches!(
            RouterConfig::from_vars(vars(&[("SUBGRAPH_JOBS_URL", "jobs:4002")])),
            Err(ConfigError::InvalidUrl { .. })
        ));
        assert!(matches!(
            RouterConfig::from_vars(vars(&[("ROUTER_HOST", " ")])),
            Err(ConfigError::Empty { .. })
        ));
    }
}
