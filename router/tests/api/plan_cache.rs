//! Prepared operations are cached by document and operation name; plans by normalized
//! operation and operation name, so different documents of one operation share a plan.

use crate::helpers::spawn_app;
use serde_json::json;

#[tokio::test]
async fn repeated_and_equivalent_operations_reuse_the_cached_plan() {
    let app = spawn_app().await;
    let query = "query P($id: ID!) { product(id: $id) { name reviews { stars } } }";
    app.data(query, json!({"id": "1"})).await;
    let first = app.stats.plan_cache();
    assert_eq!((first.hits, first.misses), (0, 1));
    let operations = app.stats.operation_cache().await;
    assert_eq!((operations.hits, operations.misses), (0, 1));

    // Other variables, other whitespace, a fragment: the same normalized operation.
    app.data(query, json!({"id": "2"})).await;
    app.data(
        "query P($id: ID!) {\n  product(id: $id) { ...Fields }\n}\nfragment Fields on Product { name reviews { stars } }",
        json!({"id": "3"}),
    )
    .await;
    // The same document again is answered by the operation cache without planning; the
    // fragment variant is a new document whose normalized operation finds the cached plan.
    let operations = app.stats.operation_cache().await;
    assert_eq!(
        (operations.hits, operations.misses),
        (1, 2),
        "{operations:?}"
    );
    let after = app.stats.plan_cache();
    assert_eq!(after.misses, 1, "{after:?}");
    assert_eq!(after.hits, 1, "{after:?}");
    assert_eq!(after.entries, 1);

    // A different operation name is a different entry.
    app.data(&query.replacen("query P", "query Q", 1), json!({"id": "1"}))
        .await;
    assert_eq!(app.stats.plan_cache().misses, 2);
}
