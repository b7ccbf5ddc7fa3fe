//! Search quality on a judged bilingual query set: `cargo bench -p jobs --bench search_quality`
//! (see docs/benchmarks.md). Generates the corpus (`corpus`), runs the judged queries
//! (`judged`) through the service call `searchJobPostings` makes, and prints mean
//! precision@5, recall@40 and nDCG@10, per kind of query and per query (worst first), first
//! with bigrams alone (the fallback while the Japanese dictionary is fetched), then with the
//! dictionary (the default). Needs no server: the corpus goes into a scratch SQLite file (the
//! engine answers from memory, the same way on both backends).

mod corpus;
mod evaluation;
mod judged;

use std::collections::BTreeMap;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let evaluate = |name: &str| {
        let dir = std::env::temp_dir().join(format!(
            "iworkz-search-quality-{name}-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        let report = runtime.block_on(evaluation::evaluate(&dir));
        let _ = std::fs::remove_dir_all(&dir);
        report
    };
    let bigrams = evaluate("bigrams");
    println!("bigrams alone: {}", bigrams.summary());
    runtime
        .block_on(morphology::ensure_dictionary())
        .expect("the Japanese dictionary (cargo run -p morphology --bin fetch-dictionary)");
    let report = evaluate("dictionary");
    println!("with the Japanese dictionary: {}", report.summary());
    let mut kinds: BTreeMap<&str, (f64, f64, usize)> = BTreeMap::new();
    for scored in &report.queries {
        let entry = kinds.entry(scored.kind).or_default();
        entry.0 += scored.precision_at_5;
        entry.1 += scored.recall_at_40;
        entry.2 += 1;
    }
    println!("by kind of query, with the dictionary (mean P@5, R@40, queries):");
    for (kind, (precision, recall, count)) in kinds {
        println!(
            "  {kind:<26} P@5 {:.2}  R@40 {:.2}  ({count})",
            precision / count as f64,
            recall / count as f64
        );
    }
    for scored in bigrams
        .queries
        .iter()
        .filter(|q| q.precision_at_5 + q.recall_at_40 < 2.0)
    {
        println!(
            "  bigrams alone: P@5 {:.2} R@40 {:.2} [{}] {}",
            scored.precision_at_5, scored.recall_at_40, scored.kind, scored.query
        );
    }
    println!("per query with the dictionary, worst first:");
    for line in report.per_query() {
        println!("{line}");
    }
}
