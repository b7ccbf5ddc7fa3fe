//! GraphQL over HTTP conformance, judged by the audits graphql-http's maintainers run against
//! every server they list (`serverAudits`): partners use whatever spec-following client they
//! like, so every MUST and every SHOULD has to hold at the router. The MAY audits are printed
//! for information only.

use e2e::{Backend, Options, TestStack, conformance};
use serde_json::Value;

/// One failing audit with the requests it made and what came back, for the failure message.
fn describe(audit: &Value) -> String {
    let mut text = format!(
        "{} {} ({}): {}",
        audit["id"].as_str().unwrap_or("?"),
        audit["name"].as_str().unwrap_or("?"),
        audit["status"].as_str().unwrap_or("?"),
        audit["reason"].as_str().unwrap_or("no reason given"),
    );
    for exchange in audit["exchanges"].as_array().into_iter().flatten() {
        let request = &exchange["request"];
        let response = &exchange["response"];
        text.push_str(&format!(
            "\n    {} {} headers {} body {}\n    -> {} {} {}",
            request["method"].as_str().unwrap_or("?"),
            request["url"].as_str().unwrap_or("?"),
            request["headers"],
            request["body"],
            response["status"],
            response["headers"]["content-type"],
            response["body"].as_str().unwrap_or_default(),
        ));
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn router_passes_every_must_and_should_audit_of_graphql_http() {
    let stack = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let report = conformance::run("http-audit.mjs", &[stack.stack.router_url()]).await;
    let results = report["results"].as_array().expect("audit results");
    // graphql-http 1.23.1 has 61 audits; far fewer means the script did not run them.
    assert!(results.len() >= 50, "only {} audits ran", results.len());
    let ids: Vec<&str> = results.iter().filter_map(|r| r["id"].as_str()).collect();
    for id in ["4655", "9ABE", "BF61", "28B9", "2EA1"] {
        assert!(ids.contains(&id), "audit {id} did not run: {ids:?}");
    }

    let failing_with = |status: &str| -> Vec<&Value> {
        results
            .iter()
            .filter(|audit| audit["status"] == status)
            .collect()
    };
    for notice in failing_with("notice") {
        eprintln!(
            "MAY audit not met (allowed): {} {}: {}",
            notice["id"], notice["name"], notice["reason"]
        );
    }
    let must = failing_with("error");
    let should = failing_with("warn");
    assert!(
        must.is_empty() && should.is_empty(),
        "{} MUST and {} SHOULD audits of graphql-http fail:\n{}",
        must.len(),
        should.len(),
        must.iter()
            .chain(&should)
            .map(|audit| format!("  {}", describe(audit)))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
