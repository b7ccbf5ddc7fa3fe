//! A subgraph's settings, composed from the platform's one configuration
//! ([`settings::Config`]: defaults → `iworkz.yaml` → the environment; every key, its variable
//! and its default are in `iworkz.example.yaml`).
//!
//! A subgraph running alone listens on `server.<name>.host`/`port`, else `server.host`/`port`,
//! else loopback and its default port (loopback: a subgraph belongs behind the router, not on
//! a public interface). Its database is `database.<name>_url`, else `database.url`, else an
//! SQLite file under `./data/`. `redis.url` switches the event bus, the revocation list and
//! the rate limits from in-process to Redis, namespaced by `redis.event_stream`.

use crate::auth::{Auth, AuthError, HttpJwks, TrustedProxies, VerifyOptions};
use settings::AuthSection;
pub use settings::{Config, ExposeSecret, SecretString, SettingsError};
use std::sync::Arc;

pub use settings::{DEFAULT_EVENT_STREAM, DEFAULT_HOST};

/// Where tokens come from and what they must say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthSettings {
    /// `auth.jwks_url`: the issuer's key set.
    pub jwks_url: String,
    /// `auth.issuer`.
    pub issuer: String,
    /// `auth.audience`.
    pub audience: String,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self::from(&AuthSection::default())
    }
}

impl From<&AuthSection> for AuthSettings {
    fn from(section: &AuthSection) -> Self {
        Self {
            jwks_url: section.jwks_url.clone(),
            issuer: section.issuer.clone(),
            audience: section.audience.clone(),
        }
    }
}

/// How this instance takes part in the event pipeline (the `events` section).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventSettings {
    /// How long outbox rows stay after every consumer group acknowledged them.
    pub retention: std::time::Duration,
    /// Failed attempts before an event is a dead letter.
    pub max_attempts: u32,
    /// Consumer lag beyond which `/health/ready` answers 503.
    pub ready_max_lag: std::time::Duration,
    /// The instance's stable name in consumer groups; `None`: `<hostname>-<port>`.
    pub instance_id: Option<String>,
}

impl Default for EventSettings {
    fn default() -> Self {
        Self::from(&settings::EventsSection::default())
    }
}

impl From<&settings::EventsSection> for EventSettings {
    fn from(section: &settings::EventsSection) -> Self {
        Self {
            retention: std::time::Duration::from_secs(section.retention_hours * 3600),
            max_attempts: section.max_attempts,
            ready_max_lag: std::time::Duration::from_secs(section.ready_max_lag_secs),
            instance_id: section.instance_id.clone(),
        }
    }
}

impl EventSettings {
    /// This instance's name: the configured one, else `<hostname>-<port>` (stable across
    /// restarts of the same instance, distinct between instances on one host).
    pub fn instance_name(&self, port: u16) -> String {
        match &self.instance_id {
            Some(id) => id.clone(),
            None => format!("{}-{port}", hostname()),
        }
    }
}

/// The host's name, for instance names (no extra crate: Linux has it under `/proc`).
fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .filter(|name| !name.trim().is_empty())
        .or_else(|| {
            std::fs::read_to_string("/proc/sys/kernel/hostname")
                .ok()
                .map(|name| name.trim().to_owned())
                .filter(|name| !name.is_empty())
        })
        .unwrap_or_else(|| "localhost".to_owned())
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// The subgraph's name (`users`, `jobs`, `matching`).
    pub name: &'static str,
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    pub database_url: SecretString,
    pub redis_url: Option<SecretString>,
    /// The Redis stream that carries events; also the namespace of the revocation list and
    /// rate-limit keys.
    pub event_stream: String,
    /// Where access tokens are verified against.
    pub auth: AuthSettings,
    /// Peers whose `X-Forwarded-For` is believed (`auth.trusted_proxies`, default loopback).
    pub trusted_proxies: TrustedProxies,
    /// Retention, attempts, readiness lag and the instance's name (`events`).
    pub events: EventSettings,
}

impl Settings {
    /// Token verification, revocations and rate limits for a subgraph running alone: keys from
    /// the issuer's JWKS URL, Redis (when set) namespaced by the event stream name.
    pub async fn connect_auth(&self) -> Result<Auth, AuthError> {
        let jwks = Arc::new(HttpJwks::new(&self.auth.jwks_url)?);
        let options = VerifyOptions::new(&self.auth.issuer, &self.auth.audience);
        Auth::connect(jwks, options, self.redis_url(), &self.event_stream).await
    }

    /// The Redis URL, when there is one, to connect with.
    pub fn redis_url(&self) -> Option<&str> {
        self.redis_url.as_ref().map(ExposeSecret::expose_secret)
    }

