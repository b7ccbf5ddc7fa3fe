//! Where the services listen and what they store in: the `server`, `database`, `redis`, `auth`
//! and `stack` sections.

use secrecy::SecretString;
use serde::Deserialize;

/// Loopback: a service belongs behind the router (and the router behind a load balancer)
/// until a setting says otherwise.
pub const DEFAULT_HOST: &str = "127.0.0.1";
pub const DEFAULT_EVENT_STREAM: &str = "iworkz:events";
pub const DEFAULT_USERS_JWKS_URL: &str = "http://127.0.0.1:4001/.well-known/jwks.json";

/// One subgraph's own address when it runs alone.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Listener {
    /// `<NAME>_HOST`.
    pub host: Option<String>,
    /// `<NAME>_PORT`; also the subgraph's port inside the stack.
    pub port: Option<u16>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSection {
    /// `HOST`: any service's host unless its own is set (never the stack's subgraphs).
    pub host: Option<String>,
    /// `PORT`: a subgraph running alone, unless its own port is set.
    pub port: Option<u16>,
    /// `SUBGRAPH_HOST`: where the stack's subgraphs listen (loopback by default).
    pub subgraph_host: Option<String>,
    pub users: Listener,
    pub jobs: Listener,
    pub matching: Listener,
}

impl ServerSection {
    /// The `server.<name>` listener (`users`, `jobs`, `matching`).
    pub fn listener(&self, name: &str) -> Option<&Listener> {
        match name {
            "users" => Some(&self.users),
            "jobs" => Some(&self.jobs),
            "matching" => Some(&self.matching),
            _ => None,
        }
    }

    /// Where subgraph `name` running alone listens: its own host, then `host`, then loopback.
    pub fn host_of(&self, name: &str) -> String {
        self.listener(name)
            .and_then(|listener| listener.host.clone())
            .or_else(|| self.host.clone())
            .unwrap_or_else(|| DEFAULT_HOST.to_owned())
    }

    /// Subgraph `name`'s port running alone: its own port, then `port`, then `default`.
    pub fn port_of(&self, name: &str, default: u16) -> u16 {
        self.listener(name)
            .and_then(|listener| listener.port)
            .or(self.port)
            .unwrap_or(default)
    }
}

/// Each subgraph owns its tables; they may share one PostgreSQL database.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSection {
    /// `DATABASE_URL`: every subgraph's database unless its own is set.
    pub url: Option<SecretString>,
    /// `USERS_DATABASE_URL`.
    pub users_url: Option<SecretString>,
    /// `JOBS_DATABASE_URL`.
    pub jobs_url: Option<SecretString>,
    /// `MATCHING_DATABASE_URL`.
    pub matching_url: Option<SecretString>,
}

impl DatabaseSection {
    /// Subgraph `name`'s database: its own URL, then the shared one, then the embedded
    /// default (one SQLite file per subgraph under `./data/`).
    pub fn url_of(&self, name: &str) -> SecretString {
        let own = match name {
            "users" => &self.users_url,
            "jobs" => &self.jobs_url,
            "matching" => &self.matching_url,
            _ => &None,
        };
        own.clone()
            .or_else(|| self.url.clone())
            .unwrap_or_else(|| embedded_database_url(name).into())
    }
}

/// The embedded default: one SQLite file per subgraph under `./data/`.
pub fn embedded_database_url(name: &str) -> String {
    format!("sqlite://./data/{name}.db?mode=rwc")
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RedisSection {
    /// `REDIS_URL`: the event bus, revocation list and rate limits live in Redis when set,
    /// in process otherwise.
    pub url: Option<SecretString>,
    /// `EVENT_STREAM`: the Redis stream of events, and the namespace of every Redis key.
    pub event_stream: String,
}

impl Default for RedisSection {
    fn default() -> Self {
        Self {
            url: None,
            event_stream: DEFAULT_EVENT_STREAM.to_owned(),
        }
    }
}

/// How the subgraphs verify access tokens and whom they believe about client addresses.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct AuthSection {
    /// `USERS_JWKS_URL`: the issuer's key set, for subgraphs running alone.
    pub jwks_url: String,
    /// `JWT_ISSUER`: what tokens must say issued them, and what the users subgraph signs.
    pub issuer: String,
    /// `JWT_AUDIENCE`.
    pub audience: String,
    /// `TRUSTED_PROXIES`: peers whose `X-Forwarded-For` names the client (IPs and CIDR
    /// ranges). Unset trusts loopback, where the router connects from; empty trusts nobody.
    pub trusted_proxies: Option<Vec<String>>,
}

impl Default for AuthSection {
    fn default() -> Self {
        Self {
            jwks_url: DEFAULT_USERS_JWKS_URL.to_owned(),
            issuer: "iworkz-users".to_owned(),
            audience: "iworkz-graph".to_owned(),
            trusted_proxies: None,
        }
    }
}

/// The one-process stack.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct StackSection {
    /// `SEED`: load the demo data (accounts whose password is published) into empty
    /// databases. Unset: only when every database is an embedded SQLite file, never on
    /// PostgreSQL unless set to `true`.
    pub seed: Option<bool>,
}
