//! graphql-transport-ws subscriptions through the router, fed from the event bus: in process
//! (embedded), through Redis Streams, and across two separate instances sharing Redis.

use e2e::companies::create_company;
use e2e::identity::signed_up;
use e2e::{Backend, GraphqlClient, Options, TestStack, WsClient, config_for};
use kit::config::ExposeSecret;
use kit::events::SharedBus;
use serde_json::{Value, json};
use stack::Stack;
use std::path::Path;
use std::time::Duration;

const STATUS_SUBSCRIPTION: &str = r#"
subscription Status($jobId: ID!) {
  jobStatusChanged(jobId: $jobId) { id status company { name } postedBy { firstName } }
}"#;

const MATCH_SUBSCRIPTION: &str = r#"
subscription Matches($jobId: ID!) {
  matchUpdated(jobId: $jobId) { score matchedSkills candidate { firstName candidateProfile { jlptLevel disclosed } } job { title } }
}"#;

const WAIT: Duration = Duration::from_secs(20);

/// Signs up an employer through `client` (mail read from `mail_dir`), who registers a company
/// and, once the jobs subgraph (database `jobs_db`) knows it, writes a draft posting; returns
/// the employer's client and the posting id.
async fn draft_posting(
    client: &GraphqlClient,
    mail_dir: &Path,
    jobs_db: &str,
    skills: Value,
) -> (GraphqlClient, String) {
    let email = format!("kenta.{}@fuji.example.jp", uuid::Uuid::now_v7().simple());
    let account = signed_up(client, mail_dir, &email, "EMPLOYER").await;
    let employer = client.with_token(&account.access_token);
    let company = create_company(jobs_db, &employer, &account.id, "Fuji Robotics").await;
    let posting = employer
        .data(
            "mutation($input: CreateJobPostingInput!) { createJobPosting(input: $input) { id } }",
            json!({"input": {
                "companyId": company,
                "title": "Platform Engineer",
                "description": "Run our GraphQL platform.",
                "location": "Tokyo",
                "requiredSkills": skills
            }}),
        )
        .await;
    let id = posting["createJobPosting"]["id"]
        .as_str()
        .expect("posting id")
        .to_owned();
    (employer, id)
}

/// The code of the first error of a refused subscription's message (an `error` message, or a
/// `next` carrying errors).
fn refused_code(message: &Value) -> &str {
    let errors = match message["type"].as_str() {
        Some("error") => &message["payload"],
        _ => &message["payload"]["errors"],
    };
    errors[0]["extensions"]["code"].as_str().unwrap_or_default()
}

