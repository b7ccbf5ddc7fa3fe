//! The client libraries apps are built with, run against the router with the settings they ship
//! with (`tools/conformance/clients.mjs`), because each sends requests its own way and a router
//! that only answers hand-written requests can still fail them: Apollo Client 4's HttpLink
//! (POST with its own `Accept`, `__typename` added to every selection, a normalized cache the
//! mutation's result updates), its persisted-query link (a hash alone first, the text after
//! `PERSISTED_QUERY_NOT_FOUND`, then the hash alone from another client, over POST and with
//! `useGETForHashedQueries` over GET), its BatchHttpLink (one POST of a JSON array), its
//! subscriptions over multipart HTTP and over graphql-ws with the token in `connectionParams`;
//! urql 5 (POST by default, GET with `preferGetMethod`; subscriptions through
//! `subscriptionExchange` over graphql-sse and through its fetch exchange, which asks for SSE or
//! multipart); graphql-sse's own client; and GraphQL Code Generator, whose URL loader
//! introspects the live endpoint. Every subscription must receive the one status change, with
//! its event id, when the employer closes the posting.

use e2e::companies::{create_company, published_posting};
use e2e::{Backend, Options, TestStack, conformance, eventually};
use serde_json::{Value, json};

const CLOSE: &str = "mutation($id: ID!) { closeJobPosting(id: $id) { status } }";

/// The subscriptions the script opens, each on its own connection.
const SUBSCRIPTIONS: [&str; 5] = [
    "apolloMultipart",
    "apolloWebSocket",
    "urqlSse",
    "urqlFetch",
    "graphqlSse",
];

