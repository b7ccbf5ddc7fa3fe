//! Introspection is answered by the router alone, and operations the planner cannot satisfy
//! are the client's request error, not the router's failure.

use crate::helpers::{eventually, spawn_app, spawn_app_with};
use serde_json::json;

#[tokio::test]
async fn operations_of_only_introspection_are_answered_without_a_plan() {
    let app = spawn_app().await;
    let data = app
        .data(
            r#"{ __type(name: "Product") { name fields { name } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["__type"]["name"], "Product");
    let fields: Vec<&str> = data["__type"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|field| field["name"].as_str())
        .collect();
    assert_eq!(fields, ["id", "name", "price", "reviews"]);

    let data = app
        .data(
            "query IntrospectionQuery { __schema { queryType { name } types { name } directives { name } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["__schema"]["queryType"]["name"], "Query");
    let types = data["__schema"]["types"].to_string();
    assert!(types.contains("\"Product\""), "{types}");
    assert!(
        !types.contains("join__") && !types.contains("link__") && !types.contains("_Any"),
        "federation internals leak into the API schema: {types}"
    );
    assert!(
        app.seen_by_products.all().is_empty(),
        "no subgraph is asked"
    );
    assert!(app.seen_by_reviews.all().is_empty(), "no subgraph is asked");
}

#[tokio::test]
async fn introspection_can_be_turned_off_but_typename_still_works() {
    let app = spawn_app_with(|config| config.edge.introspection = false).await;
    let reply = app
        .post("{ __schema { queryType { name } } }", json!({}))
        .await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(
        reply.body["errors"][0]["extensions"]["code"],
        "INTROSPECTION_DISABLED"
    );
    let mixed = app
        .post(
            r#"{ product(id: "1") { name } __type(name: "Product") { name } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        mixed.body["errors"][0]["extensions"]["code"], "INTROSPECTION_DISABLED",
        "{}",
        mixed.body
    );
    let data = app
        .data(
            r#"{ __typename product(id: "1") { __typename name } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["product"]["__typename"], "Product");
}

#[tokio::test]
async fn selections_no_subgraph_can_resolve_are_a_planning_request_error() {
    let app = spawn_app().await;
    // The reviews subgraph keeps `Product.reviews` but can no longer resolve a `Product` it
    // is handed: nothing can fetch `reviews` for a product found in `products`.
    app.rewrite_supergraph(|sdl| {
        let reviews_key = r#"@join__type(graph: REVIEWS, key: "id")"#;
        assert!(
            sdl.contains(reviews_key),
            "fixture changed: update this test"
        );
        sdl.replace(
            reviews_key,
            r#"@join__type(graph: REVIEWS, key: "id", resolvable: false)"#,
        )
    })
    .await;
    eventually(10, || async {
        (app.stats.supergraph_generation() > 1).then_some(())
    })
    .await
    .expect("the supergraph is reloaded");

    let reply = app
        .post(
            r#"{ product(id: "1") { name reviews { stars } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    let error = &reply.body["errors"][0];
    assert_eq!(
        error["extensions"]["code"], "QUERY_PLANNING_FAILED",
        "{}",
        reply.body
    );
    assert!(reply.body.get("data").is_none());
    // The router keeps serving what can be planned.
    let data = app
        .data(r#"{ product(id: "1") { name } }"#, json!({}))
        .await;
    assert_eq!(data["product"]["name"], "Keyboard");
}
