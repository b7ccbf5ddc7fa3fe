//! Search quality as a test: the judged bilingual query set of the `search_quality` bench over
//! its generated corpus must reach the goals (mean precision@5 ≥ 0.85, recall@40 ≥ 0.9), so
//! a change that makes search worse for job seekers fails here. The bench prints the figures
//! per query (`cargo bench -p jobs --bench search_quality`).

#[path = "../benches/search_quality/corpus.rs"]
mod corpus;
#[path = "../benches/search_quality/evaluation.rs"]
mod evaluation;
#[path = "../benches/search_quality/judged.rs"]
mod judged;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn judged_queries_reach_the_goals() {
    let dir =
        std::env::temp_dir().join(format!("iworkz-search-quality-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let report = evaluation::evaluate(&dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    println!("{}", report.summary());
    for line in report.per_query() {
        println!("{line}");
    }
    assert!(report.queries.len() >= 60, "at least 60 judged queries");
    for scored in &report.queries {
        assert!(
            scored.relevant > 0,
            "{}: no posting of the corpus is relevant",
            scored.query
        );
    }
    assert!(report.postings >= 500, "at least 500 postings");
    assert!(
        report.precision_at_5() >= 0.85 && report.recall_at_40() >= 0.9,
        "below the goals: {}",
        report.summary()
    );
}