async fn publish(client: &GraphqlClient, id: &str) {
    let published = client
        .data(
            "mutation($id: ID!) { publishJobPosting(id: $id) { status } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(published["publishJobPosting"]["status"], "PUBLISHED");
}

/// Subscribes through `router` as the publisher (a draft is visible to its company only),
/// publishes through `publisher`, expects the event.
async fn expect_status_event(
    bus: &SharedBus,
    router: &GraphqlClient,
    publisher: &GraphqlClient,
    id: &str,
) {
    let listening = bus.local_subscribers();
    let token = publisher.bearer.clone().expect("publisher token");
    let mut subscription = WsClient::start_with_params(
        &router.websocket_url(),
        json!({"Authorization": format!("Bearer {token}")}),
        STATUS_SUBSCRIPTION,
        json!({"jobId": id}),
    )
    .await;
    e2e::wait_for_subscribers(bus, listening + 1).await;
    publish(publisher, id).await;
    let payload = subscription.next_payload(WAIT).await;
    assert_eq!(
        payload["data"]["jobStatusChanged"],
        json!({"id": id, "status": "PUBLISHED", "company": {"name": "Fuji Robotics"}, "postedBy": {"firstName": "Aiko"}}),
        "{payload}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_status_changed_reaches_subscriber_on_the_embedded_bus() {
    let test = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let (employer, id) = draft_posting(
        &test.client,
        &test.mail_dir,
        test.jobs_db(),
        json!(["rust"]),
    )
    .await;
    // A draft is its company's business: an anonymous subscriber is told it does not exist.
    let mut outsider = WsClient::start(
        &test.client.websocket_url(),
        STATUS_SUBSCRIPTION,
        json!({"jobId": id}),
    )
    .await;
    let refused = outsider.next_message_within(WAIT).await;
    assert_eq!(refused_code(&refused), "NOT_FOUND", "{refused}");
    expect_status_event(&test.stack.subgraphs.bus, &test.client, &employer, &id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_status_changed_reaches_subscriber_through_redis() {
    let (Some(backend), Some(_)) = (Backend::postgres(), e2e::backend::redis_url()) else {
        return;
    };
    let test = TestStack::start(
        backend,
        Options {
            seed: false,
            redis: true,
        },
    )
    .await;
    let (employer, id) = draft_posting(
        &test.client,
        &test.mail_dir,
        test.jobs_db(),
        json!(["rust"]),
    )
    .await;
    expect_status_event(&test.stack.subgraphs.bus, &test.client, &employer, &id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_status_event_raised_on_one_instance_reaches_a_subscriber_on_another() {
    let (Some(backend), Some(_)) = (Backend::postgres(), e2e::backend::redis_url()) else {
        return;
    };
    let storage = backend.fresh_storage().await;
    let mail = tempfile::tempdir().expect("mail dir");
    let mut config = config_for(
        &storage,
        Options {
            seed: false,
            redis: true,
        },
    );
    config.identity.mail = users::service::MailSettings::Sink(mail.path().to_path_buf());
    let first = Stack::start(config.clone()).await.expect("first instance");
    // Same database and stream, separate processes' worth of routers, subgraphs and buses.
    let second = Stack::start(config.clone()).await.expect("second instance");
    let first_client = GraphqlClient::new(first.router_url());
    let second_client = GraphqlClient::new(second.router_url());
    let jobs_db = config.databases.jobs.expose_secret().to_owned();
    let (employer, id) =
        draft_posting(&second_client, mail.path(), &jobs_db, json!(["rust"])).await;
    expect_status_event(&first.subgraphs.bus, &first_client, &employer, &id).await;
}

async fn match_updates_reach_subscribers_with_candidates_resolved(backend: Backend) {
    let test = TestStack::start(
        backend,
        Options {
            seed: true,
            redis: false,
        },
    )
    .await;
    let (employer, id) = draft_posting(
        &test.client,
        &test.mail_dir,
        test.jobs_db(),
        json!(["rust", "docker"]),
    )
    .await;
    // Matches name candidates: an anonymous subscriber is refused, the employer is not.
    let mut anonymous = WsClient::start(
        &test.client.websocket_url(),
        MATCH_SUBSCRIPTION,
        json!({"jobId": id}),
    )
    .await;
    let refused = anonymous.next_message_within(WAIT).await;
    assert_eq!(refused_code(&refused), "UNAUTHENTICATED", "{refused}");
    let bus = &test.stack.subgraphs.bus;
    let listening = bus.local_subscribers();
    let mut subscription = WsClient::start_with_params(
        &test.client.websocket_url(),
        json!({"Authorization": format!("Bearer {}", employer.bearer.clone().expect("employer token"))}),
        MATCH_SUBSCRIPTION,
        json!({"jobId": id}),
    )
    .await;
    e2e::wait_for_subscribers(bus, listening + 1).await;
    publish(&employer, &id).await;
    let payload = subscription.next_payload(WAIT).await;
    let update = &payload["data"]["matchUpdated"];
    // The candidate resolved from users: the anonymous summary, as this new company is not
    // verified (An shows her whole profile to verified companies only).
    assert_eq!(
        update["candidate"],
        json!({"firstName": null, "candidateProfile": {"jlptLevel": "N2", "disclosed": false}}),
        "{payload}"
    );
    assert!(payload.get("errors").is_none(), "{payload}");
    assert_eq!(update["job"]["title"], "Platform Engineer");
    assert_eq!(update["matchedSkills"], json!(["rust", "docker"]));
    // Every required skill; the posting states no category, salary or prefecture, which
    // scores them neutral and lowers the confidence rather than the score.
    assert!(
        update["score"].as_f64().is_some_and(|score| score > 0.6),
        "{payload}"
    );
}

e2e::on_both_backends!(match_updates_reach_subscribers_with_candidates_resolved);

const RESUMABLE_STATUS: &str = r#"
subscription Status($jobId: ID!, $after: ID) {
  jobStatusChanged(jobId: $jobId, resumeAfter: $after) { id status }
}"#;

/// Each update carries its event id; a subscriber that reconnects with `resumeAfter` gets what
/// it missed, and an unknown resume point is refused with its code. On the embedded bus
/// (SQLite) and on Redis (PostgreSQL), whose positions the replay orders by.
async fn a_reconnecting_subscriber_is_replayed_what_it_missed(backend: Backend) {
    let redis = matches!(backend, Backend::Postgres { .. });
    let test = TestStack::start(backend, Options { seed: false, redis }).await;
    let (employer, id) = draft_posting(
        &test.client,
        &test.mail_dir,
        test.jobs_db(),
        json!(["rust"]),
    )
    .await;
    let params =
        json!({"Authorization": format!("Bearer {}", employer.bearer.clone().expect("token"))});
    let url = test.client.websocket_url();
    let bus = &test.stack.subgraphs.bus;
    let listening = bus.local_subscribers();
    let mut first =
        WsClient::start_with_params(&url, params.clone(), RESUMABLE_STATUS, json!({"jobId": id}))
            .await;
    e2e::wait_for_subscribers(bus, listening + 1).await;
    publish(&employer, &id).await;
    let published = first.next_payload(WAIT).await;
    assert_eq!(
        published["data"]["jobStatusChanged"]["status"], "PUBLISHED",
        "{published}"
    );
    let seen = published["extensions"]["eventId"]
        .as_str()
        .unwrap_or_else(|| panic!("no eventId: {published}"))
        .to_owned();
    first.close().await;
    // While nobody listens, the posting closes.
    employer
        .data(
            "mutation($id: ID!) { closeJobPosting(id: $id) { status } }",
            json!({"id": id}),
        )
        .await;
    let mut resumed = WsClient::start_with_params(
        &url,
        params.clone(),
        RESUMABLE_STATUS,
        json!({"jobId": id, "after": seen}),
    )
    .await;
    let missed = resumed.next_payload(WAIT).await;
    assert_eq!(
        missed["data"]["jobStatusChanged"]["status"], "CLOSED",
        "{missed}"
    );
    let missed_id = missed["extensions"]["eventId"].as_str().unwrap_or_default();
    assert!(!missed_id.is_empty() && missed_id != seen, "{missed}");

    let mut unknown = WsClient::start_with_params(
        &url,
        params,
        RESUMABLE_STATUS,
        json!({"jobId": id, "after": uuid::Uuid::now_v7()}),
    )
    .await;
    let refused = unknown.next_message_within(WAIT).await;
    assert_eq!(refused_code(&refused), "REPLAY_UNAVAILABLE", "{refused}");
}

e2e::on_both_backends!(a_reconnecting_subscriber_is_replayed_what_it_missed);
