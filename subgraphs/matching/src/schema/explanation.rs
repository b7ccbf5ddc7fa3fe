//! A match's explanation as the API shows it: every score component, the confidence, the
//! reasons and the risks, each with a stable code and English and Japanese text.
//!
//! Some reasons and risks say what the candidate's profile keeps private (salary
//! expectation, where they live, their status of residence). Those are shown only to the
//! candidate and to holders of `candidates:read` (administrators), as the users subgraph shows the fields
//! themselves; anyone else who may read the match gets the rest.

use crate::service::scoring::explain::{Explanation, ReasonKind};
use async_graphql::{Context, Enum, SimpleObject};
use contracts::Permission;
use entities::matching::match_result;
use kit::auth::{Caller, CallerOf};

/// Codes whose text reveals a private profile field.
const PRIVATE_CODES: [&str; 8] = [
    "FAILS_VISA_GATE",
    "FAILS_LOCATION_GATE",
    "SALARY_ABOVE_RANGE",
    "SAME_PREFECTURE",
    "RELOCATION_NEEDED",
    "VISA_CHANGE_NEEDED",
    "VISA_STATUS_UNSTATED",
    "VISA_UNCHECKED",
];

/// Every component of the score, each in [0, 1].
#[derive(SimpleObject)]
pub struct MatchComponents {
    /// Required (75 %) and preferred (25 %) skills held, near-matches earning their
    /// similarity.
    pub skills: f64,
    /// Years against the posting's minimum, and how close the described experience reads.
    pub experience: f64,
    /// JLPT against the requirement.
    pub language: f64,
    /// The candidate's expectation against the posting's range.
    pub salary: f64,
    /// Same prefecture, remote work or relocation.
    pub location: f64,
    /// Similarity of the profile's and the posting's text embeddings.
    pub semantic: f64,
    /// Preferred work style against the posting's remote option.
    pub cultural_fit: f64,
}

impl MatchComponents {
    pub fn of(row: &match_result::Model) -> Self {
        Self {
            skills: row.skill_score,
            experience: row.experience_score,
            language: row.language_score,
            salary: row.salary_score,
            location: row.location_score,
            semantic: row.semantic_score,
            cultural_fit: row.culture_score,
        }
    }
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum MatchReasonKind {
    Strength,
    Gap,
}

/// A strength or a gap of the match.
#[derive(SimpleObject)]
pub struct MatchReason {
    /// Stable, e.g. `JLPT_SHORT`, `SKILLS_MISSING`, `SKILL_NEAR_MATCH`.
    pub code: String,
    pub kind: MatchReasonKind,
    /// English, e.g. "JLPT N3, the posting asks N2".
    pub en: String,
    /// Japanese, e.g. "JLPT N3(求人はN2を要求)".
    pub ja: String,
}

/// A risk of going ahead with the match.
#[derive(SimpleObject)]
pub struct MatchRisk {
    /// Stable, e.g. `VISA_CHANGE_NEEDED`, `SALARY_ABOVE_RANGE`, `RELOCATION_NEEDED`.
    pub code: String,
    pub en: String,
    pub ja: String,
}

/// Whether the caller sees the candidate's private fields in the explanation.
fn sees_private(ctx: &Context<'_>, row: &match_result::Model) -> bool {
    match Caller::of(ctx) {
        Caller::Anonymous => false,
        Caller::User(user) => {
            user.user_id == row.candidate_id || user.has_permission(Permission::CandidatesRead)
        }
    }
}

fn stored(row: &match_result::Model) -> Explanation {
    row.explanation
        .as_ref()
        .and_then(|json| serde_json::from_value(json.clone()).ok())
        .unwrap_or_default()
}

pub fn reasons(ctx: &Context<'_>, row: &match_result::Model) -> Vec<MatchReason> {
    let private = sees_private(ctx, row);
    stored(row)
        .reasons
        .into_iter()
        .filter(|reason| private || !PRIVATE_CODES.contains(&reason.code.as_str()))
        .map(|reason| MatchReason {
            code: reason.code,
            kind: match reason.kind {
                ReasonKind::Strength => MatchReasonKind::Strength,
                ReasonKind::Gap => MatchReasonKind::Gap,
            },
            en: reason.en,
            ja: reason.ja,
        })
        .collect()
}

pub fn risks(ctx: &Context<'_>, row: &match_result::Model) -> Vec<MatchRisk> {
    let private = sees_private(ctx, row);
    stored(row)
        .risks
        .into_iter()
        .filter(|risk| private || !PRIVATE_CODES.contains(&risk.code.as_str()))
        .map(|risk| MatchRisk {
            code: risk.code,
            en: risk.en,
            ja: risk.ja,
        })
        .collect()
}
