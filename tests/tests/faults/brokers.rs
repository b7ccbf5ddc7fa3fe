//! The stores going away under load: Redis killed and restarted without persistence (the
//! stream, groups and watermarks gone: relays republish what no group confirmed), then with
//! persistence (nothing acknowledged is lost), then PostgreSQL stopped and restarted. Requests
//! go on or fail fast with a retryable code, never `INTERNAL`, and nothing is lost.

use crate::consistency::settle;
use crate::deployment::Deployment;
use crate::load::Load;
use crate::world::World;
use crate::{SERIAL, ensure, report};
use std::time::{Duration, Instant};

const SCENARIO: &str = "brokers";
const SETTLE: Duration = Duration::from_secs(120);
/// Codes a store outage may cost a request: retryable ones.
const RETRYABLE: [&str; 3] = ["SERVICE_UNAVAILABLE", "SUBGRAPH_UNAVAILABLE", "HTTP 503"];

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stores_restart_under_load_without_losing_events() {
    let _serial = SERIAL.lock().await;
    let mut deployment = Deployment::start(false).await;
    let world = World::create(&deployment, 4, 3).await;

    redis_restart(&mut deployment, &world, false).await;
    // From now on Redis keeps an append-only file, written on every command.
    deployment.redis.set_persistent(true);
    deployment.redis.restart();
    let (consistency, _) = settle(&deployment, SETTLE).await;
    ensure(
        &deployment,
        consistency.ok(),
        &format!("switching Redis to persistence: {:?}", consistency.stale),
    );
    redis_restart(&mut deployment, &world, true).await;
    postgres_restart(&mut deployment, &world).await;
}

async fn redis_restart(deployment: &mut Deployment, world: &World, persistent: bool) {
    let load = Load::start(world, 4, Duration::from_millis(50));
    tokio::time::sleep(Duration::from_secs(4)).await;
    deployment.redis.kill();
    let down = Instant::now();
    // Signing in (rate limits count in the process meanwhile) and opening a subscription
    // (the revocation check fails open) work while Redis is away, and answer at once.
    let signed_in = e2e::identity::login(&deployment.client, &world.recruiter.email).await;
    let signed_in_after = down.elapsed();
    let subscription = e2e::WsClient::start_with_params(
        &deployment.client.websocket_url(),
        serde_json::json!({"Authorization": format!("Bearer {}", signed_in.access_token)}),
        "subscription($id: ID!) { jobStatusChanged(jobId: $id) { status } }",
        serde_json::json!({"id": world.postings[0]}),
    )
    .await;
    let acknowledged_after = down.elapsed();
    subscription.close().await;
    ensure(
        deployment,
        acknowledged_after < Duration::from_secs(2),
        &format!(
            "sign-in took {signed_in_after:?}, connection_ack came after {acknowledged_after:?}"
        ),
    );
    tokio::time::sleep(Duration::from_secs(5).saturating_sub(down.elapsed())).await;
    deployment.redis.restart();
    // Under the same load: how long until every event older than 2 s is applied again.
    let (_, took) = settle(deployment, SETTLE).await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let traffic = load.stop().await;
    let (consistency, _) = settle(deployment, SETTLE).await;
    let kind = if persistent { "with" } else { "without" };
    report(
        SCENARIO,
        &format!(
            "Redis killed for 5 s and restarted {kind} persistence: {}; while it was down a sign-in answered in {} ms and a WebSocket was acknowledged {} ms after it; consistent {:.1} s after Redis was back (load running); {}",
            traffic.line(),
            signed_in_after.as_millis(),
            (acknowledged_after - signed_in_after).as_millis(),
            took.as_secs_f64(),
            consistency.line()
        ),
    );
    ensure(
        deployment,
        consistency.ok(),
        &format!(
            "after Redis came back {kind} persistence: {:?}, missing {:?}",
            consistency.stale, consistency.missing
        ),
    );
    let unexpected = traffic.unexpected(&RETRYABLE);
    ensure(
        deployment,
        unexpected.is_empty(),
        &format!(
            "the Redis outage caused {unexpected:?}: {:?} {:?}",
            traffic.outcomes, traffic.examples
        ),
    );
    deployment.all_ready().await;
}

async fn postgres_restart(deployment: &mut Deployment, world: &World) {
    let load = Load::start(world, 4, Duration::from_millis(50));
    tokio::time::sleep(Duration::from_secs(4)).await;
    deployment.pg.stop();
    // While it is down, readiness says so at once.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let asked = Instant::now();
    let ready = reqwest::Client::new()
        .get(deployment.jobs[0].url("/health/ready"))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("readiness answers");
    let answered_in = asked.elapsed();
    tokio::time::sleep(Duration::from_secs(3)).await;
    deployment.pg.restart();
    let (_, took) = settle(deployment, SETTLE).await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let traffic = load.stop().await;
    let (consistency, _) = settle(deployment, SETTLE).await;
    report(
        SCENARIO,
        &format!(
            "PostgreSQL stopped for 5 s and restarted: {}; /health/ready answered {} in {} ms while it was down; consistent {:.1} s after it was back (load running); {}",
            traffic.line(),
            ready.status(),
            answered_in.as_millis(),
            took.as_secs_f64(),
            consistency.line()
        ),
    );
    ensure(
        deployment,
        ready.status() == 503 && answered_in < Duration::from_secs(1),
        "readiness during the outage",
    );
    ensure(
        deployment,
        consistency.ok(),
        &format!(
            "after PostgreSQL came back: {:?}, missing {:?}",
            consistency.stale, consistency.missing
        ),
    );
    let unexpected = traffic.unexpected(&RETRYABLE);
    ensure(
        deployment,
        unexpected.is_empty(),
        &format!(
            "the PostgreSQL outage caused {unexpected:?}: {:?} {:?}",
            traffic.outcomes, traffic.examples
        ),
    );
    deployment.all_ready().await;
}
