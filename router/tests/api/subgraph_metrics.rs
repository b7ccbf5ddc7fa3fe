//! The router's fetches from each subgraph in `/metrics`: counted by subgraph and outcome, and
//! timed, for root and entity fetches alike.

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use serde_json::json;

async fn metrics(app: &TestApp) -> String {
    app.http
        .get(app.url.replace("/graphql", "/metrics"))
        .send()
        .await
        .expect("router answers")
        .text()
        .await
        .expect("metrics")
}

fn count(subgraph: &str, outcome: &str, value: u64) -> String {
    format!(
        r#"iworkz_router_subgraph_requests_total{{outcome="{outcome}",subgraph="{subgraph}",service="router"}} {value}"#
    )
}

fn assert_lines(metrics: &str, lines: &[String]) {
    for line in lines {
        assert!(metrics.contains(line), "{line} missing from\n{metrics}");
    }
}

#[tokio::test]
async fn fetches_are_counted_by_subgraph_and_outcome() {
    let mut app = spawn_app().await;
    assert_lines(
        &metrics(&app).await,
        &[
            count("products", "ok", 0),
            count("reviews", "unreachable", 0),
        ],
    );

    // A root fetch from products and an entity fetch from reviews.
    app.data(
        "query Reviewed { products(first: 2) { name reviews { stars } } }",
        json!({}),
    )
    .await;
    // Products answers 200 with a GraphQL error.
    let refused = app
        .post(
            r#"mutation { renameProduct(id: "1", name: " ") { name } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        refused.body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{}",
        refused.body
    );
    // Reviews is gone: its entity fetch finds nobody.
    app.reviews.stop().await;
    app.post(
        "query Reviewed { products(first: 2) { name reviews { stars } } }",
        json!({}),
    )
    .await;

    let metrics = metrics(&app).await;
    // Printed for the record: what these requests produced.
    println!("{metrics}");
    assert_lines(
        &metrics,
        &[
            count("products", "ok", 2),
            count("products", "graphql_errors", 1),
            count("products", "http_error", 0),
            count("products", "unreachable", 0),
            count("reviews", "ok", 1),
            count("reviews", "graphql_errors", 0),
            count("reviews", "unreachable", 1),
            r#"iworkz_router_subgraph_request_duration_seconds_count{subgraph="products",service="router"} 3"#.to_owned(),
            r#"iworkz_router_subgraph_request_duration_seconds_count{subgraph="reviews",service="router"} 2"#.to_owned(),
            r#"iworkz_router_subgraph_request_duration_seconds_bucket{subgraph="reviews",service="router",le="+Inf"} 2"#.to_owned(),
        ],
    );
}

#[tokio::test]
async fn a_subgraph_answering_without_graphql_is_an_http_error() {
    // Reviews' URL points at a path its server does not serve: 404, no GraphQL response.
    let app = spawn_app_with(|config| {
        if let Some(url) = config.subgraph_urls.get_mut("reviews") {
            *url = url.replace("/graphql", "/missing");
        }
    })
    .await;
    let reply = app
        .post(
            "{ products(first: 1) { name reviews { stars } } }",
            json!({}),
        )
        .await;
    assert!(reply.body["errors"].is_array(), "{}", reply.body);
    assert_lines(
        &metrics(&app).await,
        &[
            count("products", "ok", 1),
            count("reviews", "http_error", 1),
        ],
    );
}
