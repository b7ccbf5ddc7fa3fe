//! GraphQL over HTTP through the router: queries across subgraphs, mutations, variables,
//! GET, content negotiation, GraphiQL and health.

use crate::helpers::{GRAPHQL_RESPONSE_JSON, Reply, spawn_app, spawn_app_with};
use serde_json::json;

#[tokio::test]
async fn cross_subgraph_query_merges_entity_fields_from_both_subgraphs() {
    let app = spawn_app().await;
    let data = app
        .data(
            "query($id: ID!) { product(id: $id) { id name price reviews { body stars } } }",
            json!({"id": "2"}),
        )
        .await;
    assert_eq!(
        data,
        json!({"product": {"id": "2", "name": "Mouse", "price": 4000,
            "reviews": [{"body": "Review of product 2", "stars": 3}]}})
    );

    let list = app
        .data("{ products { name reviews { stars } } whoami }", json!({}))
        .await;
    assert_eq!(list["products"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        list["products"][2],
        json!({"name": "Monitor", "reviews": [{"stars": 4}]})
    );
}

#[tokio::test]
async fn mutation_runs_and_its_result_resolves_entity_fields() {
    let app = spawn_app().await;
    let data = app
        .data(
            r#"mutation { renameProduct(id: "1", name: "Split keyboard") { id name reviews { stars } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["renameProduct"],
        json!({"id": "1", "name": "Split keyboard", "reviews": [{"stars": 2}]})
    );
    let after = app
        .data(r#"{ product(id: "1") { name } }"#, json!({}))
        .await;
    assert_eq!(after["product"]["name"], "Split keyboard");
}

#[tokio::test]
async fn variable_defaults_are_applied_when_variables_are_omitted() {
    let app = spawn_app().await;
    let data = app
        .data(
            "query Few($first: Int = 2) { products(first: $first) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(data, json!({"products": [{"id": "1"}, {"id": "2"}]}));
    let explicit = app
        .data(
            "query Few($first: Int = 2) { products(first: $first) { id } }",
            json!({"first": 1}),
        )
        .await;
    assert_eq!(explicit, json!({"products": [{"id": "1"}]}));
}

#[tokio::test]
async fn get_serves_queries_and_refuses_mutations_with_405() {
    let app = spawn_app().await;
    let query = app
        .http
        .get(&app.url)
        .header("apollo-require-preflight", "true")
        .query(&[
            ("query", "query($id: ID!) { product(id: $id) { name } }"),
            ("variables", r#"{"id":"3"}"#),
        ])
        .header("accept", GRAPHQL_RESPONSE_JSON)
        .send()
        .await
        .expect("router answers");
    let reply = Reply::read(query).await;
    assert_eq!(reply.status, 200);
    assert!(
        reply.content_type.starts_with(GRAPHQL_RESPONSE_JSON),
        "{}",
        reply.content_type
    );
    assert_eq!(
        reply.body,
        json!({"data": {"product": {"name": "Monitor"}}})
    );

    let mutation = app
        .http
        .get(&app.url)
        .header("apollo-require-preflight", "true")
        .query(&[(
            "query",
            r#"mutation { renameProduct(id: "1", name: "x") { id } }"#,
        )])
        .header("accept", GRAPHQL_RESPONSE_JSON)
        .send()
        .await
        .expect("router answers");
    assert_eq!(
        mutation
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok()),
        Some("POST")
    );
    let reply = Reply::read(mutation).await;
    assert_eq!(reply.status, 405);
    assert_eq!(reply.body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    let unchanged = app
        .data(r#"{ product(id: "1") { name } }"#, json!({}))
        .await;
    assert_eq!(unchanged["product"]["name"], "Keyboard");
}

#[tokio::test]
async fn unsupported_accept_is_406_and_legacy_json_is_the_default() {
    let app = spawn_app().await;
    let refused = app
        .post_accepting("{ whoami }", json!({}), "application/xml")
        .await;
    assert_eq!(refused.status, 406, "{}", refused.body);
    assert!(refused.body["errors"][0]["message"].is_string());

    let response = app
        .http
        .post(&app.url)
        .json(&json!({"query": "{ products(first: 1) { id } }"}))
        .send()
        .await
        .expect("router answers");
    let legacy = Reply::read(response).await;
    assert_eq!(legacy.status, 200);
    assert!(
        legacy.content_type.starts_with("application/json"),
        "{}",
        legacy.content_type
    );
}

#[tokio::test]
async fn malformed_json_body_is_400() {
    let app = spawn_app().await;
    for body in ["{\"query\": ", "[1, 2]", "{\"query\": 5}"] {
        let response = app
            .http
            .post(&app.url)
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .body(body)
            .send()
            .await
            .expect("router answers");
        let reply = Reply::read(response).await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
        assert_eq!(reply.body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    }
    let missing_query = app
        .post_accepting("", json!({}), GRAPHQL_RESPONSE_JSON)
        .await;
    assert_eq!(missing_query.status, 400, "{}", missing_query.body);
}

#[tokio::test]
async fn a_batch_is_answered_in_order_and_bounded() {
    let app = spawn_app_with(|config| config.edge.limits.max_batch_size = 3).await;
    let batch = |body: serde_json::Value| {
        let response = app
            .http
            .post(&app.url)
            .header("accept", GRAPHQL_RESPONSE_JSON)
            .json(&body)
            .send();
        async move { Reply::read(response.await.expect("router answers")).await }
    };
    let answered = batch(json!([
        {"query": "query One { product(id: \"1\") { name } }", "operationName": "One"},
        {"query": "query($id: ID!) { product(id: $id) { price } }", "variables": {"id": "2"}},
        {"query": "{ product(id: 1) { nope } }"},
    ]))
    .await;
    assert_eq!(answered.status, 200, "{}", answered.body);
    let items = answered.body.as_array().expect("an array");
    assert_eq!(items.len(), 3);
    assert_eq!(items[0], json!({"data": {"product": {"name": "Keyboard"}}}));
    assert_eq!(items[1], json!({"data": {"product": {"price": 4000}}}));
    assert_eq!(
        items[2]["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    let too_many = batch(json!(vec![json!({"query": "{ __typename }"}); 4])).await;
    assert_eq!(too_many.status, 400);
    assert_eq!(
        too_many.body["errors"][0]["extensions"]["code"],
        "MAX_BATCH_SIZE_EXCEEDED"
    );
    let empty = batch(json!([])).await;
    assert_eq!(empty.status, 400);
    let off = spawn_app_with(|config| config.edge.limits.max_batch_size = 0).await;
    let refused = Reply::read(
        off.http
            .post(&off.url)
            .json(&json!([{"query": "{ __typename }"}]))
            .send()
            .await
            .expect("router answers"),
    )
    .await;
    assert_eq!(
        refused.body["errors"][0]["extensions"]["code"],
        "MAX_BATCH_SIZE_EXCEEDED"
    );
}

#[tokio::test]
async fn requests_are_counted_by_operation_outcome_and_refusal() {
    let app = spawn_app().await;
    app.data("query Catalogue { products { name } }", json!({}))
        .await;
    // A field aliased `errors` is data, not errors.
    app.data("query Aliased { errors: products { name } }", json!({}))
        .await;
    let renamed = app
        .post(
            r#"mutation Rename { renameProduct(id: "1", name: " ") { name } }"#,
            json!({}),
        )
        .await;
    assert!(renamed.body["errors"].is_array(), "{}", renamed.body);
    app.post("{ products { nope } }", json!({})).await;
    let hash = "0".repeat(64);
    app.http
        .post(&app.url)
        .json(&json!({"extensions": {"persistedQuery": {"version": 1, "sha256Hash": hash}}}))
        .send()
        .await
        .expect("router answers");
    let metrics = app
        .http
        .get(app.url.replace("/graphql", "/metrics"))
        .send()
        .await
        .expect("router answers")
        .text()
        .await
        .expect("metrics");
    // Printed for the record: what these requests produced.
    println!("{metrics}");
    for line in [
        r#"iworkz_router_requests_total{kind="query",operation="Catalogue",outcome="success",service="router"} 1"#,
        r#"iworkz_router_requests_total{kind="query",operation="Aliased",outcome="success",service="router"} 1"#,
        r#"iworkz_router_requests_total{kind="mutation",operation="Rename",outcome="errors",service="router"} 1"#,
        r#"iworkz_router_requests_total{kind="unknown",operation="",outcome="refused",service="router"} 2"#,
        r#"iworkz_router_refusals_total{code="GRAPHQL_VALIDATION_FAILED",service="router"} 1"#,
        r#"iworkz_router_refusals_total{code="PERSISTED_QUERY_NOT_FOUND",service="router"} 1"#,
        r#"iworkz_router_persisted_queries_total{outcome="miss",service="router"} 1"#,
        r#"iworkz_router_request_duration_seconds_count{kind="query",service="router"} 2"#,
        r#"iworkz_router_request_duration_seconds_count{kind="mutation",service="router"} 1"#,
        r#"iworkz_router_cache_lookups_total{cache="operation",result="miss",service="router"} 4"#,
        r#"iworkz_router_subgraph_requests_total{outcome="ok",subgraph="products",service="router"} 2"#,
        r#"iworkz_router_subgraph_requests_total{outcome="graphql_errors",subgraph="products",service="router"} 1"#,
        r#"iworkz_router_subgraph_request_duration_seconds_count{subgraph="products",service="router"} 3"#,
    ] {
        assert!(metrics.contains(line), "{line} missing from\n{metrics}");
    }
}

#[tokio::test]
async fn graphiql_can_be_turned_off() {
    let app = spawn_app_with(|config| config.edge.graphiql = false).await;
    let page = app
        .http
        .get(&app.url)
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .send()
        .await
        .expect("router answers");
    assert_eq!(page.status(), 400);
    let body = page.text().await.expect("body");
    assert!(!body.contains("graphiql"), "{body}");
}

#[tokio::test]
async fn every_response_carries_a_request_id_the_subgraphs_receive_too() {
    let app = spawn_app().await;
    let id_of = |response: &reqwest::Response| {
        response
            .headers()
            .get("x-request-id")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let fresh = app
        .http
        .post(&app.url)
        .json(&json!({"query": "{ product(id: \"1\") { name } }"}))
        .send()
        .await
        .expect("router answers");
    let id = id_of(&fresh).expect("a request id");
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    let seen = app
        .seen_by_products
        .last()
        .expect("the subgraph was called");
    assert_eq!(seen["x-request-id"], id.as_str(), "{seen}");

    // A usable id from the client is kept, with the client's trace context, down to the
    // subgraphs; an unusable one is replaced.
    let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let kept = app
        .http
        .post(&app.url)
        .header("x-request-id", "app-7f3a/42")
        .header("traceparent", traceparent)
        .header("baggage", "tenant=sakura")
        .json(&json!({"query": "{ product(id: \"2\") { name } }"}))
        .send()
        .await
        .expect("router answers");
    assert_eq!(id_of(&kept).as_deref(), Some("app-7f3a/42"));
    let seen = app
        .seen_by_products
        .last()
        .expect("the subgraph was called");
    assert_eq!(seen["x-request-id"], "app-7f3a/42", "{seen}");
    assert_eq!(seen["traceparent"], traceparent, "{seen}");
    assert_eq!(seen["baggage"], "tenant=sakura", "{seen}");
    let replaced = app
        .http
        .get(format!("{}?query={{__typename}}", app.url))
        .header("x-request-id", "<script>")
        .header("apollo-require-preflight", "true")
        .send()
        .await
        .expect("router answers");
    let id = id_of(&replaced).expect("a request id");
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    // Errors carry one as well.
    let refused = app
        .http
        .post(&app.url)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .expect("router answers");
    assert!(id_of(&refused).is_some());
}

#[tokio::test]
async fn browsers_get_graphiql_and_health_reports_ok() {
    let app = spawn_app().await;
    let page = app
        .http
        .get(&app.url)
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .send()
        .await
        .expect("router answers");
    assert_eq!(page.status(), 200);
    let csp = page
        .headers()
        .get("content-security-policy")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    let html = page.text().await.expect("page");
    assert!(html.contains("graphiql"), "{html}");
    // Every file the page loads comes from the router itself, cached for good (the version is in
    // the path); a file of another version is not there.
    let origin = app.url.replace("/graphql", "");
    let assets: Vec<&str> = html
        .split('"')
        .filter(|part| part.starts_with("/graphiql/"))
        .collect();
    assert_eq!(assets.len(), 5, "{html}");
    for asset in assets {
        let file = app
            .http
            .get(format!("{origin}{asset}"))
            .send()
            .await
            .expect("router answers");
        assert_eq!(file.status(), 200, "{asset}");
        let header = |name: &str| {
            file.headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert!(header("cache-control").contains("immutable"), "{asset}");
        assert!(
            header("content-type").starts_with(if asset.ends_with(".css") {
                "text/css"
            } else {
                "text/javascript"
            }),
            "{asset}"
        );
        assert!(file.bytes().await.expect("body").len() > 100, "{asset}");
    }
    let missing = app
        .http
        .get(format!("{origin}/graphiql/0.0.1/graphiql.min.js"))
        .send()
        .await
        .expect("router answers");
    assert_eq!(missing.status(), 404);

    let health = app
        .http
        .get(app.url.replace("/graphql", "/health"))
        .send()
        .await
        .expect("router answers");
    assert_eq!(health.status(), 200);
    assert_eq!(
        health.json::<serde_json::Value>().await.expect("json"),
        json!({"status": "ok", "supergraphGeneration": 1,
            "subgraphs": {"products": true, "reviews": true}})
    );
    for (path, status) in [
        ("/health/live", 200),
        ("/health/ready", 200),
        ("/metrics", 200),
    ] {
        let response = app
            .http
            .get(app.url.replace("/graphql", path))
            .send()
            .await
            .expect("router answers");
        assert_eq!(response.status(), status, "{path}");
    }
    let metrics = app
        .http
        .get(app.url.replace("/graphql", "/metrics"))
        .send()
        .await
        .expect("router answers")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains("iworkz_router_subscriptions_active"),
        "{metrics}"
    );
}

#[tokio::test]
async fn subgraph_errors_keep_their_code_and_extensions() {
    let app = spawn_app().await;
    let reply = app
        .post(
            r#"mutation { renameProduct(id: "1", name: " ") { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["data"], json!({"renameProduct": null}));
    let error = &reply.body["errors"][0];
    assert_eq!(error["message"], "The name must not be blank.");
    assert_eq!(error["path"], json!(["renameProduct"]));
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(error["extensions"]["field"], "name");
}

#[tokio::test]
async fn introspection_is_answered_next_to_subgraph_fields() {
    let app = spawn_app().await;
    let data = app
        .data(
            r#"{ __typename __schema { queryType { name } } __type(name: "Product") { fields { name } } product(id: "1") { __typename name } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["__typename"], "Query");
    assert_eq!(data["__schema"]["queryType"]["name"], "Query");
    let fields: Vec<&str> = data["__type"]["fields"]
        .as_array()
        .map(|fields| fields.iter().filter_map(|f| f["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(fields, vec!["id", "name", "price", "reviews"]);
    assert_eq!(
        data["product"],
        json!({"__typename": "Product", "name": "Keyboard"})
    );
}
