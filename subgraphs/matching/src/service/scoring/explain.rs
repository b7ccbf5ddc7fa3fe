//! Why a match scored what it did, in words an employer and a candidate read: the top
//! strengths and gaps, and the risks of going ahead, each a stable code with English and
//! Japanese text.

use super::components::{SkillFit, salary_bounds};
use super::{Components, MatchScore};
use crate::service::engine::gates::{Gate, VisaFit, visa_findings};
use crate::service::engine::profiles::{CandidateProfile, JobProfile};
use contracts::{JlptLevel, MatchReasonCode, MatchRiskCode};
use serde::{Deserialize, Serialize};

/// At most this many strengths and this many gaps are kept.
const MAX_PER_KIND: usize = 3;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ReasonKind {
    Strength,
    Gap,
}

/// One strength or gap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub code: MatchReasonCode,
    pub kind: ReasonKind,
    pub en: String,
    pub ja: String,
}

/// One risk of going ahead with the match.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Risk {
    pub code: MatchRiskCode,
    pub en: String,
    pub ja: String,
}

/// What a match stores as its `explanation`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub reasons: Vec<Reason>,
    pub risks: Vec<Risk>,
}

fn prefecture_names(code: &str) -> (String, String) {
    compliance::find_prefecture(code).map_or_else(
        || (code.to_owned(), code.to_owned()),
        |prefecture| (prefecture.name_en.to_owned(), prefecture.name_ja.to_owned()),
    )
}

fn yen(amount: f64) -> String {
    let whole = amount.round() as i64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("¥{grouped}")
}

/// A candidate reason with the weight it carries in the ranking of reasons: skills first
/// (they weigh most in the score), then near-matches, experience, Japanese, the profile's
/// closeness, place and work style.
struct Candidate {
    reason: Reason,
    weight: f64,
}

fn strength(code: MatchReasonCode, weight: f64, en: String, ja: String) -> Candidate {
    Candidate {
        reason: Reason {
            code,
            kind: ReasonKind::Strength,
            en,
            ja,
        },
        weight,
    }
}

fn gap(code: MatchReasonCode, weight: f64, en: String, ja: String) -> Candidate {
    Candidate {
        reason: Reason {
            code,
            kind: ReasonKind::Gap,
            en,
            ja,
        },
        weight,
    }
}

fn skill_reasons(job: &JobProfile, fit: &SkillFit, out: &mut Vec<Candidate>) {
    let total = job.required_skills.len();
    if total > 0 && !fit.matched.is_empty() {
        let held = fit.matched.len();
        let list = fit.matched.join(", ");
        out.push(strength(
            MatchReasonCode::SkillsMatched,
            0.5 + 0.5 * held as f64 / total as f64,
            format!("Has {held} of the {total} required skills ({list})"),
            format!("必須スキル{total}件中{held}件を保有({list})"),
        ));
    }
    for near in fit.near.iter().take(2) {
        out.push(strength(
            MatchReasonCode::SkillNearMatch,
            0.45 + 0.1 * f64::from(near.similarity),
            format!("{} is close to the wanted skill {}", near.held, near.wanted),
            format!("{}は求められるスキル{}に近い", near.held, near.wanted),
        ));
    }
    if !fit.missing.is_empty() {
        let list = fit.missing.join(", ");
        out.push(gap(
            MatchReasonCode::SkillsMissing,
            fit.missing.len() as f64 / total.max(1) as f64,
            format!("Missing required skills: {list}"),
            format!("不足している必須スキル: {list}"),
        ));
    }
}

fn experience_reasons(job: &JobProfile, candidate: &CandidateProfile, out: &mut Vec<Candidate>) {
    let (years, wanted) = (candidate.years_experience, job.min_experience_years);
    if wanted <= 0 {
        return;
    }
    if years >= wanted {
        out.push(strength(
            MatchReasonCode::ExperienceMet,
            0.45,
            format!("{years} years of experience; the posting asks {wanted}"),
            format!("経験{years}年(求人は{wanted}年以上)"),
        ));
    } else {
        out.push(gap(
            MatchReasonCode::ExperienceShort,
            f64::from(wanted - years) / f64::from(wanted),
            format!("{years} years of experience; the posting asks {wanted}"),
            format!("経験{years}年(求人は{wanted}年以上を要求)"),
        ));
    }
}

