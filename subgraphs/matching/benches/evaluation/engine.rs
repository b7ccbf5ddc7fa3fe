//! The matching engine as an evaluation ranker: the same profiles, skill normalisation,
//! embeddings and score (version 2) the subgraph stores, over the ESCO set.
//!
//! Two rankings are reported. `engine` ranks every candidate by the score alone, which is what
//! the set's occupational grades measure. `engine, gated` first drops the candidates the hard
//! gates refuse (visa, JLPT two levels short, location); the set draws visas, JLPT and places
//! independently of occupations, so gating lowers nDCG against these grades by design.

use std::collections::HashMap;

use embeddings::{Embedder, cosine_similarity};
use matching::service::engine::gates::{VisaFit, admit};
use matching::service::engine::profiles::{CandidateProfile, JobProfile};
use matching::service::engine::skills::normalize_skill;
use matching::service::scoring::{Calibration, PairContext, calibration, score};

use crate::dataset::{EvalCandidate, EvalDataset, EvalPosting};

/// Texts per embedder call.
const BATCH: usize = 64;

pub struct EngineRanker {
    jobs: Vec<JobProfile>,
    candidates: Vec<CandidateProfile>,
    job_vectors: Vec<Vec<f32>>,
    candidate_vectors: Vec<Vec<f32>>,
    skills: HashMap<String, Vec<f32>>,
    calibration: Calibration,
}

fn embed_all(embedder: &dyn Embedder, texts: &[String]) -> Vec<Vec<f32>> {
    let mut vectors = Vec::with_capacity(texts.len());
    for chunk in texts.chunks(BATCH) {
        let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
        vectors.extend(embedder.embed(&refs).expect("embedding"));
    }
    vectors
}

fn job_profile(posting: &EvalPosting) -> JobProfile {
    let mut job = JobProfile {
        title: posting.title.clone(),
        required_skills: posting
            .required_skills
            .iter()
            .map(|s| normalize_skill(s))
            .collect(),
        min_experience_years: posting.min_experience_years,
        jlpt_required: posting
            .jlpt_required
            .as_deref()
            .and_then(contracts::JlptLevel::parse),
        visa_sponsorship: posting.visa_sponsorship,
        ..JobProfile::default()
    };
    let details = &mut job.details;
    details.description = posting.description.clone();
    details.preferred_skills = posting
        .preferred_skills
        .iter()
        .map(|s| normalize_skill(s))
        .collect();
    details.job_category = posting.job_category.clone();
    details.prefecture = posting.prefecture.clone();
    details.remote_option = posting.remote_option.clone();
    details.relocation_support = posting.relocation_support;
    details.salary_min = posting.salary_min;
    details.salary_max = posting.salary_max;
    details.salary_period = "yearly".into();
    details.currency = contracts::Currency::Jpy;
    details.employment_type = "full_time".into();
    job
}

fn candidate_profile(candidate: &EvalCandidate) -> CandidateProfile {
    let mut skills: Vec<String> = Vec::new();
    for skill in candidate.skills.iter().map(|s| normalize_skill(s)) {
        if !skills.contains(&skill) {
            skills.push(skill);
        }
    }
    CandidateProfile {
        skills,
        jlpt_level: candidate
            .jlpt_level
            .as_deref()
            .and_then(contracts::JlptLevel::parse),
        visa_status: Some(candidate.visa_status.clone()),
        years_experience: candidate.years_experience,
        desired_salary_min: candidate.desired_salary_min.map(|v| v as i32),
        desired_salary_max: candidate.desired_salary_max.map(|v| v as i32),
        prefectures: candidate.preferred_locations.clone(),
        desired_role: Some(candidate.desired_role.clone()),
        experience_summary: Some(candidate.experience_summary.clone()),
        willing_to_relocate: candidate.willing_to_relocate,
        ..CandidateProfile::default()
    }
}

impl EngineRanker {
    /// Embeds every posting, candidate and skill name of the set once.
    pub fn new(embedder: &dyn Embedder, data: &EvalDataset) -> Self {
        let jobs: Vec<JobProfile> = data.postings.iter().map(job_profile).collect();
        let candidates: Vec<CandidateProfile> =
            data.candidates.iter().map(candidate_profile).collect();
        let job_texts: Vec<String> = jobs.iter().map(JobProfile::embedding_text).collect();
        let candidate_texts: Vec<String> = candidates
            .iter()
            .map(CandidateProfile::embedding_text)
            .collect();
        let mut names: Vec<String> = jobs
            .iter()
            .flat_map(|job| {
                job.required_skills
                    .iter()
                    .chain(&job.details.preferred_skills)
            })
            .chain(candidates.iter().flat_map(|c| &c.skills))
            .cloned()
            .collect();
        names.sort();
        names.dedup();
        let job_vectors = embed_all(embedder, &job_texts);
        let candidate_vectors = embed_all(embedder, &candidate_texts);
        let skills = names
            .iter()
            .cloned()
            .zip(embed_all(embedder, &names))
            .collect();
        Self {
            jobs,
            candidates,
            job_vectors,
            candidate_vectors,
            skills,
            calibration: calibration::for_model(embedder.model_id()),
        }
    }

    pub fn texts_embedded(&self) -> usize {
        self.jobs.len() + self.candidates.len() + self.skills.len()
    }

    /// Candidate indices by score, best first; `gated` leaves out those the gates refuse.
    pub fn rank(&self, posting: usize, gated: bool) -> Vec<usize> {
        let job = &self.jobs[posting];
        let similarity =
            |a: &str, b: &str| Some(cosine_similarity(self.skills.get(a)?, self.skills.get(b)?));
        let mut scored: Vec<(usize, f64)> = Vec::with_capacity(self.candidates.len());
        for (index, candidate) in self.candidates.iter().enumerate() {
            let visa = match admit(job, candidate) {
                Some(fit) => fit,
                None if gated => continue,
                None => VisaFit::Eligible,
            };
            let context = PairContext {
                visa,
                similarity: Some(cosine_similarity(
                    &self.job_vectors[posting],
                    &self.candidate_vectors[index],
                )),
                skill_similarity: &similarity,
                calibration: self.calibration,
            };
            scored.push((index, score(job, candidate, &context).overall));
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.into_iter().map(|(index, _)| index).collect()
    }
}
