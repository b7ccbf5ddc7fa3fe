//! The score of one candidate for one posting: seven components, each in [0, 1], weighted by
//! the current [`weights`] version, with how complete the inputs were (the confidence) and
//! an [`explain`]ation. Pure and deterministic: the same inputs and vectors always give the
//! same score.
//!
//! Calibrated (score version 3): a component without its inputs adds nothing (it lowers the
//! confidence instead of scoring a neutral half), and the soft components (experience,
//! Japanese, salary, place, work style) count in proportion to how much the job is the
//! candidate's occupation ([`occupation`]): fully for the same occupation, only as far as the
//! skills the candidate holds for a job of another one, and as far as skills or the profile's
//! closeness reach when the vocabulary cannot tell. A job of another occupation cannot reach
//! the storing threshold on the soft components alone, and keeps at most
//! [`OTHER_OCCUPATION_FACTOR`] of its score: an alternative, never a confident match.

pub mod calibration;
pub mod components;
pub mod explain;
pub mod occupation;
pub mod weights;

use crate::service::engine::gates::VisaFit;
use crate::service::engine::profiles::{CandidateProfile, JobProfile};
pub use calibration::Calibration;
use components::{Component, SkillSimilarity};
use explain::Explanation;

/// Every component of one score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Components {
    pub skills: Component,
    pub experience: Component,
    pub language: Component,
    pub salary: Component,
    pub location: Component,
    pub semantic: Component,
    pub culture: Component,
}

impl Components {
    /// (weight, component) pairs under `weights`.
    fn weighted(&self, weights: &weights::Weights) -> [(f64, Component); 7] {
        [
            (weights.skills, self.skills),
            (weights.experience, self.experience),
            (weights.language, self.language),
            (weights.salary, self.salary),
            (weights.location, self.location),
            (weights.semantic, self.semantic),
            (weights.culture, self.culture),
        ]
    }
}

/// One scored pair.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchScore {
    pub overall: f64,
    pub components: Components,
    /// The weighted share of components computed from stated inputs, less 0.1 when the visa
    /// rule could not decide (status not stated, or the posting has no category).
    pub confidence: f64,
    /// Required skills the candidate has, in the posting's order.
    pub matched_skills: Vec<String>,
    /// Whether the job is the candidate's occupation.
    pub occupation: occupation::OccupationFit,
    pub explanation: Explanation,
    pub version: i32,
}

/// What a job of another occupation than the candidate's keeps of its score: a full fit there
/// stays below 0.6, the level a match is shown as a confident one.
pub const OTHER_OCCUPATION_FACTOR: f64 = 0.55;

/// Pairs scoring below this are not stored (unless worked on).
pub const MIN_STORED_SCORE: f64 = 0.35;
/// The semantic component from which a pair with no skill in common is still worth showing
/// (a cosine similarity of about 0.43).
pub const MIN_SEMANTIC_WITHOUT_SKILLS: f64 = 0.5;

/// A pair is a match when it scores enough and has something in common: the occupation, a
/// skill (or a near-match) or a close profile. Defaults alone (no salary stated, no language
/// asked) do not make a match.
pub fn worth_storing(score: &MatchScore) -> bool {
    let c = &score.components;
    score.overall >= MIN_STORED_SCORE
        && (score.occupation == occupation::OccupationFit::Same
            || c.skills.known && c.skills.value > 0.0
            || c.semantic.known && c.semantic.value >= MIN_SEMANTIC_WITHOUT_SKILLS)
}

/// Rounded to 4 decimals so a recompute of unchanged inputs compares equal.
pub fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// What a pair is scored from besides the two profiles.
pub struct PairContext<'a> {
    pub visa: VisaFit,
    /// Cosine similarity of the candidate's and the posting's vectors.
    pub similarity: Option<f32>,
    pub skill_similarity: SkillSimilarity<'a>,
    /// How the model that made the vectors reads on the scale the score was set on.
    pub calibration: Calibration,
}

