//! The router's edge on the real stack: the attacks of the edge issue are refused quickly, and
//! subgraph internals do not reach clients.

use e2e::identity::{demo_employer, with_admin};
use e2e::{Backend, Options, TestStack};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn seeded() -> Options {
    Options {
        seed: true,
        redis: false,
    }
}

fn code(body: &Value) -> &Value {
    &body["errors"][0]["extensions"]["code"]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tower_of_matches_is_refused_by_cost_before_any_subgraph_works() {
    let test = TestStack::start(Backend::Sqlite, seeded()).await;
    let employer = demo_employer(&test.client).await;
    let postings = test
        .client
        .data(
            "{ jobPostings(first: 1, status: PUBLISHED) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let id = postings["jobPostings"]["edges"][0]["node"]["id"].clone();
    // Depth 11, within the depth limit: jobPosting → matches → (job → matches) × 4 → score.
    let mut selection = String::from("score");
    for _ in 0..4 {
        selection = format!("job {{ matches {{ {selection} }} }}");
    }
    let tower =
        format!("query($id: ID!) {{ jobPosting(id: $id) {{ matches {{ {selection} }} }} }}");
    let started = Instant::now();
    let reply = employer.post(&tower, json!({"id": id})).await;
    let took = started.elapsed();
    assert_eq!(
        code(&reply.body),
        "COST_ESTIMATED_TOO_EXPENSIVE",
        "{}",
        reply.body
    );
    assert!(took < Duration::from_secs(2), "refused in {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standard_introspection_query_describes_the_api_schema() {
    let test = TestStack::start(Backend::Sqlite, seeded()).await;
    // graphql-js getIntrospectionQuery() with every option on, as GraphiQL and codegen send it.
    let data = test.client.data(INTROSPECTION_QUERY, json!({})).await;
    let types = data["__schema"]["types"].as_array().expect("types");
    let names: Vec<&str> = types.iter().filter_map(|ty| ty["name"].as_str()).collect();
    for expected in [
        "Query",
        "Mutation",
        "Subscription",
        "JobPosting",
        "User",
        "Match",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    for name in &names {
        assert!(
            !name.starts_with("join__") && !name.starts_with("link__") && *name != "_Any",
            "federation internals leak: {name}"
        );
    }
    let query = types
        .iter()
        .find(|ty| ty["name"] == "Query")
        .expect("Query");
    let fields = query["fields"].to_string();
    assert!(
        !fields.contains("_entities") && !fields.contains("_service"),
        "{fields}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subgraph_internals_stay_inside_and_bad_inputs_are_bad_user_input() {
    let test = TestStack::start_configured(Backend::Sqlite, seeded(), with_admin).await;
    let admin = test.admin().await;
    let reply = admin
        .post(
            "query($filter: AuditLogFilterInput) { auditLogs(filter: $filter, first: 5) { edges { node { action } } } }",
            json!({"filter": {"from": "not a date"}}),
        )
        .await;
    let text = reply.body.to_string();
    assert_eq!(code(&reply.body), "BAD_USER_INPUT", "{text}");
    assert!(
        reply.body["errors"][0]["extensions"]["field"].is_string(),
        "{text}"
    );
    assert!(
        !text.contains("Failed to parse")
            && !text.contains("\"service\"")
            && !text.contains("occurred while"),
        "{text}"
    );

    // A huge bad value is not echoed back in full.
    let huge = "x".repeat(20_000);
    let reply = admin
        .post(
            "query($id: ID!) { user(id: $id) { id } }",
            json!({"id": huge}),
        )
        .await;
    let text = reply.body.to_string();
    assert!(reply.body.get("errors").is_some(), "{text}");
    assert!(
        text.len() < 2_000,
        "{} bytes: {}",
        text.len(),
        &text[..200.min(text.len())]
    );
}

const INTROSPECTION_QUERY: &str = r#"
    query IntrospectionQuery {
      __schema {
        description
        queryType { name kind }
        mutationType { name kind }
        subscriptionType { name kind }
        types { ...FullType }
        directives {
          name
          description
          isRepeatable
          locations
          args(includeDeprecated: true) { ...InputValue }
        }
      }
    }

    fragment FullType on __Type {
      kind
      name
      description
      specifiedByURL
      fields(includeDeprecated: true) {
        name
        description
        args(includeDeprecated: true) { ...InputValue }
        type { ...TypeRef }
        isDeprecated
        deprecationReason
      }
      inputFields(includeDeprecated: true) { ...InputValue }
      interfaces { ...TypeRef }
      enumValues(includeDeprecated: true) {
        name
        description
        isDeprecated
        deprecationReason
      }
      possibleTypes { ...TypeRef }
    }

    fragment InputValue on __InputValue {
      name
      description
      type { ...TypeRef }
      defaultValue
      isDeprecated
      deprecationReason
    }

    fragment TypeRef on __Type {
      kind
      name
      ofType {
        kind
        name
        ofType {
          kind
          name
          ofType {
            kind
            name
            ofType {
              kind
              name
              ofType {
                kind
                name
                ofType {
                  kind
                  name
                  ofType {
                    kind
                    name
                    ofType {
                      kind
                      name
                      ofType {
                        kind
                        name
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
"#;