/// The title the script's mutation gives the posting (`clients/apollo.mjs`).
const RENAMED: &str = "Backend Engineer (Rust, GraphQL)";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_libraries_work_with_their_defaults() {
    let test = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let owner = test.signed_up("owner@sakura.example.jp", "EMPLOYER").await;
    let as_owner = test.as_user(&owner.access_token);
    let company = create_company(test.jobs_db(), &as_owner, &owner.id, "Sakura").await;
    let job = published_posting(&as_owner, &company, "Backend Engineer").await;

    // The script opens its subscriptions after its other steps and waits; the posting closes
    // once the subgraph listens for every one of them.
    let bus = &test.stack.subgraphs.bus;
    let listening = bus.local_subscribers();
    let args = [
        test.stack.router_url(),
        owner.access_token.clone(),
        job.clone(),
        company.clone(),
    ];
    let script = conformance::run("clients.mjs", &args);
    let close = async {
        let live = eventually(60, || async {
            (bus.local_subscribers() >= listening + SUBSCRIPTIONS.len()).then_some(())
        })
        .await;
        let subscribed = bus.local_subscribers().saturating_sub(listening);
        let closed = as_owner.data(CLOSE, json!({"id": job})).await;
        assert_eq!(closed["closeJobPosting"]["status"], "CLOSED");
        (live.is_some(), subscribed)
    };
    let (report, (live, subscribed)) = tokio::join!(script, close);

    // Apollo Client: a query, a mutation, the cache updated by the mutation's result.
    let apollo = &report["apolloHttp"];
    assert_eq!(
        apollo["query"]["jobPosting"],
        json!({"__typename": "JobPosting", "id": job, "title": "Backend Engineer",
            "status": "PUBLISHED", "company": {"__typename": "Company", "id": company, "name": "Sakura"}}),
        "{apollo}"
    );
    assert_eq!(
        apollo["query"]["jobPostings"]["edges"],
        json!([{"__typename": "JobPostingEdge",
            "node": {"__typename": "JobPosting", "id": job, "title": "Backend Engineer"}}]),
        "{apollo}"
    );
    assert_eq!(
        apollo["mutation"]["updateJobPosting"],
        json!({"__typename": "JobPosting", "id": job, "title": RENAMED}),
        "{apollo}"
    );
    assert_eq!(apollo["cachedTitle"], RENAMED, "{apollo}");
    assert_eq!(apollo["requestsForCachedQuery"], 0, "{apollo}");
    assert_eq!(
        exchanges(&apollo["wire"]),
        vec![
            exchange("POST", "Posting", true, None, &[]),
            exchange("POST", "Rename", true, None, &[]),
        ],
        "{apollo}"
    );

    // Automatic persisted queries: registered after PERSISTED_QUERY_NOT_FOUND, then run by
    // another client from the hash alone; over POST, and over GET for hashed queries.
    let persisted = &report["apolloPersisted"];
    let posting_hash = hash_of(&persisted["postFirst"]["wire"]);
    let company_hash = hash_of(&persisted["getFirst"]["wire"]);
    assert_ne!(posting_hash, company_hash);
    let posting = json!({"jobPosting": {"__typename": "JobPosting", "id": job, "title": RENAMED}});
    let company_data =
        json!({"company": {"__typename": "Company", "id": company, "name": "Sakura"}});
    for (run, data, wire) in [
        (
            "postFirst",
            &posting,
            vec![
                exchange(
                    "POST",
                    "PersistedPosting",
                    false,
                    Some(&posting_hash),
                    &["PERSISTED_QUERY_NOT_FOUND"],
                ),
                exchange("POST", "PersistedPosting", true, Some(&posting_hash), &[]),
            ],
        ),
        (
            "postAgain",
            &posting,
            vec![exchange(
                "POST",
                "PersistedPosting",
                false,
                Some(&posting_hash),
                &[],
            )],
        ),
        (
            "getFirst",
            &company_data,
            vec![
                exchange(
                    "GET",
                    "PersistedCompany",
                    false,
                    Some(&company_hash),
                    &["PERSISTED_QUERY_NOT_FOUND"],
                ),
                exchange("POST", "PersistedCompany", true, Some(&company_hash), &[]),
            ],
        ),
        (
            "getAgain",
            &company_data,
            vec![exchange(
                "GET",
                "PersistedCompany",
                false,
                Some(&company_hash),
                &[],
            )],
        ),
    ] {
        assert_eq!(&persisted[run]["data"], data, "{run}: {persisted}");
        assert_eq!(
            exchanges(&persisted[run]["wire"]),
            wire,
            "{run}: {persisted}"
        );
    }

    // BatchHttpLink: two queries in one POST of a JSON array.
    let batch = &report["apolloBatch"];
    assert_eq!(
        batch["posting"],
        json!({"jobPosting": {"__typename": "JobPosting", "id": job, "status": "PUBLISHED"}}),
        "{batch}"
    );
    assert_eq!(batch["company"], company_data, "{batch}");
    let requests = batch["wire"].as_array().expect("batch wire log");
    assert_eq!(requests.len(), 1, "{batch}");
    assert_eq!(requests[0]["method"], "POST", "{batch}");
    assert_eq!(requests[0]["batched"], true, "{batch}");
    assert_eq!(requests[0]["status"], 200, "{batch}");
    assert_eq!(
        requests[0]["operations"],
        json!([
            {"operationName": "BatchedPosting", "query": true, "hash": null},
            {"operationName": "BatchedCompany", "query": true, "hash": null},
        ]),
        "{batch}"
    );

    // urql: POST with its defaults, GET with `preferGetMethod`; JSON back for both.
    let urql = &report["urqlQuery"];
    for (run, method) in [("defaults", "POST"), ("preferGet", "GET")] {
        assert_eq!(
            urql[run]["data"]["jobPosting"],
            json!({"id": job, "title": RENAMED, "status": "PUBLISHED", "__typename": "JobPosting"}),
            "{run}: {urql}"
        );
        assert_eq!(
            exchanges(&urql[run]["wire"]),
            vec![exchange(method, "UrqlPosting", true, None, &[])],
            "{run}: {urql}"
        );
        assert!(
            urql[run]["wire"][0]["contentType"]
                .as_str()
                .is_some_and(|kind| kind.starts_with("application/graphql-response+json")),
            "{run}: {urql}"
        );
    }

    // GraphQL Code Generator, from the live endpoint's introspection.
    let codegen = &report["codegen"];
    assert_eq!(
        codegen["files"],
        json!([
            "gql/fragment-masking.ts",
            "gql/gql.ts",
            "gql/graphql.ts",
            "gql/index.ts",
            "schema.ts"
        ]),
        "{codegen}"
    );
    let introspected = test
        .client
        .data(
            r#"{ __type(name: "JobPosting") { fields { name } } }"#,
            json!({}),
        )
        .await;
    let mut expected = names(&introspected["__type"]["fields"], "name");
    expected.sort_unstable();
    assert!(expected.contains(&"title".to_owned()), "{introspected}");
    let mut generated = names(&codegen["jobPostingFields"], "");
    generated.sort_unstable();
    assert_eq!(generated, expected, "{codegen}");
    let types = names(&codegen["schemaTypes"], "");
    for name in [
        "JobPosting",
        "JobStatus",
        "Company",
        "Query",
        "Subscription",
    ] {
        assert!(types.iter().any(|found| found == name), "{name}: {codegen}");
    }
    let operations = names(&codegen["operationExports"], "");
    for name in ["PostingQuery", "PostingQueryVariables", "PostingDocument"] {
        assert!(
            operations.iter().any(|found| found == name),
            "{name}: {codegen}"
        );
    }

    // Every subscription: live before the posting closed, then exactly its one change, with the
    // id of the event behind it.
    assert_eq!(report["closedBy"], "caller", "{report}");
    assert!(
        live,
        "{subscribed} of {} subscriptions reached the bus: {report}",
        SUBSCRIPTIONS.len()
    );
    let mut event_ids = Vec::new();
    for name in SUBSCRIPTIONS {
        let subscription = &report[name];
        assert_eq!(subscription["established"], true, "{name}: {subscription}");
        assert_eq!(subscription["end"], "closed", "{name}: {subscription}");
        let results = subscription["results"].as_array().expect("results");
        assert_eq!(results.len(), 1, "{name}: {subscription}");
        let mut posting = json!({"id": job, "status": "CLOSED"});
        if name.starts_with("apollo") {
            posting["__typename"] = json!("JobPosting");
        }
        assert_eq!(
            results[0]["data"],
            json!({"jobStatusChanged": posting}),
            "{name}: {subscription}"
        );
        assert_eq!(results[0]["errors"], json!([]), "{name}: {subscription}");
        let event_id = results[0]["eventId"].as_str().unwrap_or_default();
        assert!(!event_id.is_empty(), "{name}: {subscription}");
        event_ids.push(event_id.to_owned());
    }
    event_ids.dedup();
    assert_eq!(event_ids.len(), 1, "one event for all: {event_ids:?}");
    for (name, accept, content_type) in [
        (
            "apolloMultipart",
            "multipart/mixed;boundary=graphql;subscriptionSpec=1.0",
            "multipart/mixed",
        ),
        ("urqlSse", "text/event-stream", "text/event-stream"),
        ("urqlFetch", "text/event-stream", "text/event-stream"),
        ("graphqlSse", "text/event-stream", "text/event-stream"),
    ] {
        let wire = report[name]["wire"].as_array().expect("wire log");
        assert_eq!(wire.len(), 1, "{name}: {wire:?}");
        assert_eq!(wire[0]["method"], "POST", "{name}: {wire:?}");
        assert_eq!(wire[0]["status"], 200, "{name}: {wire:?}");
        assert!(
            wire[0]["accept"]
                .as_str()
                .is_some_and(|sent| sent.starts_with(accept)),
            "{name}: {wire:?}"
        );
        assert!(
            wire[0]["contentType"]
                .as_str()
                .is_some_and(|got| got.starts_with(content_type)),
            "{name}: {wire:?}"
        );
    }
    let socket: Vec<&str> = report["apolloWebSocket"]["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|kind| !matches!(*kind, "ping" | "pong"))
        .collect();
    assert_eq!(socket, ["connection_ack", "next"], "{report}");
    assert_eq!(
        report["graphqlSse"]["events"],
        json!(["next"]),
        "{}",
        report["graphqlSse"]
    );

    // A stream a library aborts when it unsubscribes may reject a promise nobody awaits; any
    // other unhandled failure is a client that broke.
    let unhandled = report["unhandledRejections"]
        .as_array()
        .expect("unhandledRejections");
    assert!(
        unhandled.iter().all(|error| error
            .as_str()
            .is_some_and(|text| text.starts_with("AbortError"))),
        "{unhandled:?}"
    );
}

/// A request of the wire log as `{method, operationName, query, hash, status, errorCodes}`.
fn exchange(
    method: &str,
    operation: &str,
    query: bool,
    hash: Option<&str>,
    codes: &[&str],
) -> Value {
    json!({"method": method, "operationName": operation, "query": query, "hash": hash,
        "status": 200, "errorCodes": codes})
}

/// The wire log's single-operation requests in [`exchange`]'s shape.
fn exchanges(wire: &Value) -> Vec<Value> {
    wire.as_array()
        .into_iter()
        .flatten()
        .map(|request| {
            let operations = request["operations"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert_eq!(operations.len(), 1, "one operation: {request}");
            assert_eq!(request["batched"], false, "{request}");
            let operation = &operations[0];
            json!({"method": request["method"], "operationName": operation["operationName"],
                "query": operation["query"], "hash": operation["hash"],
                "status": request["status"], "errorCodes": request["errorCodes"]})
        })
        .collect()
}

/// The persisted-query hash the first request of `wire` carried: 64 hex digits.
fn hash_of(wire: &Value) -> String {
    let hash = wire[0]["operations"][0]["hash"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        hash.len() == 64 && hash.bytes().all(|byte| byte.is_ascii_hexdigit()),
        "{wire}"
    );
    hash
}

/// The strings of a list, or of one `key` of each of its objects.
fn names(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| {
            let value = if key.is_empty() { item } else { &item[key] };
            value.as_str().map(str::to_owned)
        })
        .collect()
}
