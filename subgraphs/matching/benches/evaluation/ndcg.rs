//! Ranking metrics of the evaluation bench.
//!
//! - [`ndcg_at`]: normalised discounted cumulative gain at a cut-off, with graded relevance
//!   (gain `2^g - 1`, discount `log2(rank + 1)` for ranks counted from 1), normalised by the DCG of
//!   the ideal ordering of *all* the grades of the query, so relevant items a ranker never returned
//!   still lower its score;
//! - [`recall_at`]: the share of the relevant items found in the first `k`.
//!
//! Both are 0 for a query without any relevant item (nothing to find), so such queries should be
//! left out of a mean rather than counted.

/// nDCG@k of one ranked list.
///
/// `ranked_grades` are the grades of the returned items, best-ranked first (it may be shorter or
/// longer than `k`); `all_grades` are the grades of every item that could have been returned, in any
/// order, the ideal DCG being that of these sorted from the highest grade down.
pub fn ndcg_at(k: usize, ranked_grades: &[u8], all_grades: &[u8]) -> f64 {
    let mut ideal = all_grades.to_vec();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let ideal_dcg = dcg_at(k, &ideal);
    if ideal_dcg <= 0.0 {
        return 0.0;
    }
    dcg_at(k, ranked_grades) / ideal_dcg
}

/// Recall@k: how many of the first `k` items are relevant, over all the relevant items there are.
pub fn recall_at(k: usize, ranked: &[bool], total_relevant: usize) -> f64 {
    if total_relevant == 0 {
        return 0.0;
    }
    let found = ranked.iter().take(k).filter(|&&relevant| relevant).count();
    found as f64 / total_relevant as f64
}

fn dcg_at(k: usize, grades: &[u8]) -> f64 {
    grades
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, &grade)| gain(grade) / ((i + 2) as f64).log2())
        .sum()
}

fn gain(grade: u8) -> f64 {
    2f64.powi(i32::from(grade)) - 1.0
}
