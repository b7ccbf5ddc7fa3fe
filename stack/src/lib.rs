//! The whole system in one process: the three subgraphs and the router, wired to one event
//! bus and one [`Auth`] (one key cache, one revocation list, one set of rate limits, in process
//! or in Redis). `cargo run` uses it with the embedded defaults (SQLite files under `./data/`,
//! the in-process bus); the end-to-end tests use it with fresh databases, Redis and random
//! ports.

mod config;
pub mod reconcile;
mod seed;
mod users_jwks;

pub use config::{StackConfig, SubgraphDatabases};

use kit::auth::{Auth, JwksSource, VerifyOptions};
use kit::config::{AuthSettings, SecretString, Settings};
use kit::events::SharedBus;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use users_jwks::UsersJwks;

/// Subgraph names, as in `supergraph.yaml`.
pub const SUBGRAPHS: [&str; 3] = ["users", "jobs", "matching"];

/// One running subgraph: its port and the handle that stops it.
pub struct RunningSubgraph {
    pub port: u16,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl RunningSubgraph {
    fn spawn<S: Send + 'static>(app: kit::server::Application<S>) -> Self {
        let port = app.port();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(app.run_until(async move {
            let _ = stopped.await;
        }));
        Self {
            port,
            stop: Some(stop),
            task,
        }
    }

    pub fn url(&self, host: &str) -> String {
        format!("http://{host}:{}/graphql", self.port)
    }

    /// Stops accepting connections, closes idle ones and waits for the server to end.
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

/// The three subgraphs of one stack.
pub struct Subgraphs {
    pub host: String,
    pub by_name: HashMap<&'static str, RunningSubgraph>,
    pub bus: SharedBus,
    /// What every component of the process verifies tokens, revokes sessions and counts rate
    /// limits with.
    pub auth: Auth,
}

impl Subgraphs {
    /// Starts matching and jobs first (their consumers must be listening before events flow),
    /// then users; seeds the demo data when asked and its accounts are not there yet. Tokens are verified
    /// against the users subgraph's key set.
    pub async fn start(config: &StackConfig) -> anyhow::Result<Self> {
        Self::start_with_keys(config, None).await
    }

    /// As [`Subgraphs::start`], verifying tokens against `keys` when given (tests that mint
    /// their own tokens) instead of the users subgraph's key set.
    pub async fn start_with_keys(
        config: &StackConfig,
        keys: Option<Arc<dyn JwksSource>>,
    ) -> anyhow::Result<Self> {
        let bus = kit::events::connect(config.redis_url(), &config.event_stream).await?;
        let users_jwks = UsersJwks::default();
        let keys = keys.unwrap_or_else(|| Arc::new(users_jwks.clone()));
        let auth = Auth::connect(
            keys,
            VerifyOptions::new(
                &config.identity.tokens.issuer,
                &config.identity.tokens.audience,
            ),
            config.redis_url(),
            &config.event_stream,
        )
        .await?;
        let subgraph_host = url_host(&config.subgraph_host);
        let jwks_url = |port: u16| format!("http://{subgraph_host}:{port}/.well-known/jwks.json");
        let settings = |name: &'static str, port: u16, database_url: &SecretString| Settings {
            name,
            host: config.subgraph_host.clone(),
            port,
            database_url: database_url.clone(),
            redis_url: config.redis_url.clone(),
            event_stream: config.event_stream.clone(),
            auth: AuthSettings {
                jwks_url: jwks_url(config.users_port),
                issuer: config.identity.tokens.issuer.clone(),
                audience: config.identity.tokens.audience.clone(),
            },
            trusted_proxies: config.trusted_proxies.clone(),
            events: config.events.clone(),
        };
        let dbs = &config.databases;
        let matching = matching::build(
            &settings("matching", config.matching_port, &dbs.matching),
            bus.clone(),
            auth.clone(),
        )
        .await?;
        let jobs = jobs::build(
            &settings("jobs", config.jobs_port, &dbs.jobs),
            bus.clone(),
            auth.clone(),
        )
        .await?;
        let users = users::build(
            &settings("users", config.users_port, &dbs.users),
            bus.clone(),
            &config.identity,
            auth.clone(),
        )
        .await?;
        users_jwks.set_url(jwks_url(users.port()))?;
        if config.seed {
            seed::demo(users.service(), jobs.service()).await?;
        }
        let mut by_name = HashMap::new();
        by_name.insert("matching", RunningSubgraph::spawn(matching));
        by_name.insert("users", RunningSubgraph::spawn(users));
        by_name.insert("jobs", RunningSubgraph::spawn(jobs));
        Ok(Self {
            host: subgraph_host,
            by_name,
            bus,
            auth,
        })
    }