pub fn score(
    job: &JobProfile,
    candidate: &CandidateProfile,
    context: &PairContext<'_>,
) -> MatchScore {
    let weights = weights::current();
    let calibration = context.calibration;
    let skill_similarity = |a: &str, b: &str| {
        (context.skill_similarity)(a, b).map(|cosine| calibration.skills.apply(cosine))
    };
    let fit = components::skills(job, candidate, &skill_similarity);
    let semantic = components::semantic(
        context
            .similarity
            .map(|cosine| calibration.profiles.apply(cosine)),
    );
    let relevance = semantic.known.then_some(semantic.value);
    let components = Components {
        skills: fit.component,
        experience: components::experience(job, candidate, relevance),
        language: components::language(job, candidate),
        salary: components::salary(job, candidate),
        location: components::location(job, candidate),
        semantic,
        culture: components::culture(job, candidate),
    };
    let weighted = components.weighted(weights);
    let occupation_fit = occupation::fit(job, candidate);
    let relevance = occupational_relevance(
        occupation_fit,
        &components,
        fit.matched.len(),
        job.required_skills.len(),
    );
    let counted = |c: &Component| if c.known { c.value } else { 0.0 };
    let core = weights.skills * counted(&components.skills)
        + weights.semantic * counted(&components.semantic);
    let soft: f64 = [
        (weights.experience, components.experience),
        (weights.language, components.language),
        (weights.salary, components.salary),
        (weights.location, components.location),
        (weights.culture, components.culture),
    ]
    .iter()
    .map(|(w, c)| w * counted(c))
    .sum();
    // A job of another occupation is at best a weaker alternative: never a confident match.
    let factor = match occupation_fit {
        occupation::OccupationFit::Different => OTHER_OCCUPATION_FACTOR,
        _ => 1.0,
    };
    let overall = factor * (core + relevance * soft);
    let known: f64 = weighted
        .iter()
        .filter(|(_, c)| c.known)
        .map(|(w, _)| w)
        .sum();
    let unsure_visa = match context.visa {
        VisaFit::Unstated | VisaFit::Unchecked => 0.1,
        VisaFit::Eligible | VisaFit::NeedsChange | VisaFit::Ineligible => 0.0,
    };
    let mut score = MatchScore {
        overall: round(overall),
        components: round_components(components),
        confidence: round((known - unsure_visa).max(0.0)),
        matched_skills: fit.matched.clone(),
        occupation: occupation_fit,
        explanation: Explanation::default(),
        version: weights.version,
    };
    score.explanation = explain::explain(job, candidate, &context.visa, &fit, &score);
    score
}

/// How much the soft components count for this pair, in [0, 1]: all of them for a job of the
/// candidate's occupation; for another occupation, the share of required skills the candidate
/// holds exactly; when the occupations cannot be read, twice the better of the skills and the
/// profile's closeness (so half the skills, or a close profile, counts fully).
fn occupational_relevance(
    fit: occupation::OccupationFit,
    components: &Components,
    held: usize,
    required: usize,
) -> f64 {
    use occupation::OccupationFit;
    match fit {
        OccupationFit::Same => 1.0,
        OccupationFit::Different if required == 0 => 0.0,
        OccupationFit::Different => held as f64 / required as f64,
        OccupationFit::Unknown => {
            let known = |c: &Component| if c.known { c.value } else { 0.0 };
            (2.0 * known(&components.skills).max(known(&components.semantic))).min(1.0)
        }
    }
}

fn round_components(mut components: Components) -> Components {
    for component in [
        &mut components.skills,
        &mut components.experience,
        &mut components.language,
        &mut components.salary,
        &mut components.location,
        &mut components.semantic,
        &mut components.culture,
    ] {
        component.value = round(component.value);
    }
    components
}

#[cfg(test)]
mod tests;
