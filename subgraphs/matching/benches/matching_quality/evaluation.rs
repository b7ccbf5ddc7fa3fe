//! Runs the matching engine over the judged set the way the subgraph stores matches (the hard
//! gates, the score, what is worth storing), ranks each candidate's recommendations, and
//! scores them:
//!
//! - precision@3: of the first three recommendations, those right for the candidate (the
//!   posting is of their occupation, the compliance rule lets them take it, now or after a
//!   change of status the posting sponsors, and they can be where it is), over three (or
//!   over the right postings when fewer exist); candidates with no right posting are left out;
//! - confident wrong: recommendations scoring 0.6 or more of another occupation;
//! - illegal: recommendations the compliance rule says the candidate may not take at all.

use super::people::{PEOPLE, POSTINGS, Person, Posting};
use compliance::candidate_eligibility;
use embeddings::{Embedder, cosine_similarity};
use matching::service::engine::gates::{admit, location_passes, posting_facts};
use matching::service::engine::profiles::{CandidateProfile, JobProfile};
use matching::service::engine::skills::normalize_skill;
use matching::service::scoring::{PairContext, calibration::for_model, score, worth_storing};
use std::collections::HashMap;

/// One stored recommendation.
pub struct Recommendation {
    pub posting: usize,
    pub score: f64,
}

pub struct CandidateResult {
    pub name: &'static str,
    pub recommendations: Vec<Recommendation>,
    pub right: usize,
    pub precision_at_3: Option<f64>,
    pub confident_wrong: usize,
    pub illegal: usize,
}

pub struct Report {
    pub candidates: Vec<CandidateResult>,
    /// Raw cosines of profile and posting vectors: pairs right for the candidate, and pairs of
    /// another occupation (what `scoring::calibration` is measured from).
    pub cosines_right: Vec<f32>,
    pub cosines_other_occupation: Vec<f32>,
}

