//! Why a candidate's recommendations are few or none, and what would change that: the
//! published postings each hard gate keeps from them (visa, Japanese, place), in English and
//! Japanese with the change that would open them, and how many pass every gate but have
//! nothing in common with the profile. Computed on request, over the newest published
//! postings (at most [`MOST_POSTINGS`]), from matching's own copies.

use super::MatchingService;
use super::engine::gates::{Gate, check, visa_findings};
use super::engine::profiles::{CandidateProfile, JobProfile};
use contracts::JlptLevel;
use entities::matching::{candidate_copy, job_copy};
use kit::ApiResult;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// The most postings one request looks at (the newest).
pub const MOST_POSTINGS: u64 = 5_000;

/// The postings one gate keeps from the candidate, why, and what would change it.
#[derive(Clone, Debug, PartialEq)]
pub struct GateGap {
    pub gate: Gate,
    pub postings: u64,
    pub why_en: String,
    pub why_ja: String,
    pub change_en: String,
    pub change_ja: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecommendationGaps {
    pub postings_considered: u64,
    /// Most postings first.
    pub gates: Vec<GateGap>,
    /// Postings passing every gate.
    pub open: u64,
}

fn level(candidate: &CandidateProfile) -> &'static str {
    candidate.jlpt_level.map_or("none", JlptLevel::as_str)
}

/// The words of one gate's gap, from the postings it kept out.
fn gap(
    gate: Gate,
    postings: u64,
    candidate: &CandidateProfile,
    visa_reason: Option<(String, String)>,
) -> GateGap {
    let (why_en, why_ja, change_en, change_ja) = match gate {
        Gate::Visa => {
            let status = candidate.visa_status.as_deref().unwrap_or("none");
            let (reason_en, reason_ja) = visa_reason.unwrap_or_default();
            (
                format!("Your status of residence ({status}) does not allow the work of {postings} postings. {reason_en}"),
                format!("現在の在留資格（{status}）では{postings}件の求人の業務に就けません。{reason_ja}"),
                "Look for postings that sponsor a status for this work, or for part-time work if your status allows it; if your status has changed, update your profile".to_owned(),
                "この業務の在留資格をスポンサーする求人や、在留資格で認められる場合はパートタイムの求人を探してください。在留資格が変わった場合はプロフィールを更新してください".to_owned(),
            )
        }
        Gate::Japanese => (
            format!(
                "{postings} postings ask for Japanese more than one JLPT level above yours ({})",
                level(candidate)
            ),
            format!(
                "{postings}件の求人が、あなたの日本語レベル（{}）より2段階以上高いJLPTを求めています",
                level(candidate)
            ),
            "A higher JLPT level on your profile opens them".to_owned(),
            "より高いJLPTレベルを取得してプロフィールに登録すると対象になります".to_owned(),
        ),
        Gate::Location => (
            format!("{postings} postings are on site in prefectures you did not choose"),
            format!("{postings}件の求人が、希望していない都道府県での勤務です"),
            "Add prefectures, or say you are willing to relocate".to_owned(),
            "希望勤務地を追加するか、転居可能と設定すると対象になります".to_owned(),
        ),
    };
    GateGap {
        gate,
        postings,
        why_en,
        why_ja,
        change_en,
        change_ja,
    }
}

