//! `node(id:)` and `nodes(ids:)` through the router, as Relay and partners' caches refetch: a
//! global id names its type, the users subgraph answers from the id alone, and the router
//! fetches the fields from the subgraph that owns the type, whose visibility rules decide.
//! What the caller may not see reads null, like an id that names nothing.

use e2e::identity::{demo_employer, login_as};
use e2e::records::{error_code, error_fields};
use e2e::{Backend, Options, TestStack};
use serde_json::{Value, json};

const NODES: &str = "query($ids: [ID!]!) { nodes(ids: $ids) {
  __typename id
  ... on User { lastName }
  ... on Company { name verificationStatus }
  ... on JobPosting { title postingStatus: status company { name } }
  ... on Application { status job { title } }
  ... on Match { score candidate { id } }
} }";

const MINE: &str = "{ me { id companyMemberships { company { id name
  jobPostings(first: 10, status: PUBLISHED) { edges { node { id title
    matchConnection(first: 1) { edges { node { id score } } }
    applications(first: 1) { edges { node { id status } } } } } } } } } }";

fn first_node(connection: &Value) -> &Value {
    &connection["edges"][0]["node"]
}

/// A posting of the company's with a match and an application, once events have made them.
fn with_match_and_application(company: &Value) -> Option<&Value> {
    company["jobPostings"]["edges"]
        .as_array()?
        .iter()
        .map(|edge| &edge["node"])
        .find(|posting| {
            !first_node(&posting["matchConnection"]).is_null()
                && !first_node(&posting["applications"]).is_null()
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_object_is_found_again_by_its_global_id() {
    let test = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: true,
            redis: false,
        },
    )
    .await;
    let employer = demo_employer(&test.client).await;
    // The seeded matches and applications arrive through events after start-up.
    let mine = e2e::eventually(40, || async {
        let mine = employer.data(MINE, json!({})).await;
        with_match_and_application(&mine["me"]["companyMemberships"][0]["company"])?;
        Some(mine)
    })
    .await
    .expect("a seeded posting with a match and an application");
    let me = &mine["me"];
    let company = &me["companyMemberships"][0]["company"];
    let posting = with_match_and_application(company).expect("the posting");
    let matched = first_node(&posting["matchConnection"]);
    let application = first_node(&posting["applications"]);
    let ids = [
        &me["id"],
        &company["id"],
        &posting["id"],
        &application["id"],
        &matched["id"],
    ];

    // Each type comes back whole, its fields from the subgraph that owns it.
    let nodes = employer.data(NODES, json!({"ids": ids})).await;
    let nodes = &nodes["nodes"];
    assert_eq!(
        nodes[0],
        json!({"__typename": "User", "id": me["id"], "lastName": "田中"})
    );
    assert_eq!(nodes[1]["__typename"], "Company");
    assert_eq!(nodes[1]["name"], company["name"]);
    assert_eq!(
        nodes[2],
        json!({"__typename": "JobPosting", "id": posting["id"], "title": posting["title"],
            "postingStatus": "PUBLISHED", "company": {"name": company["name"]}})
    );
    assert_eq!(nodes[3]["__typename"], "Application");
    assert_eq!(nodes[3]["status"], application["status"]);
    assert_eq!(nodes[3]["job"]["title"], posting["title"]);
    assert_eq!(nodes[4]["__typename"], "Match");
    assert_eq!(nodes[4]["score"], matched["score"]);
    assert!(nodes[4]["candidate"]["id"].is_string(), "{nodes}");
    let one = employer
        .data(
            "query($id: ID!) { node(id: $id) { id ... on JobPosting { title } } }",
            json!({"id": posting["id"]}),
        )
        .await;
    assert_eq!(one["node"]["title"], posting["title"]);

    // Another company's employer sees what is public, and null for the company's own.
    let rival = login_as(
        &test.client,
        "kenji.sato@hikari-care.example.jp",
        users::seed::DEMO_PASSWORD,
    )
    .await;
    let rival = test.client.with_token(&rival.access_token);
    let seen = rival.post(NODES, json!({"ids": ids})).await.body;
    assert!(seen.get("errors").is_none(), "{seen}");
    let seen = &seen["data"]["nodes"];
    assert_eq!(seen[1]["name"], company["name"]);
    assert_eq!(seen[2]["title"], posting["title"]);
    assert_eq!(seen[3], Value::Null, "another company's application");
    assert_eq!(seen[4], Value::Null, "another company's match");
    // Anonymous callers too.
    let anonymous = test.client.post(NODES, json!({"ids": ids})).await.body;
    let anonymous = &anonymous["data"]["nodes"];
    assert_eq!(anonymous[2]["title"], posting["title"]);
    assert_eq!((&anonymous[3], &anonymous[4]), (&Value::Null, &Value::Null));

    // Ids that name nothing read null; what is not an id, or too many, is refused.
    let plain = employer
        .data(
            "query($id: ID!) { node(id: $id) { id } }",
            json!({"id": "01900000-0000-7000-8000-000000000000"}),
        )
        .await;
    assert_eq!(plain["node"], Value::Null);
    let refused = employer
        .post("{ node(id: \"not-an-id\") { id } }", json!({}))
        .await
        .body;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
    assert_eq!(error_fields(&refused), ["id"]);
    let many: Vec<&Value> = (0..101).map(|_| &me["id"]).collect();
    let refused = employer.post(NODES, json!({"ids": many})).await.body;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
    assert_eq!(error_fields(&refused), ["ids"]);
}
