//! How long the router takes to refuse the documents the operation limits exist for, next to
//! a trivial operation it answers itself — measured end to end over HTTP against the real
//! supergraph (no subgraph is needed: nothing refused reaches one).
//!
//! Every request carries a different trailing comment, so each is a new document for the
//! operation cache and is parsed and measured from scratch.
//!
//! `cargo bench -p router --bench refusals`

use serde_json::json;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const SAMPLES: usize = 50;

#[tokio::main]
async fn main() {
    let supergraph = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema/supergraph.graphql");
    let app = router::Application::build(router::RouterConfig {
        port: 0,
        supergraph_path: supergraph,
        jwks_url: Some("http://127.0.0.1:9/.well-known/jwks.json".into()),
        ..Default::default()
    })
    .await
    .expect("router builds");
    let url = format!("http://127.0.0.1:{}/graphql", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();

    let bomb = doubling_fragments(25);
    let tokens = format!("{{ {} }}", "a ".repeat(100_000));
    let cases: [(&str, &str, &str); 3] = [
        (
            "introspection `{ __typename }` (answered)",
            "{ __typename }",
            "",
        ),
        (
            "2^25 fragment expansions (~1 KB document)",
            &bomb,
            "COST_ESTIMATED_TOO_EXPENSIVE",
        ),
        (
            "100k tokens (~200 KB document)",
            &tokens,
            "MAX_TOKENS_EXCEEDED",
        ),
    ];
    println!(
        "bytes of the 2^25 document: {}, of the 100k-token document: {}",
        bomb.len(),
        tokens.len()
    );
    let mut medians = Vec::new();
    for (name, document, code) in cases {
        let mut samples = Vec::with_capacity(SAMPLES);
        for index in 0..SAMPLES {
            let query = format!("{document}\n# request {index}");
            let started = Instant::now();
            let response = client
                .post(&url)
                .json(&json!({"query": query}))
                .send()
                .await
                .expect("router answers");
            let body = response.text().await.expect("body");
            samples.push(started.elapsed());
            assert!(body.contains(code), "{name}: {body}");
        }
        samples.sort();
        let median = samples[SAMPLES / 2];
        println!(
            "{name}: median {median:?}, max {:?} over {SAMPLES} requests",
            samples[SAMPLES - 1]
        );
        medians.push(median);
    }
    let ratio = |slow: Duration| slow.as_secs_f64() / medians[0].as_secs_f64();
    println!(
        "refusal / trivial request: 2^25 fragments {:.2}, 100k tokens {:.2}",
        ratio(medians[1]),
        ratio(medians[2])
    );
}

fn doubling_fragments(levels: usize) -> String {
    let mut query = String::from("query Bomb { ...F0 }\n");
    for level in 0..levels {
        query.push_str(&format!(
            "fragment F{level} on Query {{ ...F{next} ...F{next} }}\n",
            next = level + 1
        ));
    }
    query.push_str(&format!("fragment F{levels} on Query {{ __typename }}\n"));
    query
}