fn language_reasons(job: &JobProfile, candidate: &CandidateProfile, out: &mut Vec<Candidate>) {
    let Some(required) = job.jlpt_required.map(JlptLevel::as_str) else {
        return;
    };
    let level = candidate.jlpt_level.map_or("none", JlptLevel::as_str);
    let met = match (candidate.jlpt_rank(), job.jlpt_rank()) {
        (Some(rank), Some(wanted)) => rank <= wanted,
        _ => false,
    };
    if met {
        out.push(strength(
            MatchReasonCode::JlptMet,
            0.4,
            format!("JLPT {level} meets the required {required}"),
            format!("JLPT {level}(求人の要件{required}を満たす)"),
        ));
    } else {
        out.push(gap(
            MatchReasonCode::JlptShort,
            0.8,
            format!("JLPT {level}, the posting asks {required}"),
            format!("JLPT {level}(求人は{required}を要求)"),
        ));
    }
}

fn place_reasons(job: &JobProfile, candidate: &CandidateProfile, out: &mut Vec<Candidate>) {
    if job.fully_remote() {
        out.push(strength(
            MatchReasonCode::RemoteWork,
            0.3,
            "Fully remote work".into(),
            "フルリモート勤務".into(),
        ));
    } else if let Some(code) = job.details.prefecture.as_deref()
        && candidate.prefectures.iter().any(|held| held == code)
    {
        let (en, ja) = prefecture_names(code);
        out.push(strength(
            MatchReasonCode::SamePrefecture,
            0.3,
            format!("Lives in or wants to work in {en}"),
            format!("{ja}での勤務を希望・在住"),
        ));
    }
}

fn profile_reasons(components: &Components, out: &mut Vec<Candidate>) {
    if components.semantic.known && components.semantic.value >= 0.7 {
        out.push(strength(
            MatchReasonCode::ProfileClose,
            0.35,
            "The profile reads close to the posting".into(),
            "プロフィールが求人内容に近い".into(),
        ));
    } else if components.semantic.known && components.semantic.value < 0.3 {
        out.push(gap(
            MatchReasonCode::ProfileDistant,
            0.3,
            "The profile reads far from the posting".into(),
            "プロフィールと求人内容の関連が薄い".into(),
        ));
    }
    if components.culture.known && components.culture.value >= 0.8 {
        out.push(strength(
            MatchReasonCode::WorkStyleFits,
            0.2,
            "The posting offers the work style the candidate prefers".into(),
            "希望する働き方に合う".into(),
        ));
    } else if components.culture.known && components.culture.value < 0.5 {
        out.push(gap(
            MatchReasonCode::WorkStyleDiffers,
            0.2,
            "The posting's work style differs from the candidate's preference".into(),
            "希望する働き方と異なる".into(),
        ));
    }
}

/// The steps the visa rule names for a candidate who may take the job (a change of status,
/// a permission), as risks with the rule's own words.
fn visa_steps(job: &JobProfile, candidate: &CandidateProfile, risks: &mut Vec<Risk>) {
    for finding in visa_findings(job, candidate) {
        let code = match finding.code {
            compliance::Code::VisaChangeRequired => MatchRiskCode::VisaChangeNeeded,
            compliance::Code::EmployerChangeNeedsPermission => {
                MatchRiskCode::EmployerChangeNeedsPermission
            }
            compliance::Code::PartTimePermissionRequired => MatchRiskCode::PartTimePermissionNeeded,
            _ => continue,
        };
        risks.push(Risk {
            code,
            en: finding.message_en,
            ja: finding.message_ja,
        });
    }
}

