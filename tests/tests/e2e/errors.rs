//! Request errors through the router follow the GraphQL-over-HTTP spec: status codes by
//! media type, `errors` with `message`, `locations` and `extensions.code`.

use e2e::GRAPHQL_RESPONSE_JSON;
use e2e::{Backend, Options, TestStack};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn syntax_and_unknown_field_errors_get_spec_status_codes_and_shapes() {
    let test = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let client = &test.client;

    let syntax = client
        .post("{ jobPostings(first: 1) { edges { node { id } }", json!({}))
        .await;
    assert_eq!(syntax.status, 400, "{}", syntax.body);
    assert!(
        syntax.content_type.starts_with(GRAPHQL_RESPONSE_JSON),
        "{}",
        syntax.content_type
    );
    let error = &syntax.body["errors"][0];
    assert_eq!(
        error["extensions"]["code"], "GRAPHQL_PARSE_FAILED",
        "{}",
        syntax.body
    );
    assert!(error["message"].is_string());
    assert!(error["locations"][0]["line"].is_u64(), "{}", syntax.body);
    assert!(syntax.body.get("data").is_none(), "{}", syntax.body);

    let unknown = client
        .post(
            "{ jobPostings(first: 1) { edges { node { salaryBand } } } }",
            json!({}),
        )
        .await;
    assert_eq!(unknown.status, 400, "{}", unknown.body);
    let error = &unknown.body["errors"][0];
    assert_eq!(
        error["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED",
        "{}",
        unknown.body
    );
    assert!(
        error["message"]
            .as_str()
            .unwrap_or_default()
            .contains("salaryBand"),
        "{}",
        unknown.body
    );
    assert_eq!(error["locations"][0]["line"], 1, "{}", unknown.body);

    // Legacy clients asking for application/json get 200 with the same errors.
    let legacy = client
        .post_accepting(
            "{ jobPostings(first: 1) { edges { node { salaryBand } } } }",
            json!({}),
            "application/json",
        )
        .await;
    assert_eq!(legacy.status, 200, "{}", legacy.body);
    assert_eq!(
        legacy.body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
}
