//! A match's explanation as the API shows it: every score component, the confidence, the
//! reasons and the risks, each with a stable code and English and Japanese text.
//!
//! Some reasons and risks say what the candidate's profile keeps private (salary
//! expectation, where they live, their status of residence). Those are shown only to the
//! candidate, to holders of `candidates:read` (administrators) and to a verified company the
//! candidate disclosed their profile to (`service::disclosure`), as the users subgraph shows
//! the fields themselves; anyone else who may read the match gets the rest, and whether the
//! candidate's status of residence allows the job as a plain yes or no (`visaEligible`).

use super::loaders::{CandidateChoiceLoader, VerifiedPostingLoader};
use crate::service::INTERESTED;
use crate::service::scoring::explain::{Explanation, ReasonKind};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, Enum, Result, SimpleObject};
use contracts::{MatchReasonCode, MatchRiskCode, Permission};
use entities::matching::match_result;
use kit::auth::{Caller, CallerOf};

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

/// Whether a reason counts for or against a match.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum MatchReasonKind {
    /// Counts for the match, e.g. a required skill the candidate has.
    Strength,
    /// Counts against the match: something the posting asks for that the candidate lacks or
    /// falls short of.
    Gap,
}

/// A strength or a gap of the match.
#[derive(SimpleObject)]
pub struct MatchReason {
    /// What the reason is about.
    pub code: MatchReasonCode,
    /// Whether it counts for (`STRENGTH`) or against (`GAP`) the match.
    pub kind: MatchReasonKind,
    /// English, e.g. "JLPT N3, the posting asks N2".
    pub en: String,
    /// Japanese, e.g. "JLPT N3(求人はN2を要求)".
    pub ja: String,
}

/// A risk of going ahead with the match.
#[derive(SimpleObject)]
pub struct MatchRisk {
    /// What the risk is.
    pub code: MatchRiskCode,
    /// English, e.g. "Would need to move to Osaka".
    pub en: String,
    /// Japanese, e.g. "大阪府への転居が必要".
    pub ja: String,
}

/// Whether the caller sees the candidate's private fields in the explanation.
async fn sees_private(ctx: &Context<'_>, row: &match_result::Model) -> Result<bool> {
    match Caller::of(ctx) {
        Caller::Anonymous => Ok(false),
        Caller::User(user)
            if user.user_id == row.candidate_id
                || user.has_permission(Permission::CandidatesRead) =>
        {
            Ok(true)
        }
        Caller::User(_) => {
            if !super::readers::may_read_matches_of(ctx, row.job_id).await? {
                return Ok(false);
            }
            let verified = ctx.data::<DataLoader<VerifiedPostingLoader>>()?;
            if !verified.load_one(row.job_id).await?.unwrap_or(false) {
                return Ok(false);
            }
            if row.candidate_interest.as_deref() == Some(INTERESTED) {
                return Ok(true);
            }
            let choices = ctx.data::<DataLoader<CandidateChoiceLoader>>()?;
            Ok(choices
                .load_one(row.candidate_id)
                .await?
                .is_some_and(|choice| choice.visible))
        }
    }
}

/// Whether the candidate's status of residence allows the posting's job: `false` when it
/// does not (or needs changing), null when the candidate did not say or the posting names no
/// job category. Tells no more than yes or no.
pub fn visa_eligible(row: &match_result::Model) -> Option<bool> {
    let risks: Vec<MatchRiskCode> = stored(row).risks.iter().map(|risk| risk.code).collect();
    if risks.iter().any(|code| {
        matches!(
            code,
            MatchRiskCode::FailsVisaGate | MatchRiskCode::VisaChangeNeeded
        )
    }) {
        Some(false)
    } else if risks.iter().any(|code| {
        matches!(
            code,
            MatchRiskCode::VisaStatusUnstated | MatchRiskCode::VisaUnchecked
        )
    }) {
        None
    } else {
        Some(true)
    }
}

fn stored(row: &match_result::Model) -> Explanation {
    row.explanation
        .as_ref()
        .and_then(|json| serde_json::from_value(json.clone()).ok())
        .unwrap_or_default()
}

pub async fn reasons(ctx: &Context<'_>, row: &match_result::Model) -> Result<Vec<MatchReason>> {
    let private = sees_private(ctx, row).await?;
    Ok(stored(row)
        .reasons
        .into_iter()
        .filter(|reason| private || !reason.code.reveals_private())
        .map(|reason| MatchReason {
            code: reason.code,
            kind: match reason.kind {
                ReasonKind::Strength => MatchReasonKind::Strength,
                ReasonKind::Gap => MatchReasonKind::Gap,
            },
            en: reason.en,
            ja: reason.ja,
        })
        .collect())
}

pub async fn risks(ctx: &Context<'_>, row: &match_result::Model) -> Result<Vec<MatchRisk>> {
    let private = sees_private(ctx, row).await?;
    Ok(stored(row)
        .risks
        .into_iter()
        .filter(|risk| private || !risk.code.reveals_private())
        .map(|risk| MatchRisk {
            code: risk.code,
            en: risk.en,
            ja: risk.ja,
        })
        .collect())
}