fn risks(job: &JobProfile, candidate: &CandidateProfile, visa: &VisaFit) -> Vec<Risk> {
    let mut risks = Vec::new();
    match visa {
        VisaFit::NeedsChange | VisaFit::Eligible => visa_steps(job, candidate, &mut risks),
        VisaFit::Unstated => risks.push(Risk {
            code: MatchRiskCode::VisaStatusUnstated,
            en: "Declares work authorisation without naming a status of residence".into(),
            ja: "就労可能と申告しているが在留資格が未記入".into(),
        }),
        VisaFit::Unchecked => risks.push(Risk {
            code: MatchRiskCode::VisaUnchecked,
            en: "The posting names no job category, so whether the candidate's status of \
                 residence covers the work could not be checked"
                .into(),
            ja: "求人に職種が設定されていないため、在留資格で就労できるか確認できません".into(),
        }),
        VisaFit::Ineligible => {}
    }
    if let Some((top, wanted)) = salary_bounds(job, candidate)
        && wanted > top
    {
        risks.push(Risk {
            code: MatchRiskCode::SalaryAboveRange,
            en: format!(
                "Expects {} a year, above the posting's {}",
                yen(wanted),
                yen(top)
            ),
            ja: format!("希望年収{}が求人の上限{}を超える", yen(wanted), yen(top)),
        });
    }
    if !job.fully_remote()
        && let Some(code) = job.details.prefecture.as_deref()
        && !candidate.prefectures.is_empty()
        && !candidate.prefectures.iter().any(|held| held == code)
    {
        let (en, ja) = prefecture_names(code);
        risks.push(Risk {
            code: MatchRiskCode::RelocationNeeded,
            en: format!("Would need to move to {en}"),
            ja: format!("{ja}への転居が必要"),
        });
    }
    risks
}

/// The risk of a match someone already works on whose candidate no longer passes `gate`
/// (their profile or the posting changed): it stays, flagged, instead of disappearing.
pub fn failed_gate(job: &JobProfile, candidate: &CandidateProfile, gate: Gate) -> Risk {
    match gate {
        Gate::Visa => Risk {
            code: MatchRiskCode::FailsVisaGate,
            en: "The candidate's status of residence no longer allows this work".into(),
            ja: "現在の在留資格ではこの仕事に就けなくなりました".into(),
        },
        Gate::Japanese => {
            let level = candidate.jlpt_level.map_or("none", JlptLevel::as_str);
            let required = job.jlpt_required.map_or("-", JlptLevel::as_str);
            Risk {
                code: MatchRiskCode::FailsJapaneseGate,
                en: format!(
                    "JLPT {level} is now more than one level below the required {required}"
                ),
                ja: format!("JLPT {level}が求人の要件{required}を2段階以上下回るようになりました"),
            }
        }
        Gate::Location => {
            let code = job.details.prefecture.as_deref().unwrap_or_default();
            let (en, ja) = prefecture_names(code);
            Risk {
                code: MatchRiskCode::FailsLocationGate,
                en: format!("No longer in or willing to move to {en}"),
                ja: format!("{ja}での勤務・転居の希望がなくなりました"),
            }
        }
    }
}

/// The explanation of `score`.
pub fn explain(
    job: &JobProfile,
    candidate: &CandidateProfile,
    visa: &VisaFit,
    fit: &SkillFit,
    score: &MatchScore,
) -> Explanation {
    let mut found = Vec::new();
    skill_reasons(job, fit, &mut found);
    experience_reasons(job, candidate, &mut found);
    language_reasons(job, candidate, &mut found);
    place_reasons(job, candidate, &mut found);
    profile_reasons(&score.components, &mut found);
    found.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let mut reasons = Vec::new();
    for kind in [ReasonKind::Strength, ReasonKind::Gap] {
        reasons.extend(
            found
                .iter()
                .filter(|candidate| candidate.reason.kind == kind)
                .take(MAX_PER_KIND)
                .map(|candidate| candidate.reason.clone()),
        );
    }
    Explanation {
        reasons,
        risks: risks(job, candidate, visa),
    }
}