    /// The consumer of the instance listening on `port`: its stable name in the group, and the
    /// attempts before a dead letter.
    pub fn consumer_settings(&self, port: u16) -> crate::consumer::ConsumerSettings {
        crate::consumer::ConsumerSettings {
            instance: self.events.instance_name(port),
            max_attempts: self.events.max_attempts,
            ..crate::consumer::ConsumerSettings::default()
        }
    }

    pub fn relay_settings(&self) -> crate::outbox::RelaySettings {
        crate::outbox::RelaySettings {
            retention: self.events.retention,
            ..crate::outbox::RelaySettings::default()
        }
    }

    /// What `/health/ready` checks: the database, Redis when the bus is Redis, and, for a
    /// subgraph that `consumes` events, its consumer group's lag.
    pub fn readiness(
        &self,
        db: &sea_orm::DatabaseConnection,
        bus: &crate::events::SharedBus,
        metrics: &crate::metrics::Metrics,
        consumes: bool,
    ) -> crate::health::Readiness {
        crate::health::Readiness {
            db: db.clone(),
            bus: bus.clone(),
            redis: self.redis_url.is_some(),
            metrics: metrics.clone(),
            max_lag: consumes.then_some(self.events.ready_max_lag),
        }
    }

    /// Settings for subgraph `name` running alone, from the file and the environment.
    pub fn from_env(name: &'static str, default_port: u16) -> Result<Self, SettingsError> {
        Self::from_config(&Config::load()?, name, default_port)
    }

    /// Subgraph `name`'s part of `config`, defaulting to `default_port`.
    pub fn from_config(
        config: &Config,
        name: &'static str,
        default_port: u16,
    ) -> Result<Self, SettingsError> {
        Ok(Self {
            name,
            host: config.server.host_of(name),
            port: config.server.port_of(name, default_port),
            database_url: config.database.url_of(name),
            redis_url: config.redis.url.clone(),
            event_stream: config.redis.event_stream.clone(),
            auth: AuthSettings::from(&config.auth),
            trusted_proxies: trusted_proxies_of(&config.auth)?,
            events: EventSettings::from(&config.events),
        })
    }
}

/// `auth.trusted_proxies`: unset means loopback (where the router connects from), an empty
/// list trusts nobody.
pub fn trusted_proxies_of(section: &AuthSection) -> Result<TrustedProxies, SettingsError> {
    match &section.trusted_proxies {
        Some(list) => TrustedProxies::parse(&list.join(","))
            .map_err(|err| SettingsError::invalid("auth.trusted_proxies", err.to_string())),
        None => Ok(TrustedProxies::loopback()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let vars = pairs
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_string()));
        Settings::from_config(&Config::from_vars(vars)?, "jobs", 4002)
    }

    #[test]
    fn a_subgraph_alone_listens_on_its_own_host_then_host_then_loopback() {
        let host = |pairs: &[(&str, &str)]| settings(pairs).unwrap().host;
        assert_eq!(host(&[]), "127.0.0.1");
        assert_eq!(host(&[("HOST", "0.0.0.0")]), "0.0.0.0");
        assert_eq!(
            host(&[("HOST", "0.0.0.0"), ("JOBS_HOST", "10.0.0.5")]),
            "10.0.0.5"
        );
        assert_eq!(host(&[("JOBS_HOST", " ")]), "127.0.0.1");
    }

    #[test]
    fn trusted_proxies_default_to_loopback_and_an_empty_list_trusts_nobody() {
        let proxies = |pairs: &[(&str, &str)]| settings(pairs).map(|s| s.trusted_proxies);
        assert_eq!(proxies(&[]).unwrap(), TrustedProxies::loopback());
        assert_eq!(
            proxies(&[("TRUSTED_PROXIES", "")]).unwrap(),
            TrustedProxies::none()
        );
        let err = proxies(&[("TRUSTED_PROXIES", "10.0.0.0/8,nope")]).unwrap_err();
        assert!(err.to_string().contains("TRUSTED_PROXIES"), "{err}");
    }

    #[test]
    fn database_and_port_fall_back_from_the_subgraph_to_the_shared_setting() {
        let own = settings(&[
            ("DATABASE_URL", "postgres://db/shared"),
            ("JOBS_DATABASE_URL", "postgres://db/jobs"),
            ("PORT", "5000"),
        ])
        .unwrap();
        assert_eq!(own.database_url.expose_secret(), "postgres://db/jobs");
        assert_eq!(own.port, 5000);
        let embedded = settings(&[("JOBS_PORT", "0")]).unwrap();
        assert_eq!(
            embedded.database_url.expose_secret(),
            "sqlite://./data/jobs.db?mode=rwc"
        );
        assert_eq!(embedded.port, 0);
    }
}
