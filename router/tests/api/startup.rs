//! The router starts on any supergraph: without a `users` subgraph and without `JWKS_URL` it
//! serves anonymous requests and refuses only requests carrying a token it cannot check.

use crate::helpers::{GRAPHQL_RESPONSE_JSON, spawn_app_with};
use serde_json::json;

#[tokio::test]
async fn without_a_key_set_anonymous_requests_run_and_tokens_are_refused() {
    // The fixture supergraph has `products` and `reviews`, no `users`.
    let app = spawn_app_with(|config| config.jwks_url = None).await;
    let data = app
        .data(r#"{ product(id: "1") { name } }"#, json!({}))
        .await;
    assert_eq!(data["product"]["name"], "Keyboard");

    let bearer = app.bearer(&app.claims());
    let reply = app
        .post_as(
            &bearer,
            r#"{ product(id: "1") { name } }"#,
            GRAPHQL_RESPONSE_JSON,
        )
        .await;
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert!(reply.body.get("data").is_none(), "{}", reply.body);
    assert!(
        app.seen_by_products
            .all()
            .iter()
            .all(|seen| seen.get("authorization").is_none()),
        "an unverified token never reaches a subgraph"
    );
}
