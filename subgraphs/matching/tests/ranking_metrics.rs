//! The evaluation bench's ranking metrics (`benches/evaluation/ndcg.rs`), checked against
//! hand-computed values. They live here because the bench target has no test harness.

#[path = "../benches/evaluation/ndcg.rs"]
mod ndcg;

use ndcg::{ndcg_at, recall_at};

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
