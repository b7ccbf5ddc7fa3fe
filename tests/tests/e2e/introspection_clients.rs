//! Introspection as client tools send it. GraphiQL, code generators and schema downloaders
//! build their view of the API from graphql-js's full introspection query, and editors send
//! small `__type` / `__schema` queries while you type; all of them must get the API schema —
//! exactly what the subgraphs declare, none of federation's plumbing.
//!
//! `tools/conformance/introspection.mjs` sends the requests and compares the schema graphql-js
//! builds (and prints) with the subgraph SDLs in `schema/`; this test judges its report.

use e2e::{Backend, Options, TestStack, conformance};
use serde_json::Value;
use std::path::PathBuf;

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .map(|item| match item {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// What is wrong with one HTTP exchange that should have answered with data.
fn exchange_problems(request: &Value) -> Vec<String> {
    let name = request["name"].as_str().unwrap_or("?");
    let mut problems = Vec::new();
    if request["status"] != 200 {
        problems.push(format!(
            "{name}: HTTP {} (expected 200), errors {}",
            request["status"], request["errors"]
        ));
    } else if !request["errors"].is_null() {
        problems.push(format!("{name}: errors {}", request["errors"]));
    }
    problems
}

/// What is wrong with the schema built from the full introspection answer.
fn schema_problems(schema: &Value) -> Vec<String> {
    if schema.is_null() {
        return vec!["no request answered with __schema: nothing to build a schema from".into()];
    }
    if schema["built"] != true {
        return vec![format!(
            "buildClientSchema failed: {}",
            schema["buildError"]
        )];
    }
    let mut problems = Vec::new();
    for (key, what) in [
        ("leftoverTypes", "federation types in the API schema"),
        ("nonSpecDirectives", "directives beyond the spec's"),
        ("federationRootFields", "federation fields on Query"),
    ] {
        let found = strings(&schema[key]);
        if !found.is_empty() {
            problems.push(format!("{what}: {found:?}"));
        }
    }
    let roots = &schema["rootTypes"];
    for (root, name) in [
        ("query", "Query"),
        ("mutation", "Mutation"),
        ("subscription", "Subscription"),
    ] {
        if roots[root] != name {
            problems.push(format!(
                "{root} root type is {} (expected {name})",
                roots[root]
            ));
        }
    }
    for (path, present) in schema["landmarks"].as_object().into_iter().flatten() {
        if present != true {
            problems.push(format!("{path} is missing from the schema"));
        }
    }
    let comparison = &schema["comparison"];
    // The subgraphs declare several hundred elements; a handful means the SDLs were not read.
    let expected = comparison["expectedCount"].as_u64().unwrap_or(0);
    if expected < 300 {
        problems.push(format!(
            "only {expected} elements read from schema/*.graphql"
        ));
    }
    for (key, what) in [
        (
            "missing",
            "declared by a subgraph but missing from the API schema",
        ),
        (
            "unexpected",
            "in the API schema but declared by no subgraph",
        ),
        ("mismatched", "differing from every subgraph's declaration"),
    ] {
        let found = strings(&comparison[key]);
        if !found.is_empty() {
            problems.push(format!("{} elements {what}: {found:#?}", found.len()));
        }
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_tools_introspect_the_api_schema_and_nothing_else() {
    let stack = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let schema_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let report = conformance::run(
        "introspection.mjs",
        &[stack.stack.router_url(), schema_dir.display().to_string()],
    )
    .await;

    let mut problems = Vec::new();
    let requests = report["requests"]
        .as_array()
        .expect("introspection requests");
    assert_eq!(requests.len(), 3, "{report}");
    for request in requests {
        problems.extend(exchange_problems(request));
        let name = request["name"].as_str().unwrap_or("?");
        if request["status"] == 200 && request["hasSchema"] != true {
            problems.push(format!("{name}: no data.__schema in the answer"));
        } else if request["hasSchema"] == true && request["sameSchemaAsFirst"] != true {
            problems.push(format!(
                "{name}: describes another schema than the first answer"
            ));
        }
    }
    problems.extend(schema_problems(&report["schema"]));
    for small in report["small"].as_array().expect("small queries") {
        problems.extend(exchange_problems(small));
        if small["status"] == 200 && small["got"] != small["expected"] {
            problems.push(format!(
                "{}: answered {} (expected {})",
                small["name"].as_str().unwrap_or("?"),
                small["got"],
                small["expected"]
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "introspection as client tools send it:\n  {}",
        problems.join("\n  ")
    );
}
