//! The checked-in schema files must match the code: each subgraph's SDL as it prints it, and
//! the supergraph composed from exactly those SDLs (its header records their digest).

use sha2::{Digest, Sha256};
use std::path::PathBuf;

fn schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(schema_dir().join(name)).unwrap_or_else(|err| panic!("{name}: {err}"))
}

const REGENERATE: &str = "regenerate with scripts/compose.sh";

#[test]
fn subgraph_schema_files_match_what_the_subgraphs_print() {
    for (name, sdl) in [
        ("users", users::sdl()),
        ("jobs", jobs::sdl()),
        ("matching", matching::sdl()),
    ] {
        assert!(
            read(&format!("{name}.graphql")) == sdl,
            "schema/{name}.graphql is stale: {REGENERATE}"
        );
    }
}

#[test]
fn supergraph_was_composed_from_the_current_subgraph_schemas() {
    let mut inputs = Sha256::new();
    // Order and names as in supergraph.yaml.
    for name in ["users", "jobs", "matching"] {
        inputs.update(format!("{name}\n{}", read(&format!("{name}.graphql"))));
    }
    let expected = format!("# inputs-sha256: {}", hex::encode(inputs.finalize()));
    let supergraph = read("supergraph.graphql");
    assert!(
        supergraph.lines().any(|line| line == expected),
        "schema/supergraph.graphql is stale: {REGENERATE}"
    );
}
