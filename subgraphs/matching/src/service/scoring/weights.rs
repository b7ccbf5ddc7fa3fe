//! The versioned weights of the score's components. A stored match carries the version it was
//! scored with, so a change here is a new entry, never an edit of an old one.
//!
//! Version 2 starts from the product's brief (skills .35, experience .15, language .15,
//! salary .10, location .10, semantic .15) and gives cultural fit .05 taken from skills:
//! skills already count twice through near-matches and the semantic component, while work
//! style is the only cultural signal the profiles hold, so it stays small.

/// How much each component counts; the weights of one version sum to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weights {
    pub version: i32,
    pub skills: f64,
    pub experience: f64,
    pub language: f64,
    pub salary: f64,
    pub location: f64,
    pub semantic: f64,
    pub culture: f64,
}

/// Every version ever stored, oldest first. Version 1 was the skill-overlap formula
/// (the evaluation bench ranks with it for comparison), kept for reading old rows.
pub const VERSIONS: &[Weights] = &[
    Weights {
        version: 1,
        skills: 0.8,
        experience: 0.0,
        language: 0.2,
        salary: 0.0,
        location: 0.0,
        semantic: 0.0,
        culture: 0.0,
    },
    Weights {
        version: 2,
        skills: 0.30,
        experience: 0.15,
        language: 0.15,
        salary: 0.10,
        location: 0.10,
        semantic: 0.15,
        culture: 0.05,
    },
    // Version 3: the same weights; a component without inputs adds nothing, and the soft
    // components scale with the occupational fit (see `scoring`).
    Weights {
        version: 3,
        skills: 0.30,
        experience: 0.15,
        language: 0.15,
        salary: 0.10,
        location: 0.10,
        semantic: 0.15,
        culture: 0.05,
    },
];

/// The weights new scores use.
pub fn current() -> &'static Weights {
    VERSIONS.last().expect("at least one version")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_sums_to_one_and_versions_increase() {
        for (index, weights) in VERSIONS.iter().enumerate() {
            let sum = weights.skills
                + weights.experience
                + weights.language
                + weights.salary
                + weights.location
                + weights.semantic
                + weights.culture;
            assert!(
                (sum - 1.0).abs() < 1e-9,
                "version {} sums to {sum}",
                weights.version
            );
            assert_eq!(weights.version, index as i32 + 1);
        }
    }
}
