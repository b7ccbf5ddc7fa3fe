//! With one subgraph stopped, a query touching it still answers: that subgraph's fields are
//! null with an error carrying a path, the other subgraphs' data is intact, and the router
//! keeps serving.

use e2e::identity::demo_employer;
use e2e::{Backend, Options, TestStack};
use serde_json::json;

const QUERY: &str = r#"
query($id: ID!) { jobPosting(id: $id) { title company { name } matches { score } } }"#;

async fn stopped_subgraph_nulls_its_fields_and_the_rest_is_served(backend: Backend) {
    let mut test = TestStack::start(
        backend,
        Options {
            seed: true,
            redis: false,
        },
    )
    .await;
    // An employer, who may read matches.
    let client = demo_employer(&test.client).await;
    let postings = client
        .data(
            "{ jobPostings(first: 50) { edges { node { id company { name } } } } }",
            json!({}),
        )
        .await;
    // A posting of the employer's own company, whose matches they may read.
    let id = postings["jobPostings"]["edges"]
        .as_array()
        .expect("postings")
        .iter()
        .find(|edge| edge["node"]["company"]["name"] == "Sakura Systems")
        .map(|edge| edge["node"]["id"].clone())
        .expect("a seeded posting of Sakura Systems");
    let before = client.data(QUERY, json!({"id": id})).await;
    assert!(before["jobPosting"]["matches"].is_array());

    test.stack.subgraphs.stop("matching").await;

    let reply = client.post(QUERY, json!({"id": id})).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let posting = &reply.body["data"]["jobPosting"];
    assert_eq!(
        posting["title"], before["jobPosting"]["title"],
        "{}",
        reply.body
    );
    assert_eq!(posting["company"], before["jobPosting"]["company"]);
    assert!(posting["matches"].is_null(), "{}", reply.body);
    let errors = reply.body["errors"]
        .as_array()
        .expect("an error for the stopped subgraph");
    assert!(
        errors.iter().any(|error| error["path"]
            .as_array()
            .is_some_and(|path| !path.is_empty())),
        "errors carry a path: {}",
        reply.body
    );

    // The router keeps serving queries that do not touch the stopped subgraph.
    let after = client
        .data(
            "query($id: ID!) { jobPosting(id: $id) { title } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(after["jobPosting"]["title"], before["jobPosting"]["title"]);
}

e2e::on_both_backends!(stopped_subgraph_nulls_its_fields_and_the_rest_is_served);