    /// Subgraph name → its `/graphql` URL, as the router's overrides.
    pub fn urls(&self) -> HashMap<String, String> {
        self.by_name
            .iter()
            .map(|(name, running)| (name.to_string(), running.url(&self.host)))
            .collect()
    }

    pub async fn stop(&mut self, name: &str) {
        if let Some(running) = self.by_name.get_mut(name) {
            running.stop().await;
        }
    }
}

/// Subgraphs plus the router in front of them.
pub struct Stack {
    pub subgraphs: Subgraphs,
    /// The router's host as a URL takes it (see [`url_host`]).
    pub router_host: String,
    pub router_port: u16,
    router: JoinHandle<std::io::Result<()>>,
}

impl Stack {
    pub async fn start(config: StackConfig) -> anyhow::Result<Self> {
        Self::start_with_keys(config, None).await
    }

    /// As [`Stack::start`], verifying tokens against `keys` when given (see
    /// [`Subgraphs::start_with_keys`]).
    pub async fn start_with_keys(
        config: StackConfig,
        keys: Option<Arc<dyn JwksSource>>,
    ) -> anyhow::Result<Self> {
        let subgraphs = Subgraphs::start_with_keys(&config, keys).await?;
        // The router shares the subgraphs' verifier: one key cache, one revocation list.
        let router = router::Application::build(router::RouterConfig {
            host: config.router_host.clone(),
            port: config.router_port,
            supergraph_path: config.supergraph_path.clone(),
            subgraph_urls: subgraphs.urls(),
            verifier: Some(subgraphs.auth.verifier.clone()),
            edge: config.edge.clone(),
            account_pages: config.identity.links.paths().clone(),
            ..Default::default()
        })
        .await?;
        let router_port = router.port();
        let router = tokio::spawn(router.run_until_stopped());
        Ok(Self {
            subgraphs,
            router_host: url_host(&config.router_host),
            router_port,
            router,
        })
    }

    /// The process's shared authentication: revoke sessions on `auth().revocations`.
    pub fn auth(&self) -> &Auth {
        &self.subgraphs.auth
    }

    pub fn router_url(&self) -> String {
        format!("http://{}:{}/graphql", self.router_host, self.router_port)
    }

    /// Serves until SIGTERM or Ctrl-C: then the router drains its requests and stops, and the
    /// subgraphs after it (each finishing its requests and the events in hand).
    pub async fn run_until_stopped(mut self) -> anyhow::Result<()> {
        (&mut self.router).await??;
        for name in SUBGRAPHS {
            self.subgraphs.stop(name).await;
        }
        Ok(())
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        self.router.abort();
    }
}

/// `host` as the host part of a URL to connect to: a wildcard listening address (`0.0.0.0`,
/// `::`) is reached on loopback, and IPv6 addresses take brackets.
pub fn url_host(host: &str) -> String {
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) if ip.is_unspecified() && ip.is_ipv4() => "127.0.0.1".into(),
        Ok(ip) if ip.is_unspecified() => "[::1]".into(),
        Ok(std::net::IpAddr::V6(ip)) => format!("[{ip}]"),
        _ => host.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::url_host;

    #[test]
    fn listening_addresses_become_addresses_to_connect_to() {
        assert_eq!(url_host("127.0.0.1"), "127.0.0.1");
        assert_eq!(url_host("0.0.0.0"), "127.0.0.1");
        assert_eq!(url_host("::"), "[::1]");
        assert_eq!(url_host("::1"), "[::1]");
        assert_eq!(url_host("localhost"), "localhost");
    }
}
