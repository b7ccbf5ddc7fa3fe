//! Every element of the schema clients introspect through the router carries a description:
//! types, fields, arguments, input fields and enum values. Partners integrate from the docs
//! explorer alone, so an undescribed element is a defect; this test lists every one.
//!
//! Exempt, by name: GraphQL's own types (`__…`, the built-in scalars), the root operation types
//! (their fields are described), and the `…Connection` types async-graphql generates, which
//! have no description hook (their fields `edges`, `nodes` and `pageInfo` are described).

use e2e::{Backend, Options, TestStack};
use serde_json::{Value, json};

const INTROSPECTION: &str = "{ __schema { types {
  kind name description
  fields(includeDeprecated: true) { name description args { name description } }
  inputFields { name description }
  enumValues(includeDeprecated: true) { name description }
} } }";

const BUILT_IN: [&str; 5] = ["String", "Int", "Float", "Boolean", "ID"];
const ROOTS: [&str; 3] = ["Query", "Mutation", "Subscription"];

fn described(element: &Value) -> bool {
    element["description"]
        .as_str()
        .is_some_and(|text| !text.trim().is_empty())
}

fn list(value: &Value) -> &[Value] {
    value.as_array().map(Vec::as_slice).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_type_field_argument_and_enum_value_is_described() {
    let test = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let schema = test.client.data(INTROSPECTION, json!({})).await;
    let mut undescribed = Vec::new();
    let mut counted = 0;
    for ty in list(&schema["__schema"]["types"]) {
        let name = ty["name"].as_str().unwrap_or_default();
        if name.starts_with("__") || BUILT_IN.contains(&name) {
            continue;
        }
        counted += 1;
        if !described(ty) && !ROOTS.contains(&name) && !name.ends_with("Connection") {
            undescribed.push(format!("type {name}"));
        }
        for field in list(&ty["fields"]) {
            let field_name = field["name"].as_str().unwrap_or_default();
            counted += 1;
            if !described(field) {
                undescribed.push(format!("field {name}.{field_name}"));
            }
            for arg in list(&field["args"]) {
                counted += 1;
                if !described(arg) {
                    undescribed.push(format!("argument {name}.{field_name}({})", arg["name"]));
                }
            }
        }
        for input in list(&ty["inputFields"]) {
            counted += 1;
            if !described(input) {
                undescribed.push(format!("input field {name}.{}", input["name"]));
            }
        }
        for value in list(&ty["enumValues"]) {
            counted += 1;
            if !described(value) {
                undescribed.push(format!("enum value {name}.{}", value["name"]));
            }
        }
    }
    assert!(counted > 500, "the schema shrank to {counted} elements?");
    assert!(
        undescribed.is_empty(),
        "{} of {counted} schema elements have no description:\n{}",
        undescribed.len(),
        undescribed.join("\n")
    );
}
