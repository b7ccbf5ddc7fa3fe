//! The fixture supergraph is composed (once, with Node) from the SDL the test subgraphs print;
//! this keeps the checked-in SDL in step with them, so tests never need Node at run time.
//!
//! Regenerate after changing `subgraphs.rs`:
//! `UPDATE_FIXTURES=1 cargo test -p router --test api fixtures` then
//! `node tools/compose/compose.mjs --config router/tests/fixtures/supergraph.yaml --out router/tests/fixtures/supergraph.graphql`.

use crate::helpers::fixtures_dir;
use crate::subgraphs;

#[test]
fn fixture_subgraph_schemas_match_the_test_subgraphs() {
    let update = std::env::var("UPDATE_FIXTURES").is_ok_and(|value| value == "1");
    for (name, sdl) in subgraphs::sdl() {
        let path = fixtures_dir().join(format!("{name}.graphql"));
        if update {
            std::fs::write(&path, &sdl).expect("write fixture");
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            checked_in == sdl,
            "{} is stale: regenerate it (see the module docs)",
            path.display()
        );
    }
}

#[test]
fn fixture_supergraph_was_composed_from_the_fixture_schemas() {
    use sha2::{Digest, Sha256};
    let mut inputs = Sha256::new();
    // Names and order as in tests/fixtures/supergraph.yaml; compose.mjs hashes the same.
    for name in ["products", "reviews"] {
        let sdl = std::fs::read_to_string(fixtures_dir().join(format!("{name}.graphql")))
            .expect("fixture schema");
        inputs.update(format!("{name}\n{sdl}"));
    }
    let expected = format!("# inputs-sha256: {}", hex::encode(inputs.finalize()));
    let supergraph = std::fs::read_to_string(fixtures_dir().join("supergraph.graphql"))
        .expect("fixture supergraph");
    assert!(
        supergraph.lines().any(|line| line == expected),
        "tests/fixtures/supergraph.graphql is stale: recompose it (see the module docs)"
    );
}

#[tokio::test]
async fn repository_supergraph_is_accepted_by_the_router() {
    let path = fixtures_dir().join("../../../schema/supergraph.graphql");
    if !path.exists() {
        return;
    }
    let app = router::Application::build(router::RouterConfig {
        port: 0,
        supergraph_path: path,
        ..Default::default()
    })
    .await
    .expect("the checked-in supergraph loads");
    assert_ne!(app.port(), 0);
}
