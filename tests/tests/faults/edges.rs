//! The edges clients meet: a frozen subgraph costs its own fields within the subgraph
//! timeout, not the whole response; a subscription goes on across a token renewal on its
//! connection, is replayed what it missed after a reconnect, and is told with a code, then
//! `complete`, when the subgraph serving it dies.

use crate::consistency::settle;
use crate::deployment::{Deployment, SUBGRAPH_TIMEOUT_SECS};
use crate::load::Load;
use crate::world::World;
use crate::{SERIAL, ensure, report};
use e2e::WsClient;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const SCENARIO: &str = "edges";
const WATCH: &str = "subscription($id: ID!, $after: ID) { userStatusChanged(userId: $id, resumeAfter: $after) { id status } }";
const SET_STATUS: &str = "mutation($id: ID!, $status: UserStatus!) { setUserStatus(userId: $id, status: $status) { status } }";
const WAIT: Duration = Duration::from_secs(15);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn frozen_subgraphs_and_subscriptions_across_renewals_reconnects_and_lost_subgraphs() {
    let _serial = SERIAL.lock().await;
    let mut deployment = Deployment::start(false).await;
    let world = World::create(&deployment, 2, 1).await;
    frozen_subgraph(&deployment, &world).await;
    subscriptions(&mut deployment, &world).await;
}

