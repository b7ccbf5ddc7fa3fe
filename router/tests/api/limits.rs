//! Operation limits refuse what would blow up, quickly and before any subgraph is asked: each
//! test sends a document that costs seconds or gigabytes without its limit, and bounds the time
//! the refusal takes.

use crate::helpers::{GRAPHQL_RESPONSE_JSON, Reply, TestApp, spawn_app, spawn_app_with};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Generous for a debug build on a loaded machine; the unprotected cases take many seconds.
const QUICKLY: Duration = Duration::from_secs(2);

async fn refused(app: &TestApp, query: &str) -> (Reply, Duration) {
    let started = Instant::now();
    let reply = app.post(query, json!({})).await;
    (reply, started.elapsed())
}

fn code(reply: &Reply) -> &Value {
    &reply.body["errors"][0]["extensions"]["code"]
}

/// `levels` fragments, each spreading the next twice: 2^levels fields once expanded.
fn doubling_fragments(levels: usize) -> String {
    let mut query = String::from("query Bomb { product(id: \"1\") { ...F0 } }\n");
    for level in 0..levels {
        query.push_str(&format!(
            "fragment F{level} on Product {{ ...F{next} ...F{next} }}\n",
            next = level + 1
        ));
    }
    query.push_str(&format!("fragment F{levels} on Product {{ name }}\n"));
    query
}

#[tokio::test]
async fn exponential_fragments_are_refused_by_cost_without_being_expanded() {
    let app = spawn_app().await;
    let query = doubling_fragments(25);
    assert!(query.len() < 2_000, "a small document: {}", query.len());
    let (reply, took) = refused(&app, &query).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(
        code(&reply),
        "COST_ESTIMATED_TOO_EXPENSIVE",
        "{}",
        reply.body
    );
    let message = reply.body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default();
    // product 1 + 2^25 names
    assert!(
        message.contains("33554433") && message.contains("5000"),
        "{message}"
    );
    assert!(took < QUICKLY, "refused in {took:?}");
}

#[tokio::test]
async fn documents_over_the_token_limit_are_refused_by_the_parser() {
    let app = spawn_app().await;
    let fields = "a ".repeat(100_000);
    let (reply, took) = refused(&app, &format!("{{ {fields} }}")).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(code(&reply), "MAX_TOKENS_EXCEEDED", "{}", reply.body);
    assert!(
        reply.body["errors"][0]["message"]
            .as_str()
            .is_some_and(|message| message.contains("4000")),
        "{}",
        reply.body
    );
    assert!(took < QUICKLY, "refused in {took:?}");
}

