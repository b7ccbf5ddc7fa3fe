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

async fn evaluate(name: &str) -> evaluation::Report {
    let dir = std::env::temp_dir().join(format!(
        "iworkz-search-quality-test-{name}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let report = evaluation::evaluate(&dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    println!("{name}: {}", report.summary());
    for line in report.per_query() {
        println!("{line}");
    }
    report
}

/// The mean precision@5 and recall@40 of one kind of query.
fn of_kind(report: &evaluation::Report, kind: &str) -> (f64, f64) {
    let scored: Vec<_> = report.queries.iter().filter(|q| q.kind == kind).collect();
    let mean = |of: fn(&evaluation::Scored) -> f64| {
        scored.iter().map(|q| of(q)).sum::<f64>() / scored.len().max(1) as f64
    };
    (mean(|q| q.precision_at_5), mean(|q| q.recall_at_40))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn judged_queries_reach_the_goals() {
    // Bigrams alone first (the fallback while the dictionary is fetched), then with it (the
    // default): the dictionary is process-wide and stays once installed.
    let bigrams = evaluate("bigrams").await;
    assert!(
        bigrams.precision_at_5() >= 0.85 && bigrams.recall_at_40() >= 0.85,
        "the fallback falls below the goals: {}",
        bigrams.summary()
    );
    morphology::ensure_dictionary()
        .await
        .expect("the Japanese dictionary is fetched or present (scripts/test.sh fetches it)");
    let report = evaluate("dictionary").await;
    let (sentence_precision, sentence_recall) = of_kind(&report, "sentence ja");
    let (before_precision, before_recall) = of_kind(&bigrams, "sentence ja");
    println!(
        "Japanese sentences: P@5 {before_precision:.2} → {sentence_precision:.2}, R@40 \
         {before_recall:.2} → {sentence_recall:.2}"
    );
    assert!(
        sentence_precision >= 0.9 && sentence_recall >= 0.9,
        "Japanese sentences read with the dictionary: P@5 {sentence_precision:.2}, R@40 {sentence_recall:.2}"
    );
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
