//! Every argument of every root field, sent wrongly typed and at its boundaries, as an
//! anonymous caller, an employer with a company and an administrator: no answer may be
//! `INTERNAL`, no status 500, and no panic may happen in the stack meanwhile.
//!
//! The cases come from the API schema itself (introspected through the router), so a field
//! added later is walked too. For each argument in turn the others get plausible values; an
//! input object's fields are walked one at a time the same way. Values go as variables: the
//! router checks built-in types itself, and custom scalars (`DateTime`, `NaiveDate`, `JSON`) and
//! every bound reach the subgraphs.

use e2e::companies::create_company;
use e2e::identity::with_admin;
use e2e::{Backend, GraphqlClient, Options, TestStack};
use futures::StreamExt;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const INTROSPECTION: &str = r#"{ __schema {
  queryType { name } mutationType { name }
  types { kind name
    fields { name args { name type { ...Ref } } type { ...Ref } }
    inputFields { name type { ...Ref } }
    enumValues { name }
  }
} }
fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }"#;

/// A long text, past every string bound.
fn long_text() -> String {
    "語".repeat(20_000)
}

struct Schema {
    types: HashMap<String, Value>,
}

/// A type reference as written in a variable definition (`[String!]!`).
fn render(reference: &Value) -> String {
    match reference["kind"].as_str() {
        Some("NON_NULL") => format!("{}!", render(&reference["ofType"])),
        Some("LIST") => format!("[{}]", render(&reference["ofType"])),
        _ => reference["name"].as_str().unwrap_or_default().to_owned(),
    }
}

/// The named type under lists and non-nulls, and whether the outermost layer is a list.
fn named(reference: &Value) -> (&str, &str) {
    let mut current = reference;
    while matches!(current["kind"].as_str(), Some("NON_NULL" | "LIST")) {
        current = &current["ofType"];
    }
    (
        current["name"].as_str().unwrap_or_default(),
        current["kind"].as_str().unwrap_or_default(),
    )
}

fn is_list(reference: &Value) -> bool {
    match reference["kind"].as_str() {
        Some("NON_NULL") => is_list(&reference["ofType"]),
        Some("LIST") => true,
        _ => false,
    }
}

