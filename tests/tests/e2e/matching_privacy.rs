//! Who reads matches, through the router and, for entity resolution, at the matching subgraph:
//! the posting's own company (with `matches:read`) and administrators do; another company's
//! employer, a candidate and an anonymous caller do not, by query, `_entities` or subscription.
//! A suspended candidate leaves every
//! match list at once and comes back when reactivated.

use e2e::identity::{login_as, with_admin};
use e2e::records::error_code;
use e2e::{Backend, GraphqlClient, Options, TestStack, WsClient, eventually, settled};
use serde_json::{Value, json};
use std::time::Duration;

const MATCHES: &str = "query($id: ID!) { jobPosting(id: $id) { title matches(first: 10) { id score candidate { id } } } }";
const ONE_MATCH: &str = "query($id: ID!) { match(id: $id) { id score } }";
const ENTITIES: &str =
    "query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Match { id score } } }";
const SET_STATUS: &str = "mutation($id: ID!, $status: UserStatus!) { setUserStatus(userId: $id, status: $status) { status } }";
const SUBSCRIPTION: &str = "subscription($jobId: ID!) { matchUpdated(jobId: $jobId) { score } }";
const SAKURA_POSTING: &str = "Backend Engineer (Rust / GraphQL)";
const DEMO_PASSWORD: &str = users::seed::DEMO_PASSWORD;

async fn signed_in(test: &TestStack, email: &str) -> (GraphqlClient, String) {
    let account = login_as(&test.client, email, DEMO_PASSWORD).await;
    (test.as_user(&account.access_token), account.id)
}

async fn posting_id(client: &GraphqlClient, title: &str) -> Value {
    let list = client
        .data(
            "{ jobPostings(first: 50) { edges { node { id title } } } }",
            json!({}),
        )
        .await;
    list["jobPostings"]["edges"]
        .as_array()
        .expect("postings")
        .iter()
        .find(|edge| edge["node"]["title"] == title)
        .map(|edge| edge["node"]["id"].clone())
        .expect("the seeded posting")
}

