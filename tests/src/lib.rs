//! Helpers for the end-to-end tests: a whole stack per test on random ports with fresh
//! databases (a temporary SQLite folder, or a new PostgreSQL database with a random name) and
//! its own Redis stream, plus real HTTP and graphql-transport-ws clients.
//!
//! Tests never share mutable state, so they run in parallel.

pub mod backend;
pub mod companies;
pub mod conformance;
pub mod identity;
pub mod proxy;
pub mod records;

pub use backend::Backend;
pub use test_support::{GRAPHQL_RESPONSE_JSON, GraphqlClient, Reply, WsClient, eventually};

use stack::{Stack, StackConfig};
use std::path::PathBuf;

/// The checked-in supergraph, whatever directory the test runs from.
pub fn supergraph_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema/supergraph.graphql")
}

/// A running stack and what keeps its storage alive.
pub struct TestStack {
    pub stack: Stack,
    pub client: GraphqlClient,
    /// Where the users subgraph writes mail (its sink).
    pub mail_dir: PathBuf,
    /// The test's databases (kept alive as long as the stack).
    pub storage: backend::Storage,
    /// What the stack was started with (its data-encryption key among others).
    pub config: StackConfig,
    _mail: tempfile::TempDir,
}

/// What a test asks for.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub seed: bool,
    pub redis: bool,
}

impl TestStack {
    pub async fn start(backend: Backend, options: Options) -> TestStack {
        Self::start_configured(backend, options, |_| {}).await
    }

    /// Starts a stack after `configure` adjusted its configuration (e.g. login limits).
    pub async fn start_configured(
        backend: Backend,
        options: Options,
        configure: impl FnOnce(&mut StackConfig),
    ) -> TestStack {
        let storage = backend.fresh_storage().await;
        let mail = tempfile::tempdir().expect("mail dir");
        let mut config = config_for(&storage, options);
        config.identity.mail = users::service::MailSettings::Sink(mail.path().to_path_buf());
        configure(&mut config);
        let stack = Stack::start(config.clone()).await.expect("stack starts");
        let client = GraphqlClient::new(stack.router_url());
        TestStack {
            stack,
            client,
            mail_dir: mail.path().to_path_buf(),
            storage,
            config,
            _mail: mail,
        }
    }

    /// Stops the subgraphs and the router; the storage stays, to start again on it.
    /// The jobs subgraph's database URL.
    pub fn jobs_db(&self) -> &str {
        use kit::config::ExposeSecret;
        self.storage.databases.jobs.expose_secret()
    }

    /// The users subgraph's database URL.
    pub fn users_db(&self) -> &str {
        use kit::config::ExposeSecret;
        self.storage.databases.users.expose_secret()
    }

    pub async fn stop(mut self) -> Stopped {
        for name in stack::SUBGRAPHS {
            self.stack.subgraphs.stop(name).await;
        }
        drop(self.stack);
        Stopped {
            config: self.config,
            storage: self.storage,
            mail: self._mail,
        }
    }
}

/// A stopped [`TestStack`]: its storage and configuration, for restarts.
pub struct Stopped {
    pub config: StackConfig,
    pub storage: backend::Storage,
    mail: tempfile::TempDir,
}

impl Stopped {
    /// Starts a stack on the same storage with the configuration `configure` leaves (fresh
    /// ports) and stops it again: what start-up does to the storage, and its error.
    pub async fn try_start(&self, configure: impl FnOnce(&mut StackConfig)) -> anyhow::Result<()> {
        let mut config = self.config.clone();
        configure(&mut config);
        let mut stack = Stack::start(config).await?;
        for name in stack::SUBGRAPHS {
            stack.subgraphs.stop(name).await;
        }
        Ok(())
    }

    /// As [`Stopped::try_start`], panicking unless the stack starts.
    pub async fn start(self, configure: impl FnOnce(&mut StackConfig)) -> TestStack {
        let mut config = self.config.clone();
        configure(&mut config);
        let stack = Stack::start(config.clone()).await.expect("stack starts");
        TestStack {
            client: GraphqlClient::new(stack.router_url()),
            stack,
            mail_dir: self.mail.path().to_path_buf(),
            storage: self.storage,
            config,
            _mail: self.mail,
        }
    }
}

/// A stack configuration on fresh storage with random ports.
pub fn config_for(storage: &backend::Storage, options: Options) -> StackConfig {
    StackConfig {
        router_host: "127.0.0.1".into(),
        subgraph_host: "127.0.0.1".into(),
        trusted_proxies: kit::auth::TrustedProxies::loopback(),
        router_port: 0,
        users_port: 0,
        jobs_port: 0,
        matching_port: 0,
        databases: storage.databases.clone(),
        redis_url: options
            .redis
            .then(backend::redis_url)
            .flatten()
            .map(Into::into),
        event_stream: format!("iworkz:test:{}", uuid::Uuid::now_v7()),
        events: kit::config::EventSettings::default(),
        supergraph_path: supergraph_path(),
        seed: options.seed,
        identity: users::IdentityConfig {
            // Tests that read mail replace this with their own folder; the rest must still not
            // write into the source tree.
            mail: users::service::MailSettings::Sink(std::env::temp_dir().join("iworkz-test-mail")),
            // A random key per stack, never the key file of the embedded mode.
            data_encryption: users::service::DataEncryption::Keys(
                users::service::DataEncryptionKeys::generate("test").expect("a random key"),
            ),
            ..users::IdentityConfig::default()
        },
        edge: router::EdgeConfig::default(),
    }
}

/// Polls `read` until it gives the same `Some` value twice in a row a second apart, for at
/// most `seconds`: for lists that event handling in the background is still filling (a
/// seeded stack's matches appear one embedding at a time).
pub async fn settled<T, F, Fut>(seconds: u64, mut read: F) -> Option<T>
where
    T: PartialEq,
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let mut last: Option<T> = None;
    while tokio::time::Instant::now() < deadline {
        let now = read().await;
        if now.is_some() && now == last {
            return now;
        }
        last = now;
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
    None
}

/// Waits until `bus` carries `count` local subscribers: a GraphQL subscription is live once
/// its subgraph listens on the bus, so a test publishes only after that.
pub async fn wait_for_subscribers(bus: &kit::events::SharedBus, count: usize) {
    let live = eventually(10, || async {
        (bus.local_subscribers() >= count).then_some(())
    })
    .await;
    assert!(
        live.is_some(),
        "{} of {count} subscribers after 10 s",
        bus.local_subscribers()
    );
}

/// Declares one `#[tokio::test]` per storage backend for `async fn $scenario(Backend)`.
/// The PostgreSQL variant needs `DATABASE_URL` (see `scripts/test.sh`).
#[macro_export]
macro_rules! on_both_backends {
    ($scenario:ident) => {
        mod $scenario {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$scenario($crate::Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(backend) = $crate::Backend::postgres() {
                    super::$scenario(backend).await;
                }
            }
        }
    };
}