impl Schema {
    fn input_fields(&self, name: &str) -> Vec<(String, Value)> {
        self.types[name]["inputFields"]
            .as_array()
            .map(|fields| {
                fields
                    .iter()
                    .map(|field| {
                        (
                            field["name"].as_str().unwrap_or_default().to_owned(),
                            field["type"].clone(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A value the type accepts (required input fields filled in, optional ones left out).
    fn plausible(&self, reference: &Value, depth: usize) -> Value {
        if is_list(reference) {
            let inner = match reference["kind"].as_str() {
                Some("NON_NULL") => &reference["ofType"]["ofType"],
                _ => &reference["ofType"],
            };
            return json!([self.plausible(inner, depth + 1)]);
        }
        let (name, kind) = named(reference);
        match (kind, name) {
            ("SCALAR", "Int") => json!(1),
            ("SCALAR", "Float") => json!(1.5),
            ("SCALAR", "Boolean") => json!(false),
            ("SCALAR", "ID") => json!(uuid::Uuid::now_v7().to_string()),
            ("SCALAR", "DateTime") => json!("2027-01-15T09:00:00Z"),
            ("SCALAR", "NaiveDate") => json!("2027-01-15"),
            ("SCALAR", "JSON") => json!({}),
            ("SCALAR", _) => json!("walk"),
            ("ENUM", _) => self.types[name]["enumValues"][0]["name"].clone(),
            ("INPUT_OBJECT", _) if depth < 4 => {
                let mut object = Map::new();
                for (field, field_type) in self.input_fields(name) {
                    if field_type["kind"] == "NON_NULL" {
                        object.insert(field, self.plausible(&field_type, depth + 1));
                    }
                }
                Value::Object(object)
            }
            _ => Value::Null,
        }
    }

    /// Values of the wrong type or past the bounds of `reference`'s named type.
    fn wrong(&self, reference: &Value) -> Vec<Value> {
        let (name, kind) = named(reference);
        let mut values = match (kind, name) {
            ("SCALAR", "Int") => vec![
                json!(-1),
                json!(2_147_483_647),
                json!(-2_147_483_648),
                json!("1"),
            ],
            ("SCALAR", "Float") => vec![json!(-1.0e308), json!(1.0e308), json!(-1), json!("x")],
            ("SCALAR", "Boolean") => vec![json!("true")],
            ("SCALAR", "ID") => vec![json!("not-an-id"), json!(long_text()), json!(12)],
            ("SCALAR", "DateTime" | "NaiveDate") => {
                vec![
                    json!(0),
                    json!("yesterday"),
                    json!("9999-99-99"),
                    json!({"at": 1}),
                    json!("-262144-01-01T00:00:00Z"),
                ]
            }
            ("SCALAR", "JSON") => vec![json!(long_text()), json!([[[[[[[[[[1]]]]]]]]]])],
            ("SCALAR", _) => vec![json!(""), json!(long_text()), json!(" \u{0000} "), json!(7)],
            ("ENUM", _) => vec![json!("NOT_A_VALUE"), json!(1)],
            ("INPUT_OBJECT", _) => vec![json!({}), json!("text")],
            _ => Vec::new(),
        };
        if is_list(reference) {
            let one = self.plausible(reference, 0);
            let entry = one.get(0).cloned().unwrap_or(Value::Null);
            values.push(Value::Array(vec![entry; 5_000]));
            values = values
                .into_iter()
                .map(|value| {
                    if value.is_array() {
                        value
                    } else {
                        json!([value])
                    }
                })
                .collect();
        }
        values
    }
}

/// One operation to send.
struct Case {
    field: String,
    query: String,
    variables: Value,
    what: String,
}

fn selection(schema: &Schema, returns: &Value) -> &'static str {
    let (name, kind) = named(returns);
    match kind {
        "OBJECT" | "INTERFACE" | "UNION" if !schema.types.contains_key(name) => "",
        "OBJECT" | "INTERFACE" | "UNION" => " { __typename }",
        _ => "",
    }
}

/// The cases of one root field: each argument wrong in turn, and each field of each input
/// object argument wrong in turn.
fn cases(schema: &Schema, operation: &str, field: &Value) -> Vec<Case> {
    let name = field["name"].as_str().unwrap_or_default();
    let args = field["args"].as_array().cloned().unwrap_or_default();
    if args.is_empty() || name.starts_with('_') {
        return Vec::new();
    }
    let definitions: Vec<String> = args
        .iter()
        .map(|arg| {
            format!(
                "${}: {}",
                arg["name"].as_str().unwrap_or_default(),
                render(&arg["type"])
            )
        })
        .collect();
    let uses: Vec<String> = args
        .iter()
        .map(|arg| {
            let arg = arg["name"].as_str().unwrap_or_default();
            format!("{arg}: ${arg}")
        })
        .collect();
    let query = format!(
        "{operation}({}) {{ {name}({}){} }}",
        definitions.join(", "),
        uses.join(", "),
        selection(schema, &field["type"])
    );
    let plausible: Map<String, Value> = args
        .iter()
        .map(|arg| {
            (
                arg["name"].as_str().unwrap_or_default().to_owned(),
                schema.plausible(&arg["type"], 0),
            )
        })
        .collect();
    let mut cases = Vec::new();
    for arg in &args {
        let arg_name = arg["name"].as_str().unwrap_or_default();
        let mut wrong_values: Vec<(String, Value)> = schema
            .wrong(&arg["type"])
            .into_iter()
            .map(|value| (format!("{arg_name} = {}", short(&value)), value))
            .collect();
        let (type_name, kind) = named(&arg["type"]);
        if kind == "INPUT_OBJECT" && !is_list(&arg["type"]) {
            let base = schema.plausible(&arg["type"], 0);
            for (input_field, input_type) in schema.input_fields(type_name) {
                for value in schema.wrong(&input_type) {
                    let mut object = base.clone();
                    object[&input_field] = value.clone();
                    wrong_values.push((
                        format!("{arg_name}.{input_field} = {}", short(&value)),
                        object,
                    ));
                }
            }
        }
        for (what, value) in wrong_values {
            let mut variables = plausible.clone();
            variables.insert(arg_name.to_owned(), value);
            cases.push(Case {
                field: name.to_owned(),
                query: query.clone(),
                variables: Value::Object(variables),
                what,
            });
        }
    }
    cases
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}… ({} chars)", &text[..cut], text.chars().count()),
        None => text,
    }
}

/// Panics on the stack's threads while the walk runs.
fn count_panics() -> Arc<AtomicUsize> {
    let panics = Arc::new(AtomicUsize::new(0));
    let counted = panics.clone();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some("tokio-runtime-worker") {
            counted.fetch_add(1, Ordering::Relaxed);
        }
        previous(info);
    }));
    panics
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_argument_of_every_root_field_is_refused_cleanly_when_wrong() {
    let test = TestStack::start_configured(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
        with_admin,
    )
    .await;
    let panics = count_panics();
    let introspected = test.client.data(INTROSPECTION, json!({})).await;
    let types: HashMap<String, Value> = introspected["__schema"]["types"]
        .as_array()
        .expect("types")
        .iter()
        .map(|kind| {
            (
                kind["name"].as_str().unwrap_or_default().to_owned(),
                kind.clone(),
            )
        })
        .collect();
    let schema = Schema { types };
    let mut all = Vec::new();
    for (operation, root) in [("query", "Query"), ("mutation", "Mutation")] {
        for field in schema.types[root]["fields"]
            .as_array()
            .expect("root fields")
        {
            all.extend(cases(&schema, operation, field));
        }
    }

    let employer = test.signed_up("walker@walk.example.jp", "EMPLOYER").await;
    let as_employer = test.as_user(&employer.access_token);
    create_company(test.jobs_db(), &as_employer, &employer.id, "Walk KK").await;
    let callers: Vec<(&str, GraphqlClient)> = vec![
        ("anonymous", test.client.clone()),
        ("employer", as_employer),
        ("administrator", test.admin().await),
    ];
    let all = Arc::new(all);
    let mut failures: BTreeMap<String, String> = BTreeMap::new();
    let mut sent = 0;
    for (who, client) in &callers {
        let outcomes: Vec<Option<(String, String)>> = futures::stream::iter(0..all.len())
            .map(|index| {
                let (client, all) = (client.clone(), all.clone());
                async move {
                    let case = &all[index];
                    let reply = client.post(&case.query, case.variables.clone()).await;
                    let internal = reply.body["errors"].as_array().is_some_and(|errors| {
                        errors
                            .iter()
                            .any(|error| error["extensions"]["code"] == "INTERNAL")
                    });
                    (reply.status >= 500 && reply.status != 503 || internal).then(|| {
                        (
                            format!("{who} {}: {}", case.field, case.what),
                            short(&reply.body),
                        )
                    })
                }
            })
            .buffer_unordered(8)
            .collect()
            .await;
        sent += outcomes.len();
        failures.extend(outcomes.into_iter().flatten());
    }
    let panicked = panics.load(Ordering::Relaxed);
    println!(
        "schema walk: {} cases × {} callers = {sent} requests, {} refused badly, {panicked} panics",
        all.len(),
        callers.len(),
        failures.len()
    );
    assert!(
        failures.is_empty() && panicked == 0,
        "{} of {sent} requests answered INTERNAL or 5xx ({panicked} panics):\n{}",
        failures.len(),
        failures
            .iter()
            .take(60)
            .map(|(case, reply)| format!("{case} → {reply}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Values of the right type the search cannot mean are refused, naming the field.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_filters_out_of_range_are_refused_naming_the_field() {
    let test = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let search =
        "query($filter: JobSearchFilter) { searchJobPostings(filter: $filter) { totalCount } }";
    for (filter, field) in [
        (json!({"salaryMin": -1}), "filter.salaryMin"),
        (json!({"salaryMax": 10_000_000_000_i64}), "filter.salaryMax"),
        (
            json!({"maxExperienceYears": -5}),
            "filter.maxExperienceYears",
        ),
        (
            json!({"skills": {"any": ["x".repeat(10_000)]}}),
            "filter.skills.any",
        ),
        (
            json!({"industries": ["y".repeat(10_000)]}),
            "filter.industries",
        ),
        (json!({"postedSince": 0}), "JobSearchFilter"),
    ] {
        let reply = test.client.post(search, json!({"filter": filter})).await;
        let error = &reply.body["errors"][0];
        assert_eq!(
            error["extensions"]["code"], "BAD_USER_INPUT",
            "{filter}: {}",
            reply.body
        );
        assert_eq!(
            error["extensions"]["field"], field,
            "{filter}: {}",
            reply.body
        );
    }
}

/// An `_entities` representation that names no entity, sent to a subgraph as the router would,
/// is refused with a code (it used to answer "Entity not found." and nothing else).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_entity_representations_are_refused_with_a_code() {
    let test = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let subgraphs = &test.stack.subgraphs;
    for (name, typename) in [
        ("users", "User"),
        ("jobs", "JobPosting"),
        ("matching", "Match"),
    ] {
        let client = GraphqlClient::new(subgraphs.by_name[name].url(&subgraphs.host));
        for representation in [
            json!({"__typename": typename}),
            json!({"__typename": "Nope", "id": "1"}),
        ] {
            let reply = client
                .post(
                    "query($r: [_Any!]!) { _entities(representations: $r) { __typename } }",
                    json!({"r": [representation]}),
                )
                .await;
            let codes: Vec<&str> = reply.body["errors"]
                .as_array()
                .map(|errors| {
                    errors
                        .iter()
                        .filter_map(|error| error["extensions"]["code"].as_str())
                        .collect()
                })
                .unwrap_or_default();
            assert!(
                !codes.is_empty() && codes.iter().all(|code| *code == "BAD_USER_INPUT"),
                "{name} {representation}: {}",
                reply.body
            );
        }
    }
}