#[tokio::test]
async fn repeated_fields_within_the_token_limit_validate_quickly() {
    // The overlapping-fields rule compares same-named fields pairwise: the token limit keeps
    // the worst case bounded.
    let app = spawn_app().await;
    let fields = "name ".repeat(3_990);
    let started = Instant::now();
    let reply = app
        .post(
            &format!("{{ product(id: \"1\") {{ {fields} }} }}"),
            json!({}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn many_distinct_fields_under_one_name_are_refused_before_pairwise_comparison() {
    let app = spawn_app().await;
    let fields = (0..600)
        .map(|index| format!("name(v: {index})"))
        .collect::<Vec<_>>()
        .join(" ");
    let (reply, took) = refused(&app, &format!("{{ product(id: \"1\") {{ {fields} }} }}")).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(code(&reply), "GRAPHQL_VALIDATION_FAILED", "{}", reply.body);
    assert!(
        reply.body["errors"][0]["message"]
            .as_str()
            .is_some_and(|message| message.contains("600") && message.contains("\"name\"")),
        "{}",
        reply.body
    );
    assert!(took < QUICKLY, "refused in {took:?}");
}

#[tokio::test]
async fn depth_is_counted_through_fragments_and_introspection_is_exempt() {
    let app = spawn_app_with(|config| config.edge.limits.max_depth = 2).await;
    let shallow = r#"{ product(id: "1") { name } }"#;
    assert_eq!(app.post(shallow, json!({})).await.status, 200);
    let (reply, _) = refused(
        &app,
        r#"{ product(id: "1") { ...R } } fragment R on Product { reviews { body } }"#,
    )
    .await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(code(&reply), "MAX_DEPTH_EXCEEDED", "{}", reply.body);
    assert!(
        reply.body["errors"][0]["message"]
            .as_str()
            .is_some_and(|message| message.contains("(3)") && message.contains("of 2")),
        "{}",
        reply.body
    );
    // The introspection query is deeper than any limit meant for data.
    let introspection = "{ __schema { types { fields { type { ofType { ofType { name } } } } } } }";
    assert_eq!(app.post(introspection, json!({})).await.status, 200);
    // …but list nesting inside it is bounded: each level multiplies the schema.
    let (reply, _) = refused(
        &app,
        r#"{ __type(name: "Query") { fields { type { fields { type { fields { name } } } } } } }"#,
    )
    .await;
    assert_eq!(
        code(&reply),
        "MAX_INTROSPECTION_DEPTH_EXCEEDED",
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn aliases_directives_and_root_fields_each_have_their_code() {
    let app = spawn_app().await;
    let aliases = (0..31)
        .map(|index| format!("a{index}: product(id: \"1\") {{ name }}"))
        .collect::<Vec<_>>()
        .join(" ");
    let (reply, _) = refused(&app, &format!("{{ {aliases} }}")).await;
    let codes: Vec<&Value> = reply.body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|error| &error["extensions"]["code"])
                .collect()
        })
        .unwrap_or_default();
    // 31 aliased root fields cross two limits at once; both are reported.
    assert!(
        codes.contains(&&json!("MAX_ALIASES_EXCEEDED")),
        "{}",
        reply.body
    );
    assert!(
        codes.contains(&&json!("MAX_ROOT_FIELDS_EXCEEDED")),
        "{}",
        reply.body
    );
    let aliases_message = reply.body["errors"]
        .as_array()
        .and_then(|errors| {
            errors
                .iter()
                .find(|error| error["extensions"]["code"] == "MAX_ALIASES_EXCEEDED")
        })
        .and_then(|error| error["message"].as_str())
        .unwrap_or_default();
    assert!(
        aliases_message.contains("(31)") && aliases_message.contains("of 30"),
        "{aliases_message}"
    );

    let directives = "@include(if: true) ".repeat(51);
    let (reply, _) = refused(&app, &format!("{{ __typename {directives} }}")).await;
    assert_eq!(code(&reply), "MAX_DIRECTIVES_EXCEEDED", "{}", reply.body);

    let roots = "__typename ".repeat(21);
    let (reply, _) = refused(&app, &format!("{{ {roots} }}")).await;
    assert_eq!(code(&reply), "MAX_ROOT_FIELDS_EXCEEDED", "{}", reply.body);
}

#[tokio::test]
async fn unknown_directives_are_refused_before_validation_reports_each() {
    let app = spawn_app().await;
    let directives = "@unknown ".repeat(1_500);
    let query = format!("{{ __typename {directives} }}");
    let (reply, took) = refused(&app, &query).await;
    assert_eq!(code(&reply), "MAX_DIRECTIVES_EXCEEDED", "{}", reply.body);
    let body = reply.body.to_string();
    assert!(
        body.len() < query.len(),
        "the answer ({} bytes) is smaller than the request ({} bytes)",
        body.len(),
        query.len()
    );
    assert!(took < QUICKLY, "{took:?}");
}

#[tokio::test]
async fn list_sizes_from_variables_are_costed_per_request() {
    let app = spawn_app().await;
    let query = "query P($n: Int!) { products(first: $n) { name reviews { stars body } } }";
    assert_eq!(app.post(query, json!({"n": 2})).await.status, 200);
    // 1 + 2000 × (name + reviews × 10 × 2): far over the cost limit.
    let reply = app.post(query, json!({"n": 2000})).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(
        code(&reply),
        "COST_ESTIMATED_TOO_EXPENSIVE",
        "{}",
        reply.body
    );
    // The cached preparation is reused; a small size still passes.
    assert_eq!(app.post(query, json!({"n": 3})).await.status, 200);
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413_before_parsing() {
    let app = spawn_app().await;
    let padding = "x".repeat(2 * 1024 * 1024);
    let started = Instant::now();
    let response = app
        .http
        .post(&app.url)
        .header("accept", GRAPHQL_RESPONSE_JSON)
        .header("content-type", "application/json")
        .body(json!({"query": "{ __typename }", "variables": {"pad": padding}}).to_string())
        .send()
        .await
        .expect("router answers");
    let reply = Reply::read(response).await;
    assert_eq!(reply.status, 413, "{}", reply.body);
    assert_eq!(code(&reply), "REQUEST_TOO_LARGE", "{}", reply.body);
    assert!(started.elapsed() < QUICKLY);
}

#[tokio::test]
async fn validation_errors_are_capped() {
    let app = spawn_app().await;
    let unknown = (0..60)
        .map(|index| format!("f{index}"))
        .collect::<Vec<_>>()
        .join(" ");
    let reply = app
        .post(
            &format!("{{ product(id: \"1\") {{ {unknown} }} }}"),
            json!({}),
        )
        .await;
    let errors = reply.body["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 50, "{}", reply.body);
    assert!(
        errors[49]["message"]
            .as_str()
            .is_some_and(|message| message.contains("11 more")),
        "{}",
        errors[49]
    );
}
