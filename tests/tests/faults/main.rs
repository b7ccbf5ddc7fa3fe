//! The fault suite: the platform deployed as production runs it (a private PostgreSQL and Redis,
//! the users subgraph, two jobs and two matching instances and the router, each a separate
//! process; `deployment.rs`), driven through the router by a bounded load (`load.rs`) while
//! faults are injected: events redelivered out of order, two relays on one outbox, a consumer
//! killed mid-batch, a poison event (`events.rs`); Redis restarted without and with
//! persistence, PostgreSQL restarted (`brokers.rs`); a frozen subgraph, a subscription across a
//! token renewal, a reconnect and the loss of its subgraph (`edges.rs`).
//!
//! Every scenario ends with a reconciliation (`consistency.rs`): 0 events lost, 0 applied twice,
//! every copy at its source's version; and bounded client-visible errors. Each prints (and
//! appends to `target/fault-report.txt`) its requests, errors by code, p95 and time to
//! consistency. The scenarios run one at a time: they share the machine's two cores.

mod brokers;
mod consistency;
mod deployment;
mod edges;
mod events;
mod first_start;
mod load;
mod processes;
mod services;
mod world;

use deployment::Deployment;
use redis::AsyncCommands;
use serde_json::Value;

/// One scenario at a time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Records a line of the report: printed, and appended to `target/fault-report.txt`.
pub fn report(scenario: &str, line: &str) {
    let line = format!("[{scenario}] {line}");
    println!("{line}");
    let path = processes::workspace_root().join("target/fault-report.txt");
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        use std::io::Write as _;
        let _ = writeln!(file, "{line}");
    }
}

/// Writes `event` (an envelope as the relays publish it) to the deployment's stream, as a
/// late delivery would bring it.
pub async fn inject(deployment: &Deployment, event: &Value) {
    let client = redis::Client::open(deployment.redis.url()).expect("redis url");
    let mut conn = client
        .get_multiplexed_async_connection()
        .await
        .expect("redis connects");
    let _: String = conn
        .xadd(&deployment.stream, "*", &[("event", event.to_string())])
        .await
        .expect("XADD");
}

/// The outbox envelopes of `event_type` about `aggregate`, oldest version first.
pub async fn outbox_events(
    deployment: &Deployment,
    table: &str,
    event_type: &str,
    aggregate: &str,
) -> Vec<Value> {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let sql = format!(
        "SELECT payload FROM {table} WHERE event_type = '{event_type}' AND aggregate_id = '{aggregate}' ORDER BY aggregate_version"
    );
    deployment
        .db
        .query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .expect("outbox rows")
        .iter()
        .map(|row| {
            let payload: String = row.try_get("", "payload").expect("payload");
            serde_json::from_str(&payload).expect("an envelope")
        })
        .collect()
}

/// A copy of `event` under a new id: to a consumer, an older version it has not seen.
pub fn redelivered(event: &Value) -> Value {
    let mut copy = event.clone();
    copy["id"] = Value::String(uuid::Uuid::now_v7().to_string());
    copy
}

/// Fails with every service's last log lines when `ok` is false.
pub fn ensure(deployment: &Deployment, ok: bool, what: &str) {
    assert!(ok, "{what}\n{}", deployment.logs());
}
