//! Matching quality as a test: the judged set of the `matching_quality` bench, scored with the
//! lexical embedder (what runs without the model), must reach the goals: precision@3 ≥ 0.9,
//! no recommendation the compliance rule forbids, none of another occupation scoring 0.6 or
//! more. The bench prints the figures per candidate, also with the model.

#[path = "../benches/matching_quality/evaluation.rs"]
mod evaluation;
#[path = "../benches/matching_quality/people.rs"]
mod people;

#[test]
fn judged_candidates_reach_the_goals() {
    let report = evaluation::evaluate(&embeddings::LexicalEmbedder::new());
    println!("{}", report.summary());
    for line in report.per_candidate() {
        println!("{line}");
    }
    assert!(report.candidates.len() >= 30, "at least 30 candidates");
    assert_eq!(report.illegal(), 0, "{}", report.summary());
    assert_eq!(report.confident_wrong(), 0, "{}", report.summary());
    assert!(report.precision_at_3() >= 0.9, "{}", report.summary());
}
