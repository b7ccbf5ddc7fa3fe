//! The score of one candidate for one posting: seven components, each in [0, 1], weighted by
//! the current [`weights`] version, with how complete the inputs were (the confidence) and
//! an [`explain`]ation. Pure and deterministic: the same inputs and vectors always give the
//! same score.

pub mod components;
pub mod explain;
pub mod weights;

use crate::service::engine::gates::VisaFit;
use crate::service::engine::profiles::{CandidateProfile, JobProfile};
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
    pub explanation: Explanation,
    pub version: i32,
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
}

pub fn score(
    job: &JobProfile,
    candidate: &CandidateProfile,
    context: &PairContext<'_>,
) -> MatchScore {
    let weights = weights::current();
    let fit = components::skills(job, candidate, context.skill_similarity);
    let semantic = components::semantic(context.similarity);
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
    let overall: f64 = weighted.iter().map(|(w, c)| w * c.value).sum();
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
        explanation: Explanation::default(),
        version: weights.version,
    };
    score.explanation = explain::explain(job, candidate, &context.visa, &fit, &score);
    score
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
