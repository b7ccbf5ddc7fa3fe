//! Matching quality on a judged set: `cargo bench -p matching --bench matching_quality` (see
//! docs/benchmarks.md). Scores 36 candidates of the nationalities, statuses of residence and
//! occupations the platform serves against 38 postings, in Japanese and English, through the
//! engine's gates and score, and prints precision@3, confident wrong and illegal
//! recommendations per candidate, with the lexical embedder (what runs without the model) and
//! with multilingual-e5-small and all-MiniLM-L6-v2 when `scripts/fetch-model.sh` has fetched
//! them; and, per model, the points its calibration is set from (profile–posting cosines of
//! right and wrong pairs, and a judged bilingual set of skill pairs for the near-match
//! threshold).

mod evaluation;
mod people;
mod skill_pairs;

fn report(name: &str, embedder: &dyn embeddings::Embedder) {
    let report = evaluation::evaluate(embedder);
    println!("{name}: {}", report.summary());
    println!("  {}", report.calibration_points());
    let threshold = near_threshold(embedder.model_id());
    println!("  {}", skill_pairs::evaluate(embedder).summary(threshold));
    for line in report.per_candidate() {
        println!("{line}");
    }
}

/// The raw cosine from which the model's skills count as near-matches.
fn near_threshold(model_id: &str) -> f32 {
    use matching::service::scoring::{calibration, components::NEAR_MATCH_THRESHOLD};
    if model_id == embeddings::E5_MODEL_ID {
        calibration::E5_NEAR_SKILL
    } else {
        NEAR_MATCH_THRESHOLD
    }
}

fn main() {
    report("lexical", &embeddings::LexicalEmbedder::new());
    // `cargo bench` runs in the crate's directory: the model is under the workspace root.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for (name, choice) in [
        (
            "multilingual-e5-small",
            embeddings::ModelChoice::MultilingualE5,
        ),
        ("all-MiniLM-L6-v2", embeddings::ModelChoice::MiniLm),
    ] {
        match choice.load(&choice.dir(&root)) {
            Ok(model) => report(name, model.as_ref()),
            Err(error) => println!("{name} not measured: {error}"),
        }
    }
}
