//! The checked-in benchmark schemas must match the code: each subgraph's SDL as it prints it,
//! and `supergraph.graphql` composed from exactly those SDLs (its header records their digest).

use gateway_bench::Subgraph;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

const REGENERATE: &str = "regenerate with scripts/bench-gateways.sh --compose";

fn read(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

#[test]
fn subgraph_schema_files_match_what_the_subgraphs_print() {
    for subgraph in Subgraph::ALL {
        let name = subgraph.name();
        assert!(
            read(&format!("schema/{name}.graphql")) == subgraph.sdl(),
            "benches/gateway/schema/{name}.graphql is stale: {REGENERATE}"
        );
    }
}

#[test]
fn supergraph_was_composed_from_the_current_subgraph_schemas() {
    let mut inputs = Sha256::new();
    // Order and names as in supergraph.yaml.
    for subgraph in Subgraph::ALL {
        let name = subgraph.name();
        inputs.update(format!(
            "{name}\n{}",
            read(&format!("schema/{name}.graphql"))
        ));
    }
    let expected = format!("# inputs-sha256: {}", hex::encode(inputs.finalize()));
    assert!(
        read("supergraph.graphql")
            .lines()
            .any(|line| line == expected),
        "benches/gateway/supergraph.graphql is stale: {REGENERATE}"
    );
}

#[test]
fn supergraph_routes_each_subgraph_to_its_default_port() {
    let supergraph = read("supergraph.graphql");
    for subgraph in Subgraph::ALL {
        let url = format!("http://127.0.0.1:{}/graphql", subgraph.default_port());
        assert!(
            supergraph.contains(&format!("name: \"{}\", url: \"{url}\"", subgraph.name())),
            "{} is not routed to {url}: edit supergraph.yaml, then {REGENERATE}",
            subgraph.name()
        );
    }
}
