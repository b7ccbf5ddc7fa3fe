//! The platform deployed as production runs it: a private PostgreSQL and Redis, the users
//! subgraph, two jobs and two matching instances (each with its own stable instance name in
//! the consumer groups) and the router, all separate processes.
//!
//! The router reaches `jobs-1` and `matching-1` (it has one URL per subgraph; a load balancer
//! would spread requests in production). Every instance runs its relay and its consumer, so the
//! second instances share the event work: two relays on each outbox, two members in each group.

use crate::processes::{Service, workspace_root};
use crate::services::{PgServer, RedisServer, free_port};
use base64::Engine as _;
use e2e::GraphqlClient;
use e2e::identity::{ADMIN_EMAIL, ADMIN_PASSWORD};
use sea_orm::DatabaseConnection;
use std::collections::BTreeMap;
use std::time::Duration;

/// The subgraph fetch timeout the router runs with here (a frozen subgraph costs this).
pub const SUBGRAPH_TIMEOUT_SECS: u64 = 3;
/// Failed attempts before a dead letter, kept small so the poison scenario is quick.
pub const MAX_ATTEMPTS: u32 = 3;
const READY: Duration = Duration::from_secs(90);

pub struct Deployment {
    pub pg: PgServer,
    pub redis: RedisServer,
    /// The database every subgraph uses (they share it, each with its own tables).
    pub database_url: String,
    pub db: DatabaseConnection,
    pub stream: String,
    pub users: Service,
    pub jobs: Vec<Service>,
    pub matching: Vec<Service>,
    pub router: Service,
    pub client: GraphqlClient,
    pub mail_dir: tempfile::TempDir,
    pub logs: tempfile::TempDir,
}

impl Deployment {
    pub async fn start(persistent_redis: bool) -> Deployment {
        let pg = PgServer::start();
        let redis = RedisServer::start(persistent_redis);
        let database_url = kit::scratch_db::create(&pg.url(), "iworkz_faults")
            .await
            .expect("a database on the private server");
        let db = kit::db::connect(&database_url).await.expect("connects");
        let stream = format!("iworkz:faults:{}", uuid::Uuid::now_v7().simple());
        let mail_dir = tempfile::tempdir().expect("mail folder");
        let logs = tempfile::Builder::new()
            .prefix("iworkz-faults-logs-")
            .tempdir()
            .expect("log folder");
        let ports = Ports {
            users: free_port(),
            jobs: [free_port(), free_port()],
            matching: [free_port(), free_port()],
            router: free_port(),
        };
        let common = common_env(
            &database_url,
            &redis.url(),
            &stream,
            &ports,
            mail_dir.path(),
        );
        let subgraph = |name: &str, binary: &str, port: u16, instance: &str| {
            let mut env = common.clone();
            env.insert(format!("{}_PORT", binary.to_uppercase()), port.to_string());
            env.insert("INSTANCE_ID".into(), instance.to_owned());
            Service::new(name, binary, port, env, logs.path())
        };
        let mut users = subgraph("users", "users", ports.users, "users-1");
        let mut jobs = vec![
            subgraph("jobs-1", "jobs", ports.jobs[0], "jobs-1"),
            subgraph("jobs-2", "jobs", ports.jobs[1], "jobs-2"),
        ];
        let mut matching = vec![
            subgraph("matching-1", "matching", ports.matching[0], "matching-1"),
            subgraph("matching-2", "matching", ports.matching[1], "matching-2"),
        ];
        let mut router = Service::new(
            "router",
            "router",
            ports.router,
            router_env(&common, &ports),
            logs.path(),
        );
        // One at a time first: each migrates its tables; then the second instances.
        users.start();
        users.ready(READY).await;
        jobs[0].start();
        jobs[0].ready(READY).await;
        matching[0].start();
        matching[0].ready(READY).await;
        jobs[1].start();
        matching[1].start();
        jobs[1].ready(READY).await;
        matching[1].ready(READY).await;
        router.start();
        router.ready(READY).await;
        let client = GraphqlClient::new(router.url("/graphql"));
        Deployment {
            pg,
            redis,
            database_url,
            db,
            stream,
            users,
            jobs,
            matching,
            router,
            client,
            mail_dir,
            logs,
        }
    }

