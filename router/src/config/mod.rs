//! The router's settings, composed from the platform's one configuration ([`settings::Config`]:
//! defaults → `iworkz.yaml` → the environment): its own `router` section, the token issuer and
//! audience from `auth`, and the revocation list's Redis from `redis`. Every key, its variable
//! and its default are in `iworkz.example.yaml`.
//!
//! The revocation list must be the one the users subgraph writes to, so with Redis the router
//! uses the same namespace as the subgraphs (their event stream name).

mod edge;
mod origins;

pub use edge::{CorsConfig, EdgeConfig, OperationLimits};
pub use origins::OriginPattern;

use access::{DEFAULT_AUDIENCE, DEFAULT_ISSUER, TokenVerifier};
use settings::{
    Config, DEFAULT_EVENT_STREAM, DEFAULT_HOST, LinksSection, SecretString, SettingsError,
};
use std::collections::HashMap;
use std::path::PathBuf;

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
    pub redis_url: Option<SecretString>,
    /// Prefix of the revocation list's Redis keys.
    pub redis_namespace: String,
    /// A verifier built by the host process, used instead of one built from the settings
    /// above: the one-process stack passes the verifier its subgraphs share, so there is one
    /// key cache and one in-process revocation list.
    pub verifier: Option<TokenVerifier>,
    /// Limits, CORS, CSRF prevention, introspection, error exposure.
    pub edge: EdgeConfig,
    /// Bind with `SO_REUSEPORT`, so several routers (one per worker thread) share the port.
    pub reuse_port: bool,
    /// Workers the `router` binary starts (`router.workers`; 0 = one per core), see `workers.rs`.
    pub workers: usize,
    /// The process's metrics, shared by its workers.
    pub metrics: crate::RouterMetrics,
    /// The automatic persisted queries kept in process, shared by its workers.
    pub apq_cache: crate::persisted::ApqCache,
    /// The routes links in account mail open (`identity.links`), served as small pages for
    /// when `PUBLIC_URL` is this router.
    pub account_pages: LinksSection,
}

impl Default for RouterConfig {
    /// The `router` section's defaults (one place for them).
    fn default() -> Self {
        let section = settings::RouterSection::default();
        Self {
            host: DEFAULT_HOST.to_owned(),
            port: section.port,
            supergraph_path: PathBuf::from(section.supergraph_path),
            subgraph_urls: HashMap::new(),
            jwks_url: None,
            jwt_issuer: DEFAULT_ISSUER.to_owned(),
            jwt_audience: DEFAULT_AUDIENCE.to_owned(),
            redis_url: None,
            redis_namespace: DEFAULT_EVENT_STREAM.to_owned(),
            verifier: None,
            edge: EdgeConfig::default(),
            reuse_port: false,
            workers: 0,
            metrics: crate::RouterMetrics::default(),
            apq_cache: crate::persisted::ApqCache::default(),
            account_pages: LinksSection::default(),
        }
    }
}

impl RouterConfig {
    /// From the platform's configuration as the process finds it (file and environment).
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_config(&Config::load()?)
    }

    /// Defaults overridden by `vars` (name, value) pairs only.
    pub fn from_vars<I>(vars: I) -> Result<Self, SettingsError>
    where
        I: IntoIterator<Item = (String, String)>,
    {
        Self::from_config(&Config::from_vars(vars)?)
    }

    /// The router's part of `config`.
    pub fn from_config(config: &Config) -> Result<Self, SettingsError> {
        let router = &config.router;
        Ok(Self {
            host: router
                .host
                .clone()
                .or_else(|| config.server.host.clone())
                .unwrap_or_else(|| DEFAULT_HOST.to_owned()),
            port: router.port,
            supergraph_path: PathBuf::from(&router.supergraph_path),
            subgraph_urls: router
                .subgraph_urls
                .iter()
                .map(|(name, url)| (name.clone(), url.clone()))
                .collect(),
            jwks_url: router.jwks_url.clone(),
            jwt_issuer: config.auth.issuer.clone(),
            jwt_audience: config.auth.audience.clone(),
            redis_url: config.redis.url.clone(),
            redis_namespace: config.redis.event_stream.clone(),
            verifier: None,
            edge: EdgeConfig::from_section(router)?,
            reuse_port: false,
            workers: router.workers,
            metrics: crate::RouterMetrics::default(),
            apq_cache: crate::persisted::ApqCache::default(),
            account_pages: config.identity.links.clone(),
        })
    }
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
            PathBuf::from("schema/supergraph.graphql")
        );
        assert!(config.subgraph_urls.is_empty());
        assert_eq!(config.jwks_url, None);
        assert_eq!(config.jwt_issuer, "iworkz-users");
        assert_eq!(config.jwt_audience, "iworkz-graph");
        assert!(config.redis_url.is_none());
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
        assert!(config.redis_url.is_none());
        assert_eq!(config.redis_namespace, "iworkz:staging");
        let err = RouterConfig::from_vars(vars(&[("JWKS_URL", "users/jwks")])).unwrap_err();
        assert!(err.to_string().contains("JWKS_URL"), "{err}");
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
    fn bad_port_and_url_are_rejected_naming_their_variable() {
        for (var, value) in [("ROUTER_PORT", "70000"), ("SUBGRAPH_JOBS_URL", "jobs:4002")] {
            let err = RouterConfig::from_vars(vars(&[(var, value)])).unwrap_err();
            assert!(err.to_string().contains(var), "{err}");
        }
    }

    #[test]
    fn the_host_falls_back_to_host_then_loopback_and_blank_counts_as_unset() {
        let host = |pairs: &[(&str, &str)]| RouterConfig::from_vars(vars(pairs)).unwrap().host;
        assert_eq!(host(&[("ROUTER_HOST", " ")]), "127.0.0.1");
        assert_eq!(host(&[("HOST", "0.0.0.0")]), "0.0.0.0");
        assert_eq!(
            host(&[("HOST", "0.0.0.0"), ("ROUTER_HOST", "192.0.2.1")]),
            "192.0.2.1"
        );
    }

    #[test]
    fn the_issuer_is_the_one_every_service_reads() {
        let config = RouterConfig::from_vars(vars(&[("JWT_ISSUER", "")])).unwrap();
        assert_eq!(
            config.jwt_issuer, "iworkz-users",
            "blank counts as unset everywhere"
        );
    }
}
