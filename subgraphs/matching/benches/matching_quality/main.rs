//! Matching quality on a judged set: `cargo bench -p matching --bench matching_quality` (see
//! docs/benchmarks.md). Scores 36 candidates of the nationalities, statuses of residence and
//! occupations the platform serves against 38 postings, in Japanese and English, through the
//! engine's gates and score, and prints precision@3, confident wrong and illegal
//! recommendations per candidate, with the lexical embedder (what runs without the model) and
//! with all-MiniLM-L6-v2 when `scripts/fetch-model.sh` has fetched it.

mod evaluation;
mod people;

fn report(name: &str, embedder: &dyn embeddings::Embedder) {
    let report = evaluation::evaluate(embedder);
    println!("{name}: {}", report.summary());
    for line in report.per_candidate() {
        println!("{line}");
    }
}

fn main() {
    report("lexical", &embeddings::LexicalEmbedder::new());
    // `cargo bench` runs in the crate's directory: the model is under the workspace root.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = embeddings::resolve_model_dir(None, &root);
    match embeddings::MiniLm::load(&dir) {
        Ok(model) => report("all-MiniLM-L6-v2", &model),
        Err(error) => println!("all-MiniLM-L6-v2 not measured: {error}"),
    }
}
