//! Wall time of the cross-subgraph query through the router against a single-subgraph query
//! sent straight to the jobs subgraph, on one seeded embedded stack in one run:
//! `cargo bench -p stack-bench --bench query_latency`. Prints medians and their ratio. Every request
//! carries a seeded employer's access token (matches need `matches:read`), so token
//! verification is part of each measured path.

use e2e::identity::demo_employer;
use e2e::{Backend, GraphqlClient, Options, TestStack, eventually};
use serde_json::json;
use std::time::{Duration, Instant};

const ROUNDS: usize = 100;

const CROSS_QUERY: &str = r#"
query Posting($id: ID!) {
  jobPosting(id: $id) {
    title company { name } postedBy { firstName lastName }
    matches(first: 10) { score candidate { firstName lastName } }
  }
}"#;

const JOBS_ONLY: &str =
    "query Posting($id: ID!) { jobPosting(id: $id) { title company { name } } }";

async fn median(client: &GraphqlClient, query: &str, id: &str) -> Duration {
    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let data = client.data(query, json!({"id": id})).await;
        times.push(started.elapsed());
        assert!(data["jobPosting"]["title"].is_string());
    }
    times.sort();
    times[ROUNDS / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let test = TestStack::start(
            Backend::Sqlite,
            Options {
                seed: true,
                redis: false,
            },
        )
        .await;
        let postings = test
            .client
            .data(
                "{ jobPostings(first: 10) { edges { node { id title } } } }",
                json!({}),
            )
            .await;
        let id = postings["jobPostings"]["edges"]
            .as_array()
            .and_then(|edges| {
                edges
                    .iter()
                    .find(|edge| edge["node"]["title"] == "Backend Engineer (Rust / GraphQL)")
            })
            .and_then(|edge| edge["node"]["id"].as_str())
            .expect("seeded posting")
            .to_owned();
        let client = demo_employer(&test.client).await;
        eventually(20, || {
            let client = client.clone();
            let id = id.clone();
            async move {
                let data = client.data(CROSS_QUERY, json!({"id": id})).await;
                (data["jobPosting"]["matches"].as_array().map_or(0, Vec::len) == 4).then_some(())
            }
        })
        .await
        .expect("matches computed");

        let jobs_url = test.stack.subgraphs.urls()["jobs"].clone();
        let direct = GraphqlClient::new(jobs_url)
            .with_token(client.bearer.as_deref().expect("employer token"));
        // Warm both paths (plan cache, connection pools) before measuring.
        median(&client, CROSS_QUERY, &id).await;
        median(&direct, JOBS_ONLY, &id).await;

        let through_router = median(&client, CROSS_QUERY, &id).await;
        let jobs_direct = median(&direct, JOBS_ONLY, &id).await;
        let router_jobs_only = median(&client, JOBS_ONLY, &id).await;
        println!(
            "cross-subgraph query via router (4 fetches), median of {ROUNDS}: {through_router:?}"
        );
        println!("jobs-only query via router, median of {ROUNDS}: {router_jobs_only:?}");
        println!("jobs-only query straight to jobs subgraph, median of {ROUNDS}: {jobs_direct:?}");
        println!(
            "ratio cross-via-router / jobs-direct: {:.2}; router overhead on jobs-only: {:.2}x",
            through_router.as_secs_f64() / jobs_direct.as_secs_f64(),
            router_jobs_only.as_secs_f64() / jobs_direct.as_secs_f64()
        );
    });
}
