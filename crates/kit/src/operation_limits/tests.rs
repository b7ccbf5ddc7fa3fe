//! Each limit refuses what crosses it, with its code, quickly; what stays within passes.

use super::*;
use async_graphql::{EmptyMutation, EmptySubscription, ID, Object, Schema, SimpleObject};
use serde_json::json;
use std::time::{Duration, Instant};

struct Query;

#[Object]
impl Query {
    async fn node(&self) -> Node {
        Node
    }

    async fn echo(&self, items: Vec<String>) -> usize {
        items.len()
    }

    #[graphql(entity)]
    async fn find_user_by_id(&self, id: ID) -> User {
        User { id }
    }
}

struct Node;

#[Object]
impl Node {
    async fn child(&self) -> Node {
        Node
    }

    async fn value(&self) -> i32 {
        1
    }
}

#[derive(SimpleObject)]
struct User {
    id: ID,
}

type TestSchema = Schema<Query, EmptyMutation, EmptySubscription>;

fn protected() -> TestSchema {
    protect(Schema::build(Query, EmptyMutation, EmptySubscription)).finish()
}

/// Runs `query` and returns the first error's code, or `None` when it succeeded.
async fn code_of(schema: &TestSchema, query: &str, variables: serde_json::Value) -> Option<String> {
    let request = Request::new(query).variables(Variables::from_json(variables));
    let response = schema.execute(request).await;
    let error = response.errors.first()?;
    let code = error.extensions.as_ref()?.get("code")?;
    Some(code.to_string().trim_matches('"').to_owned())
}

/// `node { child { … { value } } }` with `depth` fields in all.
fn nested(depth: usize) -> String {
    let mut query = "{ node { ".to_owned();
    query.push_str(&"child { ".repeat(depth - 2));
    query.push_str("value ");
    query.push_str(&"} ".repeat(depth - 1));
    query.push('}');
    query
}

/// `levels` fragments, each spreading the next twice: 2^levels fields once expanded.
fn doubling_fragments(levels: usize) -> String {
    let mut query = String::from("query { node { ...F0 } }\n");
    for level in 0..levels {
        let next = level + 1;
        query.push_str(&format!(
            "fragment F{level} on Node {{ ...F{next} ...F{next} }}\n"
        ));
    }
    query.push_str(&format!("fragment F{levels} on Node {{ value }}\n"));
    query
}

#[tokio::test]
async fn depth_beyond_the_limit_is_refused_and_at_the_limit_passes() {
    let schema = protected();
    assert_eq!(code_of(&schema, &nested(MAX_DEPTH), json!({})).await, None);
    assert_eq!(
        code_of(&schema, &nested(MAX_DEPTH + 1), json!({}))
            .await
            .as_deref(),
        Some(MAX_DEPTH_EXCEEDED)
    );
    // Type conditions nest selection sets without adding fields.
    let wrapped = format!(
        "{{ node {{ {}value{} }} }}",
        "... on Node { ".repeat(MAX_RECURSIVE_DEPTH),
        " }".repeat(MAX_RECURSIVE_DEPTH)
    );
    assert_eq!(
        code_of(&schema, &wrapped, json!({})).await.as_deref(),
        Some(MAX_DEPTH_EXCEEDED)
    );
}

#[tokio::test]
async fn fragments_spreading_each_other_are_refused_in_a_moment() {
    let schema = protected();
    // 2^14 = 16384 fields: within the limit, however they are written.
    assert_eq!(
        code_of(&schema, &doubling_fragments(14), json!({})).await,
        None
    );
    let started = Instant::now();
    // 2^30 fields: async-graphql alone would walk a billion selections before refusing.
    assert_eq!(
        code_of(&schema, &doubling_fragments(30), json!({}))
            .await
            .as_deref(),
        Some(MAX_COMPLEXITY_EXCEEDED)
    );
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let cycle = "{ node { ...A } } fragment A on Node { child { ...A } }";
    assert_eq!(
        code_of(&schema, cycle, json!({})).await.as_deref(),
        Some(GRAPHQL_VALIDATION_FAILED)
    );
}

#[tokio::test]
async fn too_many_fields_are_refused() {
    let schema = protected();
    let aliases: String = (0..=MAX_COMPLEXITY)
        .map(|n| format!("v{n}: value "))
        .collect();
    let query = format!("{{ node {{ {aliases} }} }}");
    assert_eq!(
        code_of(&schema, &query, json!({})).await.as_deref(),
        Some(MAX_COMPLEXITY_EXCEEDED)
    );
}

