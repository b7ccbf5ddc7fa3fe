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

/// `match.status_changed`: the employer moved a match through its workflow, or the candidate
/// said whether they are interested.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchStatusChanged {
    pub match_id: Uuid,
    pub job_id: Uuid,
    pub candidate_id: Uuid,
    /// `generated`, `viewed`, `shortlisted`, `contacted` or `rejected`.
    pub status: String,
    /// `interested` or `not_interested`, once the candidate said.
    pub candidate_interest: Option<String>,
    pub changed_by: Uuid,
}

one_name! {
    MatchCompleted => MatchCompleted,
    MatchStatusChanged => MatchStatusChanged,
}
