//! Events of the matching subgraph.

use super::one_name;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `match.completed`: a candidate's score for a posting was computed and changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchCompleted {
    pub match_id: Uuid,
    pub job_id: Uuid,
    pub candidate_id: Uuid,
    pub score: f64,
    pub previous_score: Option<f64>,
    pub score_version: i32,
}

one_name! {
    MatchCompleted => MatchCompleted,
}
