//! The router's own GraphiQL page, as a developer on a machine without internet opens it:
//! headless Chromium loads `<router>/graphql` with every request to another host refused
//! (`tools/conformance/router-graphiql.mjs`). The page, its scripts and styles all come from the
//! router; its documentation explorer lists `JobPosting` from all three subgraphs; a query and a
//! subscription run from its editor (the subscription over graphql-transport-ws, signed in with
//! the header editor's token and answered when the posting's employer closes it); the page logs no errors under
//! its Content-Security-Policy.

use e2e::companies::{create_company, published_posting};
use e2e::{Backend, Options, TestStack, conformance};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_works_offline_from_the_router_alone() {
    let chromium = conformance::chromium();
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

    let report = conformance::run(
        "router-graphiql.mjs",
        &[
            test.stack.router_url(),
            chromium,
            job.clone(),
            owner.access_token.clone(),
        ],
    )
    .await;

    assert_eq!(report["title"], "iworkz GraphQL", "{report}");
    assert!(
        report["contentSecurityPolicy"]
            .as_str()
            .is_some_and(|csp| csp.contains("script-src 'self'")),
        "{report}"
    );
    conformance::assert_docs_list_job_posting(&test.client, &report).await;
    assert_eq!(report["headersEditor"], true, "{report}");
    assert_eq!(
        report["queryResult"]["data"]["jobPosting"],
        json!({"title": "Backend Engineer", "status": "PUBLISHED"}),
        "{report}"
    );
    assert_eq!(
        report["subscriptionResult"]["data"]["jobStatusChanged"],
        json!({"id": job, "status": "CLOSED"}),
        "{report}"
    );
    // Over graphql-transport-ws, signed in with the header editor's token.
    let frames: Vec<&str> = report["socketFrames"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|frame| frame.as_str())
        .collect();
    assert!(
        frames.iter().any(|frame| frame.starts_with("> ")
            && frame.contains("connection_init")
            && frame.contains("Bearer ")),
        "{frames:?}"
    );
    assert!(
        frames
            .iter()
            .any(|frame| frame.starts_with("< ") && frame.contains("\"next\"")),
        "{frames:?}"
    );
    assert_eq!(
        report["blockedRequests"],
        json!([]),
        "the page asked for files elsewhere"
    );
    assert_eq!(report["pageErrors"], json!([]), "the page logged errors");
}
