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
    /// The posting's company, when it has one.
    #[serde(default)]
    pub company_id: Option<Uuid>,
}

/// `match.status_changed`: the employer moved a match through its workflow, or the candidate
/// said whether they are interested.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchStatusChanged {
    pub match_id: Uuid,
    pub job_id: Uuid,
    pub candidate_id: Uuid,
    pub status: crate::MatchStatus,
    /// Once the candidate said.
    pub candidate_interest: Option<crate::CandidateInterest>,
    pub changed_by: Uuid,
    /// The posting's company, when it has one.
    #[serde(default)]
    pub company_id: Option<Uuid>,
    /// Whether the candidate is told of this change: their own answer, or the company's first
    /// contact. The company's other steps (viewed, shortlisted, rejected) stay the company's.
    #[serde(default)]
    pub seen_by_candidate: bool,
}

impl MatchStatusChanged {
    /// Whether the candidate is told of this change (events written before `seenByCandidate`
    /// existed count the candidate's own answers).
    pub fn is_seen_by_candidate(&self) -> bool {
        self.seen_by_candidate || self.changed_by == self.candidate_id
    }
}

one_name! {
    MatchCompleted => MatchCompleted,
    MatchStatusChanged => MatchStatusChanged,
}
