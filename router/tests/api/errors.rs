//! Request errors follow the GraphQL-over-HTTP spec: spec status codes under
//! `application/graphql-response+json`, 200 under legacy `application/json`, and errors with
//! `message`, `locations` and `extensions.code`.

use crate::helpers::{GRAPHQL_RESPONSE_JSON, spawn_app};
use serde_json::json;

#[tokio::test]
async fn syntax_error_is_400_parse_failed_with_locations_and_no_data() {
    let app = spawn_app().await;
    let reply = app.post("{ products { id }\n  reviews {", json!({})).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(
        reply.content_type.starts_with(GRAPHQL_RESPONSE_JSON),
        "{}",
        reply.content_type
    );
    let error = &reply.body["errors"][0];
    assert_eq!(
        error["extensions"]["code"], "GRAPHQL_PARSE_FAILED",
        "{}",
        reply.body
    );
    assert_eq!(error["locations"][0]["line"], 2, "{}", reply.body);
    assert!(error["locations"][0]["column"].is_u64());
    assert!(reply.body.get("data").is_none());
}

#[tokio::test]
async fn unknown_field_is_400_validation_failed_or_200_for_legacy_clients() {
    let app = spawn_app().await;
    let query = "{ products { id\n weight } }";
    let reply = app.post(query, json!({})).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    let error = &reply.body["errors"][0];
    assert_eq!(error["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED");
    assert!(
        error["message"]
            .as_str()
            .unwrap_or_default()
            .contains("weight"),
        "{}",
        reply.body
    );
    assert_eq!(error["locations"][0], json!({"line": 2, "column": 2}));

    let legacy = app
        .post_accepting(query, json!({}), "application/json")
        .await;
    assert_eq!(legacy.status, 200, "{}", legacy.body);
    assert_eq!(
        legacy.body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    assert!(legacy.body.get("data").is_none());
}

#[tokio::test]
async fn missing_or_wrong_typed_variables_are_bad_user_input() {
    let app = spawn_app().await;
    let query = "query Product($id: ID!) { product(id: $id) { name } }";
    let missing = app.post(query, json!({})).await;
    assert_eq!(missing.status, 400, "{}", missing.body);
    let error = &missing.body["errors"][0];
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT");
    assert!(
        error["message"]
            .as_str()
            .unwrap_or_default()
            .contains("$id"),
        "{}",
        missing.body
    );
    assert_eq!(error["locations"][0]["line"], 1);

    let wrong = app.post(query, json!({"id": {"nested": true}})).await;
    assert_eq!(wrong.status, 400, "{}", wrong.body);
    assert_eq!(
        wrong.body["errors"][0]["extensions"]["code"],
        "BAD_USER_INPUT"
    );

    let wrong_int = app
        .post(
            "query($n: Int) { products(first: $n) { id } }",
            json!({"n": "two"}),
        )
        .await;
    assert_eq!(
        wrong_int.body["errors"][0]["extensions"]["code"],
        "BAD_USER_INPUT"
    );
}

#[tokio::test]
async fn operation_name_selects_and_unknown_names_are_operation_not_found() {
    let app = spawn_app().await;
    let document = "query A { products(first: 1) { id } } query B { whoami }";
    let response = app
        .http
        .post(&app.url)
        .header("accept", GRAPHQL_RESPONSE_JSON)
        .json(&json!({"query": document, "operationName": "A"}))
        .send()
        .await
        .expect("router answers");
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body, json!({"data": {"products": [{"id": "1"}]}}));

    let response = app
        .http
        .post(&app.url)
        .header("accept", GRAPHQL_RESPONSE_JSON)
        .json(&json!({"query": document, "operationName": "C"}))
        .send()
        .await
        .expect("router answers");
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "OPERATION_NOT_FOUND"
    );

    let ambiguous = app.post(document, json!({})).await;
    assert_eq!(ambiguous.status, 400);
    assert_eq!(
        ambiguous.body["errors"][0]["extensions"]["code"],
        "BAD_REQUEST"
    );
}