/// The candidate ids of the posting's matches as `client` reads them.
async fn candidates(client: &GraphqlClient, id: &Value) -> Vec<String> {
    let data = client.data(MATCHES, json!({"id": id})).await;
    data["jobPosting"]["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|found| found["candidate"]["id"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn matches_are_read_by_the_postings_company_only() {
    let test = TestStack::start_configured(
        Backend::Sqlite,
        Options {
            seed: true,
            redis: false,
        },
        with_admin,
    )
    .await;
    let (sakura, _) = signed_in(&test, "hiroshi.tanaka@sakura-systems.example.jp").await;
    let (kaizen, _) = signed_in(&test, "yuki.suzuki@kaizen-mobility.example.jp").await;
    let (candidate, candidate_id) = signed_in(&test, "an.nguyen@example.vn").await;
    let id = posting_id(&test.client, SAKURA_POSTING).await;
    let computed = settled(40, || async {
        let found = candidates(&sakura, &id).await;
        (!found.is_empty()).then_some(found)
    })
    .await
    .expect("the seeded posting's matches");
    assert!(computed.contains(&candidate_id), "{computed:?}");
    let data = sakura.data(MATCHES, json!({"id": id})).await;
    let match_id = data["jobPosting"]["matches"][0]["id"].clone();

    // The company's own draft, which matching has not seen: no matches yet, and no error.
    let company = sakura
        .data(
            "query($id: ID!) { jobPosting(id: $id) { company { id } } }",
            json!({"id": id}),
        )
        .await["jobPosting"]["company"]["id"]
        .clone();
    let draft = sakura
        .data(
            r#"mutation($companyId: ID!) { createJobPosting(input: {companyId: $companyId,
                title: "Data Engineer", description: "Pipelines.", location: "Tokyo",
                requiredSkills: ["rust"]}) { id } }"#,
            json!({"companyId": company}),
        )
        .await["createJobPosting"]["id"]
        .clone();
    let read = sakura.data(MATCHES, json!({"id": draft})).await;
    assert_eq!(read["jobPosting"]["matches"], json!([]));

    // Another company's employer and a candidate read null without an error (a page of
    // postings keeps the rest); an anonymous caller is told to sign in. The posting itself
    // stays readable.
    for (who, client, code) in [
        ("another company's employer", &kaizen, ""),
        ("a candidate", &candidate, ""),
        ("anonymous", &test.client, "UNAUTHENTICATED"),
    ] {
        let reply = client.post(MATCHES, json!({"id": id})).await;
        assert_eq!(error_code(&reply.body), code, "{who}: {}", reply.body);
        assert_eq!(
            reply.body["data"]["jobPosting"]["matches"],
            Value::Null,
            "{who}"
        );
        assert_eq!(
            reply.body["data"]["jobPosting"]["title"], SAKURA_POSTING,
            "{who}"
        );
    }
    // One match by id: another company's is not found; the owner's is.
    let read = kaizen.data(ONE_MATCH, json!({"id": match_id})).await;
    assert_eq!(read["match"], Value::Null);
    let read = sakura.data(ONE_MATCH, json!({"id": match_id})).await;
    assert_eq!(read["match"]["id"], match_id);
    let admin = test.admin().await;
    let read = admin.data(ONE_MATCH, json!({"id": match_id})).await;
    assert_eq!(
        read["match"]["id"], match_id,
        "administrators read every match"
    );

    // Entity resolution at the subgraph answers null for another company's employer.
    let matching = GraphqlClient::new(test.stack.subgraphs.urls()["matching"].clone());
    let reps = json!({"reps": [{"__typename": "Match", "id": match_id}]});
    let kaizen_token = login_as(
        &test.client,
        "yuki.suzuki@kaizen-mobility.example.jp",
        DEMO_PASSWORD,
    )
    .await;
    let resolved = matching
        .with_token(&kaizen_token.access_token)
        .data(ENTITIES, reps.clone())
        .await;
    assert_eq!(resolved["_entities"], json!([null]));
    let sakura_token = login_as(
        &test.client,
        "hiroshi.tanaka@sakura-systems.example.jp",
        DEMO_PASSWORD,
    )
    .await;
    let resolved = matching
        .with_token(&sakura_token.access_token)
        .data(ENTITIES, reps)
        .await;
    assert_eq!(resolved["_entities"][0]["id"], match_id);

    // Nor may another company's employer follow the posting's match updates.
    let mut rival = WsClient::start_with_params(
        &test.client.websocket_url(),
        json!({"Authorization": format!("Bearer {}", kaizen_token.access_token)}),
        SUBSCRIPTION,
        json!({"jobId": id}),
    )
    .await;
    let refused = rival.next_message_within(Duration::from_secs(20)).await;
    let errors = match refused["type"].as_str() {
        Some("error") => &refused["payload"],
        _ => &refused["payload"]["errors"],
    };
    assert_eq!(errors[0]["extensions"]["code"], "FORBIDDEN", "{refused}");

    // A suspended candidate leaves the list at once; reactivated, they are matched again.
    admin
        .data(
            SET_STATUS,
            json!({"id": candidate_id, "status": "SUSPENDED"}),
        )
        .await;
    let left = eventually(20, || async {
        let found = candidates(&sakura, &id).await;
        (!found.contains(&candidate_id)).then_some(found)
    })
    .await
    .expect("the suspended candidate's matches are gone");
    assert_eq!(left.len(), computed.len() - 1);
    admin
        .data(SET_STATUS, json!({"id": candidate_id, "status": "ACTIVE"}))
        .await;
    let back = eventually(20, || async {
        let found = candidates(&sakura, &id).await;
        found.contains(&candidate_id).then_some(found)
    })
    .await;
    assert!(back.is_some(), "matched again once reactivated");
}
