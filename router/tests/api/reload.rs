//! The router follows its supergraph file: a changed file is loaded and swapped in (the plan
//! cache starts over), a broken one is rejected and the previous schema keeps serving.

use crate::helpers::{eventually, spawn_app};
use serde_json::json;

const REVIEWS_FIELD: &str = "  reviews: [Review!] @join__field(graph: REVIEWS)\n";

#[tokio::test]
async fn changed_supergraph_file_is_reloaded_and_a_broken_one_is_ignored() {
    let app = spawn_app().await;
    let query = r#"{ product(id: "1") { name reviews { stars } } }"#;
    app.data(query, json!({})).await;
    assert_eq!(app.stats.supergraph_generation(), 1);
    assert_eq!(app.stats.plan_cache().entries, 1);

    // Remove `Product.reviews` from the supergraph; it is still a valid supergraph.
    app.rewrite_supergraph(|sdl| {
        assert!(
            sdl.contains(REVIEWS_FIELD),
            "fixture changed: update this test"
        );
        sdl.replace(REVIEWS_FIELD, "")
    })
    .await;
    let generation = eventually(10, || async {
        let generation = app.stats.supergraph_generation();
        (generation > 1).then_some(generation)
    })
    .await
    .expect("the supergraph is reloaded");
    assert_eq!(generation, 2);
    let cleared = eventually(5, || async {
        let operations = app.stats.operation_cache().await;
        (app.stats.plan_cache().entries == 0 && operations.entries == 0).then_some(())
    })
    .await;
    assert!(
        cleared.is_some(),
        "reload clears the plan and operation caches"
    );

    let reply = app.post(query, json!({})).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(
        reply.body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );

    // A broken file keeps generation 2 in service.
    let refused_before = app.stats.supergraph_failed_reloads();
    app.rewrite_supergraph(|_| "type Query { this is not a supergraph".into())
        .await;
    let refused = eventually(10, || async {
        (app.stats.supergraph_failed_reloads() > refused_before).then_some(())
    })
    .await;
    assert!(refused.is_some(), "the broken file is read and refused");
    assert_eq!(app.stats.supergraph_generation(), 2);
    let still = app
        .data(r#"{ product(id: "1") { name } }"#, json!({}))
        .await;
    assert_eq!(still, json!({"product": {"name": "Keyboard"}}));
}
