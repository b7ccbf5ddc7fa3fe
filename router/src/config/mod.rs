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
//! | `JWKS_URL`             | the `users` subgraph's URL with the path `/.well-known/jwks.json` |
//! | `JWT_ISSUER`           | `iworkz-users`               |
//! | `JWT_AUDIENCE`         | `iworkz-graph`               |
//! | `REDIS_URL`            | unset: the revocation list is in process |
//! | `EVENT_STREAM`         | `iworkz:events`: the Redis namespace, shared with the subgraphs |
//! | `ROUTER_…`             | limits, CORS, CSRF, introspection, errors: see [`EdgeConfig`] |
//!
//! The revocation list must be the one the users subgraph writes to, so with Redis the router
//! uses the same namespace as the subgraphs (their event stream name).

mod edge;
mod origins;

pub use edge::{CorsConfig, EDGE_VARS, EdgeConfig, OperationLimits};
pub use origins::OriginPattern;

use kit::auth::{DEFAULT_AUDIENCE, DEFAULT_ISSUER, TokenVerifier};
use std::collections::HashMap;
use std::path::PathBuf;

pub const DEFAULT_HOST: &str = "127.0.0.1";
pub const DEFAULT_PORT: u16 = 4000;
pub const DEFAULT_SUPERGRAPH_PATH: &str = "schema/supergraph.graphql";
pub const DEFAULT_NAMESPACE: &str = kit::config::DEFAULT_EVENT_STREAM;

/// Where the router listens, which supergraph it serves, where the subgraphs are and how
/// tokens are verified.
#[derive(Clone, Debug)]
pub struct RouterConfig {
    pub host: String,
    /// `0` binds a random free port (tests); read it back with `Application::port`.
    pub port: u16,
    /// Watched: the router reloads it when it changes.
    pub supergraph_path: PathBuf,
    /// Subgraph name (lowercase, as in `supergraph.yaml`) → GraphQL URL, overriding the
    /// supergraph's `join__graph(url:)`.
    pub subgraph_urls: HashMap<String, String>,
    /// The issuer's key set; `None` derives it from the `users` subgraph's URL, and without
    /// one the router serves anonymous requests and refuses tokens it cannot check.
    pub jwks_url: Option<String>,
    pub jwt_issuer: String,
    pub jwt_audience: String,
    /// Where the revocation list lives; `None` keeps it in process.
    pub redis_url: Option<String>,
    /// Prefix of the revocation list's Redis keys.
    pub redis_namespace: String,
    /// A verifier built by the host process, used instead of one built from the settings
    /// above: the one-process stack passes the verifier its subgraphs share, so there is one
    /// key cache and one in-process revocation list.
    pub verifier: Option<TokenVerifier>,
    /// Limits, CORS, CSRF prevention, introspection, error exposure.
    pub edge: EdgeConfig,
}

impl Default for RouterConfig {
    fn default() -> Self {
        Self {
            host: DEFAULT_HOST.to_owned(),
            port: DEFAULT_PORT,
            supergraph_path: PathBuf::from(DEFAULT_SUPERGRAPH_PATH),
            subgraph_urls: HashMap::new(),
            jwks_url: None,
            jwt_issuer: DEFAULT_ISSUER.to_owned(),
            jwt_audience: DEFAULT_AUDIENCE.to_owned(),
            redis_url: None,
            redis_namespace: DEFAULT_NAMESPACE.to_owned(),
            verifier: None,
            edge: EdgeConfig::default(),
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
    #[error("{var} must be a positive whole number, got {value:?}")]
    InvalidNumber { var: String, value: String },
    #[error("{var} must be true or false, got {value:?}")]
    InvalidBool { var: String, value: String },
    #[error(
        "{var} must list origins as scheme://host[:port] or scheme://host:* (no paths, no *), got {value:?}"
    )]
    InvalidOrigin { var: String, value: String },
    #[error("{var}: {reason}")]
    InvalidProxies { var: String, reason: String },
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
                "JWKS_URL" => config.jwks_url = Some(url(&var, value)?),
                "JWT_ISSUER" => config.jwt_issuer = non_empty(&var, value)?,
                "JWT_AUDIENCE" => config.jwt_audience = non_empty(&var, value)?,
                // An empty REDIS_URL means "no Redis", as for the subgraphs.
                "REDIS_URL" => config.redis_url = Some(value).filter(|url| !url.trim().is_empty()),
                "EVENT_STREAM" => config.redis_namespace = non_empty(&var, value)?,
                _ if config.edge.apply(&var, &value)? => {}
                _ => {
                    if let Some(name) = subgraph_name(&var) {
                        let url = url(&var, value)?;
                        config.subgraph_urls.insert(name, url);
                    }
                }
            }
        }
        Ok(config)
    }
}

fn is_router_var(name: &str) -> bool {
    matches!(
        name,
        "ROUTER_HOST"
            | "ROUTER_PORT"
            | "SUPERGRAPH_PATH"
            | "JWKS_URL"
            | "JWT_ISSUER"
            | "JWT_AUDIENCE"
            | "REDIS_URL"
            | "EVENT_STREAM"
    ) || EDGE_VARS.contains(&name)
        || subgraph_name(name).is_some()
}

/// A non-empty http(s) URL.
fn url(var: &str, value: String) -> Result<String, ConfigError> {
    let url = non_empty(var, value)?;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(ConfigError::InvalidUrl {
            var: var.to_owned(),
            value: url,
        });
    }
    Ok(url)
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
        assert_eq!(config.port, 4000);
        assert_eq!(config.host, "127.0.0.1");
        assert_eq!(
            config.supergraph_path,
            PathBuf::from(DEFAULT_SUPERGRAPH_PATH)
        );
        assert!(config.subgraph_urls.is_empty());
        assert_eq!(config.jwks_url, None);
        assert_eq!(config.jwt_issuer, "iworkz-users");
        assert_eq!(config.jwt_audience, "iworkz-graph");
        assert_eq!(config.redis_url, None);
        assert_eq!(config.redis_namespace, "iworkz:events");
        assert!(config.verifier.is_none());
    }

    #[test]
    fn token_settings_are_read_and_an_empty_redis_url_means_none() {
        let config = RouterConfig::from_vars(vars(&[
            ("JWKS_URL", "http://users:4001/.well-known/jwks.json"),
            ("JWT_ISSUER", "issuer"),
            ("JWT_AUDIENCE", "audience"),
            ("REDIS_URL", ""),
            ("EVENT_STREAM", "iworkz:staging"),
        ]))
        .unwrap();
        assert_eq!(
            config.jwks_url.as_deref(),
            Some("http://users:4001/.well-known/jwks.json")
        );
        assert_eq!(config.jwt_issuer, "issuer");
        assert_eq!(config.jwt_audience, "audience");
        assert_eq!(config.redis_url, None);
        assert_eq!(config.redis_namespace, "iworkz:staging");
        assert!(matches!(
            RouterConfig::from_vars(vars(&[("JWKS_URL", "users/jwks")])),
            Err(ConfigError::InvalidUrl { .. })
        ));
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
