//! Live applications over graphql-transport-ws through the router: the candidate follows their
//! own applications (never another candidate's), a company member follows the company's feed
//! (another company's employer is refused, an anonymous caller too), each update authorised
//! for its reader (the candidate never reads the company's notes), and a reconnecting
//! candidate is replayed what they missed. On the embedded bus (SQLite) and Redis (PostgreSQL).

use e2e::companies::{create_company, published_posting};
use e2e::{Backend, GraphqlClient, Options, TestStack, WsClient, on_both_backends};
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(15);
const MINE: &str = "subscription($after: ID) { myApplicationUpdated(resumeAfter: $after) {
  change application { id status candidate { id } history { to note } } } }";
const FEED: &str = "subscription($company: ID!) { companyApplicationFeed(companyId: $company) {
  change application { id status candidate { id } history { to note } } } }";
const APPLY: &str = "mutation($job: ID!) { applyToJob(input: {jobId: $job}) { id } }";
const MOVE: &str = "mutation($id: ID!, $to: ApplicationStatus!) {
  moveApplication(id: $id, input: {to: $to, note: \"internal\"}) { status } }";

fn bearer(client: &GraphqlClient) -> Value {
    json!({"Authorization": format!("Bearer {}", client.bearer.clone().expect("a token"))})
}

fn refused_code(message: &Value) -> String {
    let errors = if message["type"] == "error" {
        &message["payload"]
    } else {
        &message["payload"]["errors"]
    };
    errors[0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn applications_are_followed_live_by_both_sides(backend: Backend) {
    let redis = matches!(backend, Backend::Postgres { .. });
    let test = TestStack::start(backend, Options { seed: false, redis }).await;
    let owner = test.signed_up("owner@sakura.example.jp", "EMPLOYER").await;
    let as_owner = test.as_user(&owner.access_token);
    let company = create_company(test.jobs_db(), &as_owner, &owner.id, "Sakura").await;
    let rival = test.signed_up("rival@kaizen.example.jp", "EMPLOYER").await;
    let as_rival = test.as_user(&rival.access_token);
    let job = published_posting(&as_owner, &company, "Backend Engineer").await;
    let an = test.signed_up("an@example.vn", "CANDIDATE").await;
    let as_an = test.as_user(&an.access_token);
    let minh = test.signed_up("minh@example.vn", "CANDIDATE").await;
    let as_minh = test.as_user(&minh.access_token);

    let url = test.client.websocket_url();
    let mut anonymous = WsClient::start(&url, MINE, json!({})).await;
    let refused = anonymous.next_message_within(WAIT).await;
    assert_eq!(refused_code(&refused), "UNAUTHENTICATED", "{refused}");
    let mut outsider =
        WsClient::start_with_params(&url, bearer(&as_rival), FEED, json!({"company": company}))
            .await;
    let refused = outsider.next_message_within(WAIT).await;
    assert_eq!(refused_code(&refused), "FORBIDDEN", "{refused}");

    let bus = &test.stack.subgraphs.bus;
    let listening = bus.local_subscribers();
    let mut mine = WsClient::start_with_params(&url, bearer(&as_an), MINE, json!({})).await;
    let mut feed =
        WsClient::start_with_params(&url, bearer(&as_owner), FEED, json!({"company": company}))
            .await;
    e2e::wait_for_subscribers(bus, listening + 2).await;

    let application = as_an.data(APPLY, json!({"job": job})).await["applyToJob"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let own = mine.next_payload(WAIT).await;
    let update = &own["data"]["myApplicationUpdated"];
    assert_eq!(update["change"], "SUBMITTED", "{own}");
    assert_eq!(update["application"]["id"], application.as_str());
    let arrived = feed.next_payload(WAIT).await;
    assert_eq!(
        arrived["data"]["companyApplicationFeed"]["change"],
        "SUBMITTED"
    );
    assert_eq!(
        arrived["data"]["companyApplicationFeed"]["application"]["candidate"]["id"],
        an.id.as_str()
    );

    // Another candidate's application reaches the company, not An.
    as_minh.data(APPLY, json!({"job": job})).await;
    let other = feed.next_payload(WAIT).await;
    assert_eq!(
        other["data"]["companyApplicationFeed"]["application"]["candidate"]["id"],
        minh.id.as_str()
    );

    as_owner
        .data(MOVE, json!({"id": application, "to": "SCREENING"}))
        .await;
    let moved = mine.next_payload(WAIT).await;
    let update = &moved["data"]["myApplicationUpdated"];
    assert_eq!(update["change"], "STATUS_CHANGED", "{moved}");
    assert_eq!(update["application"]["status"], "SCREENING");
    assert!(
        update["application"]["history"][1]["note"].is_null(),
        "{moved}"
    );
    let seen = moved["extensions"]["eventId"]
        .as_str()
        .expect("an eventId")
        .to_owned();
    let company_side = feed.next_payload(WAIT).await;
    assert_eq!(
        company_side["data"]["companyApplicationFeed"]["application"]["history"][1]["note"],
        "internal"
    );

    // An goes away; the company moves her on; reconnecting replays it.
    mine.close().await;
    as_owner
        .data(MOVE, json!({"id": application, "to": "INTERVIEW"}))
        .await;
    let mut resumed =
        WsClient::start_with_params(&url, bearer(&as_an), MINE, json!({"after": seen})).await;
    let missed = resumed.next_payload(WAIT).await;
    assert_eq!(
        missed["data"]["myApplicationUpdated"]["application"]["status"], "INTERVIEW",
        "{missed}"
    );
}

on_both_backends!(applications_are_followed_live_by_both_sides);
