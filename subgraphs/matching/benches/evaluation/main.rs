//! Offline evaluation of candidate ranking on an ESCO-derived set (see `dataset.rs` for how the
//! set and its graded relevance are built, `ndcg.rs` for the metrics).
//!
//!   scripts/fetch-esco.sh                       # once: data/esco/{occupations,skills}.json
//!   cargo bench -p matching --bench evaluation
//!
//! `ESCO_DIR` points at another data directory (a relative path is taken from the workspace root).
//! Each ranker gets a posting (by index) and all the candidates and returns candidate indices,
//! best first (a gated ranker may leave some out);
//! it is scored by nDCG@10 (grades 0-3) and recall@50 (relevant: grade >= 2), averaged over the
//! postings.

// The set carries fields and helpers for the rankers to come; not all are read yet.
#[allow(dead_code)]
mod dataset;
mod engine;
mod ndcg;

use std::path::{Path, PathBuf};
use std::time::Instant;

use dataset::{EvalCandidate, EvalDataset, EvalPosting};

const NDCG_K: usize = 10;
const RECALL_K: usize = 50;
/// Candidates of at least this grade count as relevant for recall.
const RECALL_MIN_GRADE: u8 = 2;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);
    let dir = match std::env::var_os("ESCO_DIR") {
        Some(dir) => root.join(PathBuf::from(dir)),
        None => root.join("data/esco"),
    };
    let started = Instant::now();
    let data = match EvalDataset::load(&dir) {
        Ok(data) => data,
        Err(e) => {
            eprintln!("evaluation: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "ESCO evaluation set from {} (built in {:.1?})",
        dir.display(),
        started.elapsed()
    );
    println!(
        "  {} postings, {} candidates; {} occupations in {} groups and {} families",
        data.postings.len(),
        data.candidates.len(),
        data.occupations.len(),
        data.groups,
        data.families
    );
    let mut per_grade = [0usize; 4];
    for posting in &data.postings {
        for candidate in &data.candidates {
            per_grade[usize::from(data.grade(posting, candidate))] += 1;
        }
    }
    let postings = data.postings.len().max(1) as f64;
    println!(
        "  relevant candidates per posting (mean): grade 3 = {:.1}, grade 2 = {:.1}, grade 1 = {:.1}",
        per_grade[3] as f64 / postings,
        per_grade[2] as f64 / postings,
        per_grade[1] as f64 / postings,
    );

    evaluate("baseline", &data, |posting, candidates| {
        rank_baseline(&data.postings[posting], candidates)
    });

    let embedder = embeddings::load_shared();
    let started = Instant::now();
    let engine = engine::EngineRanker::new(embedder.as_ref(), &data);
    println!(
        "embedded {} texts with {} in {:.1?}",
        engine.texts_embedded(),
        embedder.model_id(),
        started.elapsed()
    );
    evaluate("engine", &data, |posting, _| engine.rank(posting, false));
    evaluate("engine, gated", &data, |posting, _| {
        engine.rank(posting, true)
    });
}

/// Runs `ranker` on every posting and prints its mean nDCG@10 and recall@50.
fn evaluate(
    name: &str,
    data: &EvalDataset,
    ranker: impl Fn(usize, &[EvalCandidate]) -> Vec<usize>,
) {
    let started = Instant::now();
    let (mut ndcg_sum, mut recall_sum, mut queries) = (0.0, 0.0, 0usize);
    for (index, posting) in data.postings.iter().enumerate() {
        let grades: Vec<u8> = data
            .candidates
            .iter()
            .map(|c| data.grade(posting, c))
            .collect();
        let relevant = grades.iter().filter(|&&g| g >= RECALL_MIN_GRADE).count();
        if relevant == 0 {
            continue;
        }
        let ranked = ranker(index, &data.candidates);
        let ranked_grades: Vec<u8> = ranked.iter().map(|&i| grades[i]).collect();
        let ranked_relevant: Vec<bool> = ranked_grades
            .iter()
            .map(|&g| g >= RECALL_MIN_GRADE)
            .collect();
        ndcg_sum += ndcg::ndcg_at(NDCG_K, &ranked_grades, &grades);
        recall_sum += ndcg::recall_at(RECALL_K, &ranked_relevant, relevant);
        queries += 1;
    }
    let queries_f = queries.max(1) as f64;
    println!(
        "{name} nDCG@{NDCG_K} = {:.4}, recall@{RECALL_K} = {:.4} ({queries} postings, {:.1?})",
        ndcg_sum / queries_f,
        recall_sum / queries_f,
        started.elapsed()
    );
}

/// Today's formula: 0.8 x the share of the required skills the candidate lists exactly
/// (case-insensitive) + 0.2 x the JLPT fit. Ties keep the candidates' order.
fn rank_baseline(posting: &EvalPosting, candidates: &[EvalCandidate]) -> Vec<usize> {
    let required: Vec<String> = posting
        .required_skills
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    let scores: Vec<f64> = candidates
        .iter()
        .map(|c| {
            let skill_share = if required.is_empty() {
                0.0
            } else {
                let has = required
                    .iter()
                    .filter(|r| c.skills.iter().any(|s| s.eq_ignore_ascii_case(r)))
                    .count();
                has as f64 / required.len() as f64
            };
            0.8 * skill_share
                + 0.2 * jlpt_fit(posting.jlpt_required.as_deref(), c.jlpt_level.as_deref())
        })
        .collect();
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order
}

/// 1 when nothing is required or the candidate's level meets it (N1 is the strongest), 0.5 when
/// one level short, else 0.
fn jlpt_fit(required: Option<&str>, level: Option<&str>) -> f64 {
    let number = |l: &str| l.trim().trim_start_matches(['N', 'n']).parse::<u8>().ok();
    let Some(required) = required.and_then(number) else {
        return 1.0;
    };
    match level.and_then(number) {
        Some(level) if level <= required => 1.0,
        Some(level) if level == required + 1 => 0.5,
        _ => 0.0,
    }
}