#[tokio::test]
async fn a_document_of_too_many_tokens_is_refused_before_it_is_parsed() {
    let schema = protected();
    // 4 MiB of field names: parsing alone would take seconds in a debug build.
    let query = format!("{{ node {{ {} }} }}", "value ".repeat(MAX_BODY_BYTES / 6));
    let started = Instant::now();
    assert_eq!(
        code_of(&schema, &query, json!({})).await.as_deref(),
        Some(MAX_TOKENS_EXCEEDED)
    );
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn too_many_directives_on_a_selection_are_refused() {
    let schema = protected();
    let query = format!(
        "{{ node {{ value {} }} }}",
        "@include(if: true) ".repeat(MAX_DIRECTIVES + 1)
    );
    assert_eq!(
        code_of(&schema, &query, json!({})).await.as_deref(),
        Some(MAX_DIRECTIVES_EXCEEDED)
    );
}

#[tokio::test]
async fn entity_batches_are_bounded() {
    let schema = protected();
    let query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }";
    let batch = |size: usize| {
        let representations: Vec<_> = (0..size)
            .map(|n| json!({"__typename": "User", "id": n.to_string()}))
            .collect();
        json!({"r": representations})
    };
    assert_eq!(
        code_of(&schema, query, batch(MAX_REPRESENTATIONS)).await,
        None
    );
    assert_eq!(
        code_of(&schema, query, batch(MAX_REPRESENTATIONS + 1))
            .await
            .as_deref(),
        Some(MAX_REPRESENTATIONS_EXCEEDED)
    );
}

#[tokio::test]
async fn oversized_input_lists_name_their_field_and_the_limit() {
    let schema = protected();
    let items = vec!["skill"; 100_000];
    let started = Instant::now();
    let response = schema
        .execute(
            Request::new("query($items: [String!]!) { echo(items: $items) }")
                .variables(Variables::from_json(json!({"items": items}))),
        )
        .await;
    assert!(started.elapsed() < Duration::from_secs(1));
    let error = serde_json::to_value(&response.errors[0]).expect("serializes");
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{error}");
    assert_eq!(error["extensions"]["field"], "items");
    assert_eq!(error["extensions"]["limit"], MAX_INPUT_LIST_ITEMS);
}

#[tokio::test]
async fn parse_and_validation_errors_carry_codes() {
    let schema = protected();
    assert_eq!(
        code_of(&schema, "{ node { ", json!({})).await.as_deref(),
        Some(GRAPHQL_PARSE_FAILED)
    );
    assert_eq!(
        code_of(&schema, "{ node { nope } }", json!({}))
            .await
            .as_deref(),
        Some(GRAPHQL_VALIDATION_FAILED)
    );
}

/// async-graphql's own limit errors (the backstop behind the linear pre-check) get their codes:
/// this breaks if an upgrade rewords them.
#[tokio::test]
async fn async_graphql_limit_messages_map_to_their_codes() {
    type Builder = SchemaBuilder<Query, EmptyMutation, EmptySubscription>;
    let limited = |build: fn(Builder) -> Builder| -> TestSchema {
        build(Schema::build(Query, EmptyMutation, EmptySubscription)).finish()
    };
    let cases: [(TestSchema, &str, &str); 4] = [
        (
            limited(|b| b.limit_depth(2)),
            "{ node { child { value } } }",
            MAX_DEPTH_EXCEEDED,
        ),
        (
            limited(|b| b.limit_recursive_depth(1)),
            "{ node { child { value } } }",
            MAX_DEPTH_EXCEEDED,
        ),
        (
            limited(|b| b.limit_complexity(2)),
            "{ node { value child { value } } }",
            MAX_COMPLEXITY_EXCEEDED,
        ),
        (
            limited(|b| b.limit_directives(1)),
            "{ node { value @include(if: true) @skip(if: false) } }",
            MAX_DIRECTIVES_EXCEEDED,
        ),
    ];
    for (schema, query, code) in cases {
        let response = schema.execute(query).await;
        let error = response.errors.into_iter().next().expect("refused");
        let mapped = coded(error, "FALLBACK");
        let extensions = mapped.extensions.expect("extensions");
        assert_eq!(
            extensions.get("code"),
            Some(&Value::from(code)),
            "{query}: {}",
            mapped.message
        );
    }
}