    /// A client signed in as the administrator.
    pub async fn admin(&self) -> GraphqlClient {
        let admin = e2e::identity::login_as(&self.client, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        self.client.with_token(&admin.access_token)
    }

    /// Every service, for readiness checks after a fault.
    pub async fn all_ready(&mut self) {
        self.users.ready(READY).await;
        for service in self.jobs.iter_mut().chain(self.matching.iter_mut()) {
            service.ready(READY).await;
        }
        self.router.ready(READY).await;
    }

    /// The last log lines of every service, for a failure's message.
    pub fn logs(&self) -> String {
        std::iter::once(&self.users)
            .chain(&self.jobs)
            .chain(&self.matching)
            .chain(std::iter::once(&self.router))
            .map(|service| format!("---- {} ----\n{}", service.name, service.log_tail()))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

struct Ports {
    users: u16,
    jobs: [u16; 2],
    matching: [u16; 2],
    router: u16,
}

fn common_env(
    database_url: &str,
    redis_url: &str,
    stream: &str,
    ports: &Ports,
    mail_dir: &std::path::Path,
) -> BTreeMap<String, String> {
    let mut key = [0u8; 32];
    key[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    key[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    let key = base64::engine::general_purpose::STANDARD.encode(key);
    [
        ("DATABASE_URL", database_url.to_owned()),
        ("REDIS_URL", redis_url.to_owned()),
        ("EVENT_STREAM", stream.to_owned()),
        (
            "USERS_JWKS_URL",
            format!("http://127.0.0.1:{}/.well-known/jwks.json", ports.users),
        ),
        ("DATA_ENCRYPTION_KEYS", format!("faults:{key}")),
        ("MAIL_DIR", mail_dir.display().to_string()),
        ("ADMIN_EMAIL", ADMIN_EMAIL.to_owned()),
        ("ADMIN_PASSWORD", ADMIN_PASSWORD.to_owned()),
        ("EVENTS_MAX_ATTEMPTS", MAX_ATTEMPTS.to_string()),
        ("EVENTS_READY_MAX_LAG_SECS", "300".to_owned()),
        ("LOGIN_MAX_PER_IP", "100000".to_owned()),
        ("LOGIN_MAX_PER_ACCOUNT_IP", "100000".to_owned()),
        ("RUST_LOG", "warn,kit=info".to_owned()),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value))
    .collect()
}

fn router_env(common: &BTreeMap<String, String>, ports: &Ports) -> BTreeMap<String, String> {
    let mut env = common.clone();
    let graphql = |port: u16| format!("http://127.0.0.1:{port}/graphql");
    for (name, value) in [
        ("ROUTER_PORT", ports.router.to_string()),
        ("ROUTER_WORKERS", "1".to_owned()),
        (
            "SUPERGRAPH_PATH",
            workspace_root()
                .join("schema/supergraph.graphql")
                .display()
                .to_string(),
        ),
        ("SUBGRAPH_USERS_URL", graphql(ports.users)),
        ("SUBGRAPH_JOBS_URL", graphql(ports.jobs[0])),
        ("SUBGRAPH_MATCHING_URL", graphql(ports.matching[0])),
        (
            "JWKS_URL",
            format!("http://127.0.0.1:{}/.well-known/jwks.json", ports.users),
        ),
        (
            "ROUTER_SUBGRAPH_TIMEOUT_SECS",
            SUBGRAPH_TIMEOUT_SECS.to_string(),
        ),
        ("ROUTER_REQUEST_TIMEOUT_SECS", "20".to_owned()),
    ] {
        env.insert(name.to_owned(), value);
    }
    env
}
