//! The stack's settings: the platform's one configuration ([`settings::Config`]: defaults →
//! `iworkz.yaml` → the environment) composed for one process running everything. The embedded
//! defaults need nothing installed.
//!
//! The router and the subgraphs listen on addresses set apart: the router is the edge
//! (`router.host`, else `server.host`), while the subgraphs stay on loopback unless
//! `server.subgraph_host` says otherwise, so making the router public never exposes the
//! subgraphs with it.

use kit::auth::TrustedProxies;
use settings::{Config, DEFAULT_HOST, SecretString, SettingsError};
use std::path::PathBuf;

/// One database URL per subgraph: each owns its tables (they may share one PostgreSQL database).
#[derive(Clone, Debug)]
pub struct SubgraphDatabases {
    pub users: SecretString,
    pub jobs: SecretString,
    pub matching: SecretString,
}

impl SubgraphDatabases {
    /// The same URL for all three (a shared PostgreSQL database).
    pub fn shared(url: &str) -> Self {
        Self {
            users: url.into(),
            jobs: url.into(),
            matching: url.into(),
        }
    }

    /// Whether every database is an embedded SQLite file.
    pub fn all_embedded(&self) -> bool {
        use settings::ExposeSecret;
        [&self.users, &self.jobs, &self.matching]
            .iter()
            .all(|url| url.expose_secret().starts_with("sqlite:"))
    }

    /// One SQLite file per subgraph under `dir`.
    pub fn sqlite_in(dir: &std::path::Path) -> Self {
        let url = |name: &str| format!("sqlite://{}/{name}.db?mode=rwc", dir.display()).into();
        Self {
            users: url("users"),
            jobs: url("jobs"),
            matching: url("matching"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct StackConfig {
    /// Where the router listens (`router.host`, else `server.host`, default loopback).
    pub router_host: String,
    /// Where the subgraphs listen (`server.subgraph_host`, default loopback; never `HOST`).
    pub subgraph_host: String,
    /// Peers whose `X-Forwarded-For` the subgraphs believe (`auth.trusted_proxies`, default
    /// loopback, where the router connects from).
    pub trusted_proxies: TrustedProxies,
    pub router_port: u16,
    pub users_port: u16,
    pub jobs_port: u16,
    pub matching_port: u16,
    pub databases: SubgraphDatabases,
    pub redis_url: Option<SecretString>,
    pub event_stream: String,
    /// Retention, attempts, readiness lag and instance names of the event pipeline.
    pub events: kit::config::EventSettings,
    pub supergraph_path: PathBuf,
    /// Seed demo data (accounts whose password is in the README) into empty databases: by
    /// default only when every database is an embedded SQLite file (`SEED` overrides).
    pub seed: bool,
    /// The users subgraph's identity settings (tokens, login limits, mail); the issuer and
    /// audience tokens must carry come from here for every verifier in the process.
    pub identity: users::IdentityConfig,
    /// What the router lets in and out: limits, CORS, CSRF prevention, introspection, error
    /// exposure (the `router` section, see `router::EdgeConfig`).
    pub edge: router::EdgeConfig,
}

impl StackConfig {
    /// The Redis URL, when there is one, to connect with.
    pub fn redis_url(&self) -> Option<&str> {
        self.redis_url
            .as_ref()
            .map(settings::ExposeSecret::expose_secret)
    }

    /// From the configuration as the process finds it (file and environment).
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_config(&Config::load()?)
    }

    /// The whole stack's part of `config`.
    pub fn from_config(config: &Config) -> Result<Self, SettingsError> {
        let router = router::RouterConfig::from_config(config)?;
        let server = &config.server;
        let port = |name: &str, default: u16| {
            server
                .listener(name)
                .and_then(|listener| listener.port)
                .unwrap_or(default)
        };
        let databases = SubgraphDatabases {
            users: config.database.url_of("users"),
            jobs: config.database.url_of("jobs"),
            matching: config.database.url_of("matching"),
        };
        let seed = config
            .stack
            .seed
            .unwrap_or_else(|| databases.all_embedded());
        Ok(Self {
            router_host: router.host,
            subgraph_host: server
                .subgraph_host
                .clone()
                .unwrap_or_else(|| DEFAULT_HOST.to_owned()),
            trusted_proxies: kit::config::trusted_proxies_of(&config.auth)?,
            router_port: router.port,
            users_port: port("users", users::DEFAULT_PORT),
            jobs_port: port("jobs", jobs::DEFAULT_PORT),
            matching_port: port("matching", matching::DEFAULT_PORT),
            databases,
            redis_url: config.redis.url.clone(),
            event_stream: config.redis.event_stream.clone(),
            events: kit::config::EventSettings::from(&config.events),
            supergraph_path: router.supergraph_path,
            seed,
            identity: users::IdentityConfig::from_config(config)?,
            edge: router.edge,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(pairs: &[(&str, &str)]) -> (String, String) {
        let vars = pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()));
        let config = StackConfig::from_config(&Config::from_vars(vars).unwrap()).unwrap();
        (config.router_host, config.subgraph_host)
    }

    fn seed(pairs: &[(&str, &str)]) -> bool {
        let vars = pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()));
        StackConfig::from_config(&Config::from_vars(vars).unwrap())
            .unwrap()
            .seed
    }

    #[test]
    fn demo_accounts_are_seeded_by_default_only_into_embedded_databases() {
        assert!(seed(&[]), "SQLite files: seeded");
        assert!(
            !seed(&[("DATABASE_URL", "postgres://db/iworkz")]),
            "PostgreSQL: not unless asked"
        );
        assert!(seed(&[
            ("DATABASE_URL", "postgres://db/iworkz"),
            ("SEED", "true")
        ]));
        assert!(!seed(&[("SEED", "false")]));
        assert!(
            !seed(&[("MATCHING_DATABASE_URL", "postgres://db/matching")]),
            "one PostgreSQL database is enough to keep demo accounts out"
        );
    }

    #[test]
    fn a_public_router_does_not_take_the_subgraphs_with_it() {
        assert_eq!(hosts(&[]), ("127.0.0.1".to_owned(), "127.0.0.1".to_owned()));
        assert_eq!(
            hosts(&[("HOST", "0.0.0.0")]),
            ("0.0.0.0".to_owned(), "127.0.0.1".to_owned())
        );
        assert_eq!(
            hosts(&[
                ("HOST", "0.0.0.0"),
                ("ROUTER_HOST", "192.0.2.1"),
                ("SUBGRAPH_HOST", "10.0.0.5")
            ]),
            ("192.0.2.1".to_owned(), "10.0.0.5".to_owned())
        );
    }
}