/// The gaps of `candidate` against `jobs`.
pub fn gaps(candidate: &CandidateProfile, jobs: &[JobProfile]) -> RecommendationGaps {
    let mut counts: HashMap<Gate, u64> = HashMap::new();
    // The visa rule's most frequent refusal, as its own words.
    let mut visa_reasons: HashMap<compliance::Code, (u64, String, String)> = HashMap::new();
    let mut open = 0;
    for job in jobs {
        let (_, failed) = check(job, candidate);
        if failed.is_empty() {
            open += 1;
        }
        for gate in &failed {
            *counts.entry(*gate).or_default() += 1;
            if *gate == Gate::Visa {
                for finding in visa_findings(job, candidate)
                    .into_iter()
                    .filter(|f| f.is_error())
                {
                    let entry = visa_reasons.entry(finding.code).or_insert((
                        0,
                        finding.message_en,
                        finding.message_ja,
                    ));
                    entry.0 += 1;
                }
            }
        }
    }
    let visa_reason = visa_reasons
        .into_values()
        .max_by_key(|(count, _, _)| *count)
        .map(|(_, en, ja)| (format!("Most often: {en}."), format!("主な理由:{ja}。")));
    let mut gates: Vec<GateGap> = [Gate::Visa, Gate::Japanese, Gate::Location]
        .into_iter()
        .filter_map(|gate| {
            let postings = counts.get(&gate).copied().unwrap_or(0);
            (postings > 0).then(|| {
                let reason = (gate == Gate::Visa).then(|| visa_reason.clone()).flatten();
                gap(gate, postings, candidate, reason)
            })
        })
        .collect();
    gates.sort_by_key(|gap| std::cmp::Reverse(gap.postings));
    RecommendationGaps {
        postings_considered: jobs.len() as u64,
        gates,
        open,
    }
}

impl MatchingService {
    /// The gaps of the candidate `candidate_id` over the newest published postings; none when
    /// matching has no copy of the candidate.
    pub async fn recommendation_gaps(
        &self,
        candidate_id: Uuid,
    ) -> ApiResult<Option<RecommendationGaps>> {
        let Some(copy) = candidate_copy::Entity::find_by_id(candidate_id)
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        let candidate = CandidateProfile::of(&copy);
        let jobs: Vec<JobProfile> = job_copy::Entity::find()
            .filter(job_copy::Column::Status.eq("published"))
            .order_by_desc(job_copy::Column::UpdatedAt)
            .limit(MOST_POSTINGS)
            .all(self.db())
            .await?
            .iter()
            .map(JobProfile::of)
            .collect();
        Ok(Some(gaps(&candidate, &jobs)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(
        category: &str,
        employment: &str,
        jlpt: Option<JlptLevel>,
        prefecture: &str,
    ) -> JobProfile {
        let mut job = JobProfile {
            jlpt_required: jlpt,
            ..JobProfile::default()
        };
        job.details.job_category = Some(category.into());
        job.details.employment_type = employment.into();
        job.details.prefecture = Some(prefecture.into());
        job.details.remote_option = "none".into();
        job.details.weekly_hours = Some(if employment == "part_time" {
            20.0
        } else {
            40.0
        });
        job
    }

    #[test]
    fn a_student_reads_which_gates_kept_the_postings_and_what_would_open_them() {
        let student = CandidateProfile {
            visa_status: Some("student".into()),
            jlpt_level: Some(JlptLevel::N4),
            prefectures: vec!["tokyo".into()],
            ..CandidateProfile::default()
        };
        let jobs = [
            job("food_service", "full_time", None, "tokyo"),
            job("food_service", "full_time", None, "tokyo"),
            job("accommodation", "part_time", Some(JlptLevel::N2), "tokyo"),
            job("food_service", "part_time", None, "osaka"),
        ];
        let gaps = gaps(&student, &jobs);
        assert_eq!(gaps.postings_considered, 4);
        assert_eq!(gaps.open, 0);
        let kinds: Vec<(Gate, u64)> = gaps.gates.iter().map(|g| (g.gate, g.postings)).collect();
        assert_eq!(
            kinds,
            [(Gate::Visa, 2), (Gate::Japanese, 1), (Gate::Location, 1)]
        );
        let visa = &gaps.gates[0];
        assert!(visa.why_en.contains("student"), "{}", visa.why_en);
        assert!(visa.why_en.contains("Most often"), "{}", visa.why_en);
        assert!(visa.why_ja.contains("在留資格"), "{}", visa.why_ja);
        assert!(gaps.gates[2].change_en.contains("relocate"));
    }
}