/// The middle value (the mean of the two middle ones for an even count).
pub fn median(values: &[f32]) -> f32 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f32::total_cmp);
    match sorted.len() {
        0 => f32::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

impl Report {
    pub fn precision_at_3(&self) -> f64 {
        let judged: Vec<f64> = self
            .candidates
            .iter()
            .filter_map(|result| result.precision_at_3)
            .collect();
        judged.iter().sum::<f64>() / judged.len().max(1) as f64
    }

    pub fn confident_wrong(&self) -> usize {
        self.candidates
            .iter()
            .map(|result| result.confident_wrong)
            .sum()
    }

    pub fn illegal(&self) -> usize {
        self.candidates.iter().map(|result| result.illegal).sum()
    }

    pub fn summary(&self) -> String {
        let judged = self
            .candidates
            .iter()
            .filter(|result| result.precision_at_3.is_some())
            .count();
        format!(
            "{} candidates ({} with a right posting) over {} postings: precision@3 {:.3}, \
             confident wrong (score ≥ 0.6, another occupation) {}, illegal {}",
            self.candidates.len(),
            judged,
            POSTINGS.len(),
            self.precision_at_3(),
            self.confident_wrong(),
            self.illegal()
        )
    }

    /// The medians the calibration of the model is set from.
    pub fn calibration_points(&self) -> String {
        format!(
            "profile–posting cosine medians: other occupation {:.3} ({} pairs), right {:.3} ({} pairs)",
            median(&self.cosines_other_occupation),
            self.cosines_other_occupation.len(),
            median(&self.cosines_right),
            self.cosines_right.len()
        )
    }

    /// One line per candidate, worst first, with the first three recommendations.
    pub fn per_candidate(&self) -> Vec<String> {
        let mut results: Vec<&CandidateResult> = self.candidates.iter().collect();
        results.sort_by(|a, b| {
            a.precision_at_3
                .unwrap_or(1.0)
                .total_cmp(&b.precision_at_3.unwrap_or(1.0))
        });
        results
            .iter()
            .map(|result| {
                let top: Vec<String> = result
                    .recommendations
                    .iter()
                    .take(3)
                    .map(|rec| format!("{} {:.2}", POSTINGS[rec.posting].title, rec.score))
                    .collect();
                format!(
                    "  P@3 {}  right {:>2}  shown {:>2}  wrong≥0.6 {}  illegal {}  {}: {}",
                    result
                        .precision_at_3
                        .map_or("  - ".to_owned(), |p| format!("{p:.2}")),
                    result.right,
                    result.recommendations.len(),
                    result.confident_wrong,
                    result.illegal,
                    result.name,
                    top.join(" | ")
                )
            })
            .collect()
    }
}

fn job_profile(posting: &Posting) -> JobProfile {
    let mut job = JobProfile {
        title: posting.title.to_owned(),
        required_skills: posting.skills.iter().map(|s| normalize_skill(s)).collect(),
        min_experience_years: posting.min_experience,
        jlpt_required: posting.jlpt.and_then(contracts::JlptLevel::parse),
        visa_sponsorship: !posting.sponsors.is_empty(),
        ..JobProfile::default()
    };
    let details = &mut job.details;
    details.title_ja = posting.title_ja.map(str::to_owned);
    details.job_category = Some(posting.category.to_owned());
    details.prefecture = Some(posting.prefecture.to_owned());
    details.remote_option = "none".into();
    details.employment_type = posting.employment.to_owned();
    details.weekly_hours = Some(posting.weekly_hours);
    details.supported_visa_types = posting.sponsors.iter().map(|s| (*s).to_owned()).collect();
    details.salary_min = Some(posting.salary_max - 800_000);
    details.salary_max = Some(posting.salary_max);
    details.salary_period = "yearly".into();
    details.currency = contracts::Currency::Jpy;
    job
}

fn candidate_profile(person: &Person) -> CandidateProfile {
    CandidateProfile {
        skills: person.skills.iter().map(|s| normalize_skill(s)).collect(),
        jlpt_level: person.jlpt.and_then(contracts::JlptLevel::parse),
        visa_status: Some(person.status.to_owned()),
        years_experience: person.years,
        desired_salary_min: person.salary,
        prefectures: person.prefectures.iter().map(|p| (*p).to_owned()).collect(),
        desired_role: Some(person.role.to_owned()),
        willing_to_relocate: person.relocate,
        ..CandidateProfile::default()
    }
}

fn embed(embedder: &dyn Embedder, texts: &[String]) -> Vec<Vec<f32>> {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    refs.chunks(32)
        .flat_map(|chunk| embedder.embed(chunk).expect("embedding"))
        .collect()
}

/// Whether the posting is right for the person: their occupation, lawful for them (now or
/// after a change the posting sponsors), and somewhere they can work.
fn right(
    job: &JobProfile,
    candidate: &CandidateProfile,
    person: &Person,
    posting: &Posting,
) -> bool {
    posting.category == person.occupation
        && candidate_eligibility(person.status, &posting_facts(job)).eligible
        && location_passes(job, candidate)
}

/// Scores every pair with `embedder` and ranks each candidate's recommendations.
pub fn evaluate(embedder: &dyn Embedder) -> Report {
    let jobs: Vec<JobProfile> = POSTINGS.iter().map(job_profile).collect();
    let candidates: Vec<CandidateProfile> = PEOPLE.iter().map(candidate_profile).collect();
    let job_vectors = embed(
        embedder,
        &jobs
            .iter()
            .map(JobProfile::embedding_text)
            .collect::<Vec<_>>(),
    );
    let candidate_vectors = embed(
        embedder,
        &candidates
            .iter()
            .map(CandidateProfile::embedding_text)
            .collect::<Vec<_>>(),
    );
    let mut names: Vec<String> = jobs
        .iter()
        .flat_map(|job| job.required_skills.clone())
        .chain(candidates.iter().flat_map(|c| c.skills.clone()))
        .collect();
    names.sort();
    names.dedup();
    let skill_vectors: HashMap<String, Vec<f32>> =
        names.iter().cloned().zip(embed(embedder, &names)).collect();
    let skill_similarity = |a: &str, b: &str| {
        Some(cosine_similarity(
            skill_vectors.get(a)?,
            skill_vectors.get(b)?,
        ))
    };
    let calibration = for_model(embedder.model_id());
    let mut cosines_right = Vec::new();
    let mut cosines_other_occupation = Vec::new();
    let mut results = Vec::new();
    for (c, (candidate, person)) in candidates.iter().zip(PEOPLE).enumerate() {
        let mut recommendations = Vec::new();
        let mut right_count = 0;
        let mut illegal = 0;
        let mut confident_wrong = 0;
        for (j, (job, posting)) in jobs.iter().zip(POSTINGS).enumerate() {
            let cosine = cosine_similarity(&job_vectors[j], &candidate_vectors[c]);
            if right(job, candidate, person, posting) {
                right_count += 1;
                cosines_right.push(cosine);
            } else if posting.category != person.occupation {
                cosines_other_occupation.push(cosine);
            }
            let Some(visa) = admit(job, candidate) else {
                continue;
            };
            let context = PairContext {
                visa,
                similarity: Some(cosine),
                skill_similarity: &skill_similarity,
                calibration,
            };
            let scored = score(job, candidate, &context);
            if !worth_storing(&scored) {
                continue;
            }
            if !candidate_eligibility(person.status, &posting_facts(job)).eligible {
                illegal += 1;
            }
            if scored.overall >= 0.6 && posting.category != person.occupation {
                confident_wrong += 1;
            }
            recommendations.push(Recommendation {
                posting: j,
                score: scored.overall,
            });
        }
        recommendations.sort_by(|a, b| b.score.total_cmp(&a.score));
        let precision_at_3 = (right_count > 0).then(|| {
            let hits = recommendations
                .iter()
                .take(3)
                .filter(|rec| {
                    right(
                        &jobs[rec.posting],
                        candidate,
                        person,
                        &POSTINGS[rec.posting],
                    )
                })
                .count();
            hits as f64 / right_count.min(3) as f64
        });
        results.push(CandidateResult {
            name: person.name,
            recommendations,
            right: right_count,
            precision_at_3,
            confident_wrong,
            illegal,
        });
    }
    Report {
        candidates: results,
        cosines_right,
        cosines_other_occupation,
    }
}
