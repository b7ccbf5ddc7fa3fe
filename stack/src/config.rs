//! The stack's settings: embedded defaults that need nothing installed, overridable by env.
//!
//! The router and the subgraphs listen on addresses set apart: the router is the edge
//! (`ROUTER_HOST`, else `HOST`), while the subgraphs stay on loopback unless `SUBGRAPH_HOST`
//! says otherwise, so making the router public never exposes the subgraphs with it.

use kit::auth::TrustedProxies;
use std::env;
use std::path::PathBuf;

/// One database URL per subgraph: each owns its tables (they may share one PostgreSQL database).
#[derive(Clone, Debug)]
pub struct SubgraphDatabases {
    pub users: String,
    pub jobs: String,
    pub matching: String,
}

impl SubgraphDatabases {
    /// The same URL for all three (a shared PostgreSQL database).
    pub fn shared(url: &str) -> Self {
        Self {
            users: url.to_owned(),
            jobs: url.to_owned(),
            matching: url.to_owned(),
        }
    }

    /// One SQLite file per subgraph under `dir`.
    pub fn sqlite_in(dir: &std::path::Path) -> Self {
        let url = |name: &str| format!("sqlite://{}/{name}.db?mode=rwc", dir.display());
        Self {
            users: url("users"),
            jobs: url("jobs"),
            matching: url("matching"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct StackConfig {
    /// Where the router listens (`ROUTER_HOST`, else `HOST`, default loopback).
    pub router_host: String,
    /// Where the subgraphs listen (`SUBGRAPH_HOST`, default loopback; never `HOST`).
    pub subgraph_host: String,
    /// Peers whose `X-Forwarded-For` the subgraphs believe (`TRUSTED_PROXIES`, default
    /// loopback, where the router connects from).
    pub trusted_proxies: TrustedProxies,
    pub router_port: u16,
    pub users_port: u16,
    pub jobs_port: u16,
    pub matching_port: u16,
    pub databases: SubgraphDatabases,
    pub redis_url: Option<String>,
    pub event_stream: String,
    pub supergraph_path: PathBuf,
    /// Seed demo data into empty databases.
    pub seed: bool,
    /// The users subgraph's identity settings (tokens, login limits, mail); the issuer and
    /// audience tokens must carry come from here for every verifier in the process.
    pub identity: users::IdentityConfig,
    /// What the router lets in and out: limits, CORS, CSRF prevention, introspection, error
    /// exposure (`ROUTER_…`, see `router::EdgeConfig`).
    pub edge: router::EdgeConfig,
}

impl StackConfig {
    /// Env overrides: `ROUTER_HOST` (or `HOST`), `SUBGRAPH_HOST`, `TRUSTED_PROXIES`,
    /// `ROUTER_PORT`, `USERS_PORT`, `JOBS_PORT`, `MATCHING_PORT`,
    /// `DATABASE_URL` (one PostgreSQL database for all), `<NAME>_DATABASE_URL`, `REDIS_URL`,
    /// `EVENT_STREAM` (also the Redis namespace of the revocation list and rate limits),
    /// `SUPERGRAPH_PATH`, `SEED=false`, the users subgraph's identity settings
    /// (`JWT_ISSUER`, `JWT_AUDIENCE`, `SMTP_URL`, … see `users::IdentityConfig`) and the
    /// router's edge settings (`ROUTER_MAX_DEPTH`, `ROUTER_CORS_ORIGINS`, …).
    pub fn from_env() -> anyhow::Result<Self> {
        let port = |name: &str, default: u16| -> anyhow::Result<u16> {
            match env::var(name) {
                Ok(value) => value
                    .parse()
                    .map_err(|_| anyhow::anyhow!("{name} must be a port number, got {value:?}")),
                Err(_) => Ok(default),
            }
        };
        let shared = env::var("DATABASE_URL").ok();
        let database = |name: &str| {
            env::var(format!("{}_DATABASE_URL", name.to_uppercase()))
                .ok()
                .or_else(|| shared.clone())
                .unwrap_or_else(|| kit::config::embedded_database_url(name))
        };
        let (router_host, subgraph_host) = hosts(|name| env::var(name).ok());
        Ok(Self {
            router_host,
            subgraph_host,
            trusted_proxies: kit::config::trusted_proxies_from_env()
                .map_err(|err| anyhow::anyhow!("TRUSTED_PROXIES: {err}"))?,
            router_port: port("ROUTER_PORT", 4000)?,
            users_port: port("USERS_PORT", users::DEFAULT_PORT)?,
            jobs_port: port("JOBS_PORT", jobs::DEFAULT_PORT)?,
            matching_port: port("MATCHING_PORT", matching::DEFAULT_PORT)?,
            databases: SubgraphDatabases {
                users: database("users"),
                jobs: database("jobs"),
                matching: database("matching"),
            },
            redis_url: env::var("REDIS_URL").ok().filter(|url| !url.is_empty()),
            event_stream: env::var("EVENT_STREAM")
                .unwrap_or_else(|_| kit::config::DEFAULT_EVENT_STREAM.into()),
            supergraph_path: env::var("SUPERGRAPH_PATH")
                .unwrap_or_else(|_| "schema/supergraph.graphql".into())
                .into(),
            seed: env::var("SEED")
                .map(|value| value != "false")
                .unwrap_or(true),
            identity: users::IdentityConfig::from_env()?,
            edge: router::EdgeConfig::from_vars(env::vars_os().filter_map(|(name, value)| {
                Some((name.into_string().ok()?, value.into_string().ok()?))
            }))?,
        })
    }
}

/// Where the router and the subgraphs listen: `ROUTER_HOST` (else `HOST`) and `SUBGRAPH_HOST`,
/// loopback by default. `HOST` never moves the subgraphs. `var` reads a setting; blank values
/// count as unset.
fn hosts(var: impl Fn(&str) -> Option<String>) -> (String, String) {
    let first = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| var(name).filter(|host| !host.trim().is_empty()))
            .unwrap_or_else(|| kit::config::DEFAULT_HOST.into())
    };
    (first(&["ROUTER_HOST", "HOST"]), first(&["SUBGRAPH_HOST"]))
}

#[cfg(test)]
mod tests {
    use super::hosts;

    fn lookup(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    #[test]
    fn a_public_router_does_not_take_the_subgraphs_with_it() {
        assert_eq!(
            hosts(lookup(&[])),
            ("127.0.0.1".to_owned(), "127.0.0.1".to_owned())
        );
        assert_eq!(
            hosts(lookup(&[("HOST", "0.0.0.0")])),
            ("0.0.0.0".to_owned(), "127.0.0.1".to_owned())
        );
        assert_eq!(
            hosts(lookup(&[
                ("HOST", "0.0.0.0"),
                ("ROUTER_HOST", "192.0.2.1"),
                ("SUBGRAPH_HOST", "10.0.0.5")
            ])),
            ("192.0.2.1".to_owned(), "10.0.0.5".to_owned())
        );
    }
}
