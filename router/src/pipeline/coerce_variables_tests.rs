use super::*;
use crate::pipeline::parser::parse_operation;
use graphql_tools::static_graphql::query::{Definition as QueryDefinition, OperationDefinition};
use serde_json::json;

const SCHEMA: &str = r#"
scalar DateTime
enum Role { CANDIDATE EMPLOYER }
input NewPosting { title: String!, skills: [String!]! = [], salary: Int, role: Role = EMPLOYER, at: DateTime }
type Query { a: Int }
"#;

fn input_types() -> InputTypes {
    let schema = graphql_tools::parser::parse_schema::<String>(SCHEMA)
        .unwrap()
        .into_static();
    InputTypes::from_schema(&schema)
}

fn coerce(operation: &str, variables: Json) -> Result<HashMap<String, Json>, Vec<String>> {
    let document = parse_operation(operation, 1000).unwrap();
    let QueryDefinition::Operation(OperationDefinition::Query(query)) = &document.definitions[0]
    else {
        panic!("expected a query");
    };
    match coerce_variables(
        &input_types(),
        &query.variable_definitions,
        Some(&variables),
    ) {
        Ok(payload) => Ok(payload
            .variables_map
            .unwrap_or_default()
            .into_iter()
            .map(|(name, value)| (name, serde_json::from_str(&value.to_string()).unwrap()))
            .collect()),
        Err(PipelineError::Variables(errors)) => {
            Err(errors.into_iter().map(|err| err.message).collect())
        }
        Err(other) => panic!("unexpected {other:?}"),
    }
}

#[test]
fn defaults_apply_to_missing_variables_and_input_fields() {
    let coerced = coerce(
        "query($first: Int = 2, $input: NewPosting!) { a }",
        json!({"input": {"title": "Platform Engineer"}}),
    )
    .unwrap();
    assert_eq!(coerced["first"], json!(2));
    assert_eq!(
        coerced["input"],
        json!({"title": "Platform Engineer", "skills": [], "role": "EMPLOYER"})
    );
}

#[test]
fn missing_required_and_null_non_null_are_reported_per_variable() {
    let errors = coerce("query($id: ID!, $n: Int!) { a }", json!({"n": null})).unwrap_err();
    assert_eq!(errors.len(), 2);
    assert!(errors[0].contains("\"$id\" of required type \"ID!\" was not provided"));
    assert!(errors[1].contains("\"$n\" of non-null type \"Int!\" must not be null"));
}

#[test]
fn wrong_types_are_rejected_with_the_position() {
    let errors = coerce(
        "query($id: ID!, $input: NewPosting) { a }",
        json!({"id": {"x": 1}, "input": {"title": "t", "skills": ["rust", 3]}}),
    )
    .unwrap_err();
    assert!(errors[0].contains("ID cannot represent"), "{errors:?}");
    assert!(errors[1].contains("at \"input.skills[1]\""), "{errors:?}");
    let errors = coerce(
        "query($input: NewPosting) { a }",
        json!({"input": {"title": "t", "bogus": 1}}),
    )
    .unwrap_err();
    assert!(errors[0].contains("\"bogus\" is not defined"), "{errors:?}");
    let errors = coerce(
        "query($r: Role, $n: Int) { a }",
        json!({"r": "ADMIN", "n": 3_000_000_000u64}),
    )
    .unwrap_err();
    assert!(
        errors[0].contains("does not exist in \"Role\""),
        "{errors:?}"
    );
    assert!(errors[1].contains("Int cannot represent"), "{errors:?}");
}

#[test]
fn lenient_coercions_of_the_spec() {
    let coerced = coerce(
        "query($id: ID, $skills: [String!], $n: Int, $at: DateTime) { a }",
        json!({"id": 7, "skills": "rust", "n": 4.0, "at": "2026-01-01T00:00:00Z"}),
    )
    .unwrap();
    assert_eq!(coerced["id"], json!("7"));
    assert_eq!(coerced["skills"], json!(["rust"]));
    assert_eq!(coerced["n"], json!(4));
    assert_eq!(coerced["at"], json!("2026-01-01T00:00:00Z"));
}

#[test]
fn variables_must_be_an_object() {
    let document = parse_operation("query($n: Int) { a }", 1000).unwrap();
    let QueryDefinition::Operation(OperationDefinition::Query(query)) = &document.definitions[0]
    else {
        panic!("expected a query");
    };
    assert!(matches!(
        coerce_variables(
            &input_types(),
            &query.variable_definitions,
            Some(&json!([1]))
        ),
        Err(PipelineError::MalformedRequest(_))
    ));
}