async fn frozen_subgraph(deployment: &Deployment, world: &World) {
    // `me` comes from the users subgraph, `jobPosting` (nullable) from jobs.
    let query = "query($id: ID!) { me { email } jobPosting(id: $id) { title } }";
    let variables = json!({"id": world.postings[0]});
    let warm = world.employer_client.data(query, variables.clone()).await;
    ensure(
        deployment,
        warm["jobPosting"]["title"].is_string(),
        &format!("{warm}"),
    );
    let load = Load::start(world, 4, Duration::from_millis(50));
    tokio::time::sleep(Duration::from_secs(2)).await;
    deployment.jobs[0].freeze();
    let started = Instant::now();
    let reply = world.employer_client.post(query, variables).await;
    let took = started.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    deployment.jobs[0].thaw();
    let (_, settled) = settle(deployment, Duration::from_secs(60)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let traffic = load.stop().await;
    let (consistency, _) = settle(deployment, Duration::from_secs(60)).await;
    report(
        SCENARIO,
        &format!(
            "jobs-1 frozen for 5 s under load: {}; consistent {:.1} s after it was thawed (load running); {}",
            traffic.line(),
            settled.as_secs_f64(),
            consistency.line()
        ),
    );
    ensure(
        deployment,
        consistency.ok(),
        &format!(
            "after the freeze: {:?} {:?}",
            consistency.stale, consistency.missing
        ),
    );
    let unexpected = traffic.unexpected(&["SUBGRAPH_UNAVAILABLE", "HTTP 503"]);
    ensure(
        deployment,
        unexpected.is_empty(),
        &format!("the freeze caused {unexpected:?}: {:?}", traffic.examples),
    );
    let code = reply.body["errors"][0]["extensions"]["code"].clone();
    report(
        SCENARIO,
        &format!(
            "jobs-1 frozen: answered in {} ms (subgraph timeout {SUBGRAPH_TIMEOUT_SECS} s) with HTTP {}, me {}, jobPosting {}, error {}",
            took.as_millis(),
            reply.status,
            reply.body["data"]["me"],
            reply.body["data"]["jobPosting"],
            code
        ),
    );
    ensure(
        deployment,
        reply.body["data"]["me"]["email"] == "owner@faults.example.jp" && reply.status == 200,
        &format!("the users subgraph's part is served: {}", reply.body),
    );
    ensure(
        deployment,
        code == "SUBGRAPH_UNAVAILABLE",
        &format!("{}", reply.body),
    );
    ensure(
        deployment,
        took < Duration::from_secs(SUBGRAPH_TIMEOUT_SECS + 2),
        &format!("took {took:?}"),
    );
}

fn bearer(token: &str) -> Value {
    json!({"Authorization": format!("Bearer {token}")})
}

/// The next `next` payload of `subscription`, with its event id.
async fn update(subscription: &mut WsClient) -> (Value, String) {
    let payload = subscription.next_payload(WAIT).await;
    let event_id = payload["extensions"]["eventId"]
        .as_str()
        .unwrap_or_else(|| panic!("no eventId in {payload}"))
        .to_owned();
    (payload["data"]["userStatusChanged"].clone(), event_id)
}

async fn subscriptions(deployment: &mut Deployment, world: &World) {
    let admin = e2e::identity::login_as(
        &deployment.client,
        e2e::identity::ADMIN_EMAIL,
        e2e::identity::ADMIN_PASSWORD,
    )
    .await;
    let as_admin = deployment.client.with_token(&admin.access_token);
    let watched = &world.candidates[0].0.id;
    let url = deployment.client.websocket_url();
    let mut subscription = WsClient::start_with_params(
        &url,
        bearer(&admin.access_token),
        WATCH,
        json!({"id": watched}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let set =
        |status: &'static str| as_admin.data(SET_STATUS, json!({"id": watched, "status": status}));
    set("INACTIVE").await;
    let (first, first_id) = update(&mut subscription).await;
    ensure(
        deployment,
        first["status"] == "INACTIVE",
        &format!("{first}"),
    );

    // A new token for the same administrator, given on the open connection.
    let renewed = e2e::identity::login_as(
        &deployment.client,
        e2e::identity::ADMIN_EMAIL,
        e2e::identity::ADMIN_PASSWORD,
    )
    .await;
    subscription
        .send(json!({"type": "ping", "payload": {"Authorization": format!("Bearer {}", renewed.access_token)}}))
        .await;
    let pong = subscription.next_message_within(WAIT).await;
    ensure(
        deployment,
        pong["type"] == "pong" && pong["payload"]["authorization"] == "renewed",
        &format!("{pong}"),
    );
    set("ACTIVE").await;
    let (second, second_id) = update(&mut subscription).await;
    ensure(
        deployment,
        second["status"] == "ACTIVE" && second_id != first_id,
        &format!("{second}"),
    );

    // Another user's token is refused, closing that connection (4403).
    let mut hijack = WsClient::start_with_params(
        &url,
        bearer(&admin.access_token),
        WATCH,
        json!({"id": watched}),
    )
    .await;
    hijack
        .send(json!({"type": "ping", "payload": {"Authorization": format!("Bearer {}", world.candidates[1].0.access_token)}}))
        .await;
    let refused = hijack.closed_with(WAIT).await;
    ensure(
        deployment,
        refused == Some(4403),
        &format!("renewal as another user closed with {refused:?}"),
    );

    // Disconnected while two changes happen: a reconnect with resumeAfter is replayed both.
    subscription.close().await;
    set("INACTIVE").await;
    set("ACTIVE").await;
    let mut resumed = WsClient::start_with_params(
        &url,
        bearer(&renewed.access_token),
        WATCH,
        json!({"id": watched, "after": second_id}),
    )
    .await;
    // Each replayed update is the user as it is now (the subscription's type), one per event.
    let (missed_one, one_id) = update(&mut resumed).await;
    let (missed_two, two_id) = update(&mut resumed).await;
    report(
        SCENARIO,
        "subscription: event ids on every update; renewed its token on the open connection and kept streaming; another user's token closed it with 4403; after a reconnect with resumeAfter it was replayed the 2 updates it missed",
    );
    ensure(
        deployment,
        one_id != two_id
            && ![&first_id, &second_id].contains(&&one_id)
            && missed_two["status"] == "ACTIVE",
        &format!("{one_id} {missed_one} {two_id} {missed_two}"),
    );

    // An unknown resume point is refused with its code.
    let mut unknown = WsClient::start_with_params(
        &url,
        bearer(&renewed.access_token),
        WATCH,
        json!({"id": watched, "after": uuid::Uuid::now_v7()}),
    )
    .await;
    let refusal = unknown.next_message_within(WAIT).await;
    let code = match refusal["type"].as_str() {
        Some("error") => refusal["payload"][0]["extensions"]["code"].clone(),
        _ => refusal["payload"]["errors"][0]["extensions"]["code"].clone(),
    };
    ensure(
        deployment,
        code == "REPLAY_UNAVAILABLE",
        &format!("{refusal}"),
    );

    // The subgraph serving it dies: the client is told, then `complete`.
    let started = Instant::now();
    deployment.users.kill();
    let told = resumed.next_message_within(WAIT).await;
    let complete = resumed.next_message_within(WAIT).await;
    let told_in = started.elapsed();
    deployment.users.start();
    deployment.all_ready().await;
    let told_code = told["payload"]["errors"][0]["extensions"]["code"].clone();
    report(
        SCENARIO,
        &format!(
            "the users subgraph serving it was killed: the client got {} with {told_code} then {} within {} ms",
            told["type"],
            complete["type"],
            told_in.as_millis()
        ),
    );
    ensure(
        deployment,
        told["type"] == "next"
            && told_code == "SUBGRAPH_UNAVAILABLE"
            && complete["type"] == "complete",
        &format!("{told} {complete}"),
    );
    let (consistency, _) = settle(deployment, Duration::from_secs(60)).await;
    report(
        SCENARIO,
        &format!("after the subscription scenario: {}", consistency.line()),
    );
    ensure(
        deployment,
        consistency.ok(),
        &format!("{:?} {:?}", consistency.stale, consistency.missing),
    );
}
