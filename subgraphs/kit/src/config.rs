//! Typed settings of one subgraph, read from the environment once at start.
//!
//! `<NAME>_DATABASE_URL` wins over `DATABASE_URL`, which wins over the embedded default
//! (`sqlite://./data/<name>.db`); `<NAME>_PORT` wins over `PORT`, `<NAME>_HOST` over `HOST`
//! (default loopback: a subgraph belongs behind the router, not on a public interface).
//! `REDIS_URL` switches the event bus from in-process to Redis Streams (and the revocation list
//! and rate limits to Redis, namespaced by `EVENT_STREAM`). Token verification reads
//! `USERS_JWKS_URL`, `JWT_ISSUER` and `JWT_AUDIENCE` (see [`AuthSettings`]). `TRUSTED_PROXIES`
//! lists the peers whose `X-Forwarded-For` names the client (see [`TrustedProxies`]).

pub use crate::auth::AuthSettings;
use crate::auth::{TrustedProxies, TrustedProxiesError};
use std::env;

pub const DEFAULT_EVENT_STREAM: &str = "iworkz:events";
pub const DEFAULT_HOST: &str = "127.0.0.1";

#[derive(Clone, Debug)]
pub struct Settings {
    /// The subgraph's name (`users`, `jobs`, `matching`).
    pub name: &'static str,
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    pub database_url: String,
    pub redis_url: Option<String>,
    /// The Redis stream that carries events (`EVENT_STREAM`, default `iworkz:events`); also
    /// the namespace of the revocation list and rate-limit keys.
    pub event_stream: String,
    /// Where access tokens are verified against.
    pub auth: AuthSettings,
    /// Peers whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`, default loopback).
    pub trusted_proxies: TrustedProxies,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} must be a port number, got {value:?}")]
    BadPort { name: String, value: String },
    #[error("TRUSTED_PROXIES: {0}")]
    BadTrustedProxies(#[from] TrustedProxiesError),
}

impl Settings {
    /// Settings for subgraph `name`, defaulting to `default_port` and an SQLite file under `./data/`.
    pub fn from_env(name: &'static str, default_port: u16) -> Result<Self, ConfigError> {
        let upper = name.to_uppercase();
        let port_var = format!("{upper}_PORT");
        let port = match env::var(&port_var).or_else(|_| env::var("PORT")) {
            Ok(value) => value.parse().map_err(|_| ConfigError::BadPort {
                name: port_var,
                value,
            })?,
            Err(_) => default_port,
        };
        let database_url = env::var(format!("{upper}_DATABASE_URL"))
            .or_else(|_| env::var("DATABASE_URL"))
            .unwrap_or_else(|_| embedded_database_url(name));
        Ok(Self {
            name,
            host: env::var(format!("{upper}_HOST"))
                .or_else(|_| env::var("HOST"))
                .unwrap_or_else(|_| DEFAULT_HOST.into()),
            port,
            database_url,
            redis_url: env::var("REDIS_URL").ok().filter(|url| !url.is_empty()),
            event_stream: env::var("EVENT_STREAM").unwrap_or_else(|_| DEFAULT_EVENT_STREAM.into()),
            auth: AuthSettings::from_env(),
            trusted_proxies: trusted_proxies_from_env()?,
        })
    }
}

/// `TRUSTED_PROXIES`: unset means loopback, an empty value trusts nobody.
pub fn trusted_proxies_from_env() -> Result<TrustedProxies, TrustedProxiesError> {
    match env::var("TRUSTED_PROXIES") {
        Ok(list) => TrustedProxies::parse(&list),
        Err(_) => Ok(TrustedProxies::loopback()),
    }
}

/// The embedded default: one SQLite file per subgraph under `./data/`.
pub fn embedded_database_url(name: &str) -> String {
    format!("sqlite://./data/{name}.db?mode=rwc")
}
