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

// The bench target has no test harness: built with cfg(test) (clippy --all-targets), its #[test]
// functions are dropped, which leaves the helpers unused. They run where a harness includes them.
#[cfg(test)]
#[allow(unused_imports, dead_code)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-9,
            "got {actual}, expected {expected}"
        );
    }

    #[test]
    fn an_ideal_ranking_scores_one() {
        close(ndcg_at(10, &[3, 2, 0], &[0, 2, 3]), 1.0);
        close(ndcg_at(2, &[3, 3, 1], &[1, 3, 3]), 1.0);
    }

    #[test]
    fn a_best_item_at_rank_two_is_discounted_by_log2_of_three() {
        // DCG = 0 + 7 / log2(3) = 4.41651; ideal = 7 / log2(2) = 7.
        close(ndcg_at(2, &[0, 3], &[3, 0]), 0.630_929_753_571_457_5);
    }

    #[test]
    fn grades_are_weighted_by_two_to_the_grade_minus_one() {
        // DCG = 1/1 + 3/log2(3) + 7/log2(4) = 6.39279; ideal = 7/1 + 3/log2(3) + 1/2 = 9.39279.
        close(ndcg_at(3, &[1, 2, 3], &[3, 2, 1]), 0.680_606_056_760_200_9);
    }

    #[test]
    fn the_cut_off_applies_to_the_ranking_and_to_the_ideal() {
        close(ndcg_at(1, &[0, 3, 3], &[3, 3, 0, 0]), 0.0);
        // DCG = 7/log2(3) = 4.41651; ideal = 7 + 7/log2(3) = 11.41651.
        close(
            ndcg_at(2, &[0, 3, 3], &[3, 3, 0, 0]),
            0.386_852_807_234_541_6,
        );
    }

    #[test]
    fn relevant_items_that_were_not_returned_still_count_in_the_ideal() {
        // DCG = 3; ideal = 7 + 3/log2(3) = 8.89279.
        close(ndcg_at(2, &[2], &[3, 2]), 0.337_351_972_710_416_5);
    }

    #[test]
    fn a_query_without_relevant_items_scores_zero() {
        close(ndcg_at(10, &[0, 0], &[0, 0]), 0.0);
        close(ndcg_at(10, &[], &[]), 0.0);
        close(recall_at(10, &[false], 0), 0.0);
    }

    #[test]
    fn recall_counts_relevant_items_within_the_cut_off() {
        let ranked = [true, false, true, false];
        close(recall_at(2, &ranked, 4), 0.25);
        close(recall_at(3, &ranked, 4), 0.5);
        close(recall_at(50, &ranked, 4), 0.5);
        close(recall_at(50, &ranked, 2), 1.0);
        close(recall_at(0, &ranked, 2), 0.0);
    }
}
