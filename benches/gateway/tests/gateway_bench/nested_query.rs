//! The benchmark's workload through our router, in-process: the nested query must come back
//! exactly as computed from the data (entity batching, `@requires`, `@provides` and merging
//! all right), with one request per fetch of the plan rather than one per entity.

use gateway_bench::runner::check::post;
use gateway_bench::server::JWKS_PATH;
use gateway_bench::workload::{self, NESTED_QUERY, SINGLE_FETCH_QUERY};
use gateway_bench::{BenchSubgraphs, Subgraph};
use std::path::PathBuf;

struct Running {
    subgraphs: BenchSubgraphs,
    url: String,
}

async fn start() -> Running {
    let subgraphs = BenchSubgraphs::start("127.0.0.1", |_| 0)
        .await
        .expect("subgraphs start");
    let jwks = format!(
        "http://127.0.0.1:{}{JWKS_PATH}",
        subgraphs.port(Subgraph::Accounts)
    );
    let supergraph = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("supergraph.graphql");
    let mut vars = vec![
        ("ROUTER_PORT".to_owned(), "0".to_owned()),
        (
            "SUPERGRAPH_PATH".to_owned(),
            supergraph.display().to_string(),
        ),
        ("JWKS_URL".to_owned(), jwks),
        // The workload's estimated cost is far above the default limit meant for this API's
        // own clients; the benchmark runs the router with the same setting.
        (
            "ROUTER_MAX_COST".to_owned(),
            gateway_bench::runner::OUR_ROUTER_MAX_COST.to_owned(),
        ),
    ];
    for subgraph in Subgraph::ALL {
        vars.push((
            format!("SUBGRAPH_{}_URL", subgraph.name().to_uppercase()),
            subgraphs.url(subgraph),
        ));
    }
    let config = router::RouterConfig::from_vars(vars).expect("router settings");
    let app = router::Application::build(config)
        .await
        .expect("router starts");
    let url = format!("http://127.0.0.1:{}/graphql", app.port());
    tokio::spawn(app.run_until_stopped());
    Running { subgraphs, url }
}

fn requests(subgraphs: &BenchSubgraphs) -> Vec<u64> {
    Subgraph::ALL
        .into_iter()
        .map(|subgraph| subgraphs.requests(subgraph))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_query_through_our_router_returns_exactly_the_expected_response() {
    let running = start().await;
    let client = reqwest::Client::new();
    let before = requests(&running.subgraphs);
    let (response, _) = post(&client, &running.url, NESTED_QUERY).await.unwrap();
    let after = requests(&running.subgraphs);
    if let Some(difference) = workload::first_difference(&workload::nested_response(), &response) {
        panic!("the nested response differs at {difference}: {response:.2000}");
    }
    // One request per fetch of the plan, however many entities each carries: reviews answers
    // the whole review tree in one go (it owns every field on the way down); accounts,
    // products and inventory are each called once for the top-level lists and once for the
    // entities the reviews point at. Resolving entities one by one would take dozens.
    let used: Vec<u64> = after.iter().zip(&before).map(|(a, b)| a - b).collect();
    assert_eq!(
        used,
        vec![2, 2, 2, 1],
        "subgraph requests (accounts, inventory, products, reviews)"
    );

    let (single, _) = post(&client, &running.url, SINGLE_FETCH_QUERY)
        .await
        .unwrap();
    assert_eq!(single, workload::single_fetch_response());
    running.subgraphs.stop().await;
}
