//! Matching quality as a test: the judged set of the `matching_quality` bench must reach the
//! goals with the lexical embedder (what runs without a model) and with multilingual-e5-small
//! (the default model): precision@3 ≥ 0.9, no recommendation the compliance rule forbids, none
//! of another occupation scoring 0.6 or more. With the model, no unrelated pair of the bilingual
//! skill set may reach the calibrated near-match threshold. The bench prints the figures per
//! candidate.
//!
//! The model test needs the model file (`scripts/fetch-model.sh`, which `scripts/test.sh` runs)
//! and fails, naming the script, without it.

#[path = "../benches/matching_quality/evaluation.rs"]
mod evaluation;
#[path = "../benches/matching_quality/people.rs"]
mod people;
#[path = "../benches/matching_quality/skill_pairs.rs"]
mod skill_pairs;

use embeddings::{Embedder, ModelChoice};
use matching::service::scoring::calibration::E5_NEAR_SKILL;

fn reaches_the_goals(embedder: &dyn Embedder) {
    let report = evaluation::evaluate(embedder);
    println!("{}: {}", embedder.model_id(), report.summary());
    println!("{}", report.calibration_points());
    for line in report.per_candidate() {
        println!("{line}");
    }
    assert!(report.candidates.len() >= 30, "at least 30 candidates");
    assert_eq!(report.illegal(), 0, "{}", report.summary());
    assert_eq!(report.confident_wrong(), 0, "{}", report.summary());
    assert!(report.precision_at_3() >= 0.9, "{}", report.summary());
}

#[test]
fn judged_candidates_reach_the_goals_without_a_model() {
    reaches_the_goals(&embeddings::LexicalEmbedder::new());
}

#[test]
fn judged_candidates_reach_the_goals_with_the_default_model() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let choice = ModelChoice::MultilingualE5;
    let model = choice
        .load(&choice.dir(&root))
        .unwrap_or_else(|error| panic!("{error}"));
    reaches_the_goals(model.as_ref());

    let pairs = skill_pairs::evaluate(model.as_ref());
    println!("{}", pairs.summary(E5_NEAR_SKILL));
    assert_eq!(
        pairs.false_near_at(E5_NEAR_SKILL),
        0,
        "{}",
        pairs.summary(E5_NEAR_SKILL)
    );
}
