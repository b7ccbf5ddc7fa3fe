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
use crate::auth::{Auth, AuthError, HttpJwks, TrustedProxies, TrustedProxiesError, VerifyOptions};
use std::env;
use std::sync::Arc;

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
    /// Token verification, revocations and rate limits for a subgraph running alone: keys from
    /// `USERS_JWKS_URL`, Redis from `REDIS_URL` namespaced by the event stream name.
    pub async fn connect_auth(&self) -> Result<Auth, AuthError> {
        let jwks = Arc::new(HttpJwks::new(&self.auth.jwks_url)?);
        let options = VerifyOptions::new(&self.auth.issuer, &self.auth.audience);
        Auth::connect(jwks, options, self.redis_url.as_deref(), &self.event_stream).await
    }

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
            host: subgraph_host(name, |var| env::var(var).ok()),
            port,
            database_url,
            redis_url: env::var("REDIS_URL").ok().filter(|url| !url.is_empty()),
            event_stream: env::var("EVENT_STREAM").unwrap_or_else(|_| DEFAULT_EVENT_STREAM.into()),
            auth: AuthSettings::from_env(),
            trusted_proxies: trusted_proxies_from_env()?,
        })
    }
}

/// Where subgraph `name` running alone listens: `<NAME>_HOST`, then `HOST`, then loopback.
/// `var` reads a setting (the environment, or a map in tests); blank values count as unset.
pub fn subgraph_host(name: &str, var: impl Fn(&str) -> Option<String>) -> String {
    [format!("{}_HOST", name.to_uppercase()), "HOST".to_owned()]
        .iter()
        .find_map(|key| var(key).filter(|host| !host.trim().is_empty()))
        .unwrap_or_else(|| DEFAULT_HOST.into())
}

/// `TRUSTED_PROXIES`: unset means loopback, an empty value trusts nobody.
pub fn trusted_proxies_from_env() -> Result<TrustedProxies, TrustedProxiesError> {
    trusted_proxies_from(env::var("TRUSTED_PROXIES").ok())
}

/// [`trusted_proxies_from_env`] on a given value.
pub fn trusted_proxies_from(value: Option<String>) -> Result<TrustedProxies, TrustedProxiesError> {
    match value {
        Some(list) => TrustedProxies::parse(&list),
        None => Ok(TrustedProxies::loopback()),
    }
}

/// The embedded default: one SQLite file per subgraph under `./data/`.
pub fn embedded_database_url(name: &str) -> String {
    format!("sqlite://./data/{name}.db?mode=rwc")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect();
        move |key| map.get(key).cloned()
    }

    #[test]
    fn a_subgraph_alone_listens_on_its_own_host_then_host_then_loopback() {
        assert_eq!(subgraph_host("jobs", vars(&[])), "127.0.0.1");
        assert_eq!(
            subgraph_host("jobs", vars(&[("HOST", "0.0.0.0")])),
            "0.0.0.0"
        );
        let both = vars(&[("HOST", "0.0.0.0"), ("JOBS_HOST", "10.0.0.5")]);
        assert_eq!(subgraph_host("jobs", both), "10.0.0.5");
        assert_eq!(
            subgraph_host("jobs", vars(&[("JOBS_HOST", " ")])),
            "127.0.0.1"
        );
    }

    #[test]
    fn trusted_proxies_default_to_loopback_and_an_empty_list_trusts_nobody() {
        assert_eq!(trusted_proxies_from(None), Ok(TrustedProxies::loopback()));
        assert_eq!(
            trusted_proxies_from(Some(String::new())),
            Ok(TrustedProxies::none())
        );
        assert!(trusted_proxies_from(Some("10.0.0.0/8,nope".into())).is_err());
    }
}
