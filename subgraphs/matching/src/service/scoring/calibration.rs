//! Each embedding model's similarities on one scale.
//!
//! The score's constants (where the semantic component starts, from which similarity a skill
//! is a near-match) were set on all-MiniLM-L6-v2's cosines, which spread from about 0.15 for
//! unrelated texts to 0.7 for close ones. multilingual-e5-small puts everything between 0.7 and
//! 1.0 (two unrelated one-word skills already score 0.8), so its cosines are first mapped onto
//! that reference scale by a straight line through two measured points. The points come from
//! the judged sets of the `matching_quality` bench, which prints them:
//!
//! - profile with posting: the median cosine of pairs of another occupation maps to 0.15 and
//!   the median of pairs right for the candidate to 0.7;
//! - skill with skill: the near-match threshold is the lowest cosine above every unrelated pair
//!   of the bilingual skill set (so no unrelated skill is ever called near), and maps to
//!   `NEAR_MATCH_THRESHOLD`; 1.0 stays 1.0.
//!
//! A model without measured points (the lexical fallback, MiniLM itself) is used as it is.

use super::components::NEAR_MATCH_THRESHOLD;

/// `reference = at_reference_low + (cosine − low) × slope`, from two measured points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearMap {
    low: f32,
    reference_low: f32,
    slope: f32,
}

impl LinearMap {
    /// The identity.
    pub const IDENTITY: Self = Self {
        low: 0.0,
        reference_low: 0.0,
        slope: 1.0,
    };

    /// The line through (`low`, `reference_low`) and (`high`, `reference_high`).
    pub const fn through(low: f32, reference_low: f32, high: f32, reference_high: f32) -> Self {
        Self {
            low,
            reference_low,
            slope: (reference_high - reference_low) / (high - low),
        }
    }

    /// `cosine` on the reference scale, within [-1, 1].
    pub fn apply(self, cosine: f32) -> f32 {
        (self.reference_low + (cosine - self.low) * self.slope).clamp(-1.0, 1.0)
    }
}

/// How one model's cosines read on the reference scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calibration {
    /// Profile or posting text with the other side's.
    pub profiles: LinearMap,
    /// One skill name with another.
    pub skills: LinearMap,
}

impl Calibration {
    pub const IDENTITY: Self = Self {
        profiles: LinearMap::IDENTITY,
        skills: LinearMap::IDENTITY,
    };
}

/// multilingual-e5-small: median cosine of profile–posting pairs of another occupation, and
/// of pairs right for the candidate (the bench's judged set).
/// Measured: 0.880 over 1,247 pairs of another occupation, 0.955 over 68 right pairs.
pub const E5_PROFILES_UNRELATED: f32 = 0.88;
pub const E5_PROFILES_RELATED: f32 = 0.955;
/// multilingual-e5-small: above every unrelated pair of the bilingual skill set (the highest,
/// 溶接 with 接客, is 0.884), with a margin of 0.016 for pairs the set does not hold.
pub const E5_NEAR_SKILL: f32 = 0.90;

/// The calibration of `model_id`'s vectors.
pub fn for_model(model_id: &str) -> Calibration {
    match model_id {
        embeddings::E5_MODEL_ID => Calibration {
            profiles: LinearMap::through(E5_PROFILES_UNRELATED, 0.15, E5_PROFILES_RELATED, 0.7),
            skills: LinearMap::through(E5_NEAR_SKILL, NEAR_MATCH_THRESHOLD, 1.0, 1.0),
        },
        _ => Calibration::IDENTITY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e5_points_land_on_the_reference_scale() {
        let e5 = for_model(embeddings::E5_MODEL_ID);
        assert!((e5.skills.apply(E5_NEAR_SKILL) - NEAR_MATCH_THRESHOLD).abs() < 1e-6);
        assert!((e5.skills.apply(1.0) - 1.0).abs() < 1e-6);
        assert!(e5.skills.apply(0.884) < NEAR_MATCH_THRESHOLD);
        assert!((e5.profiles.apply(E5_PROFILES_UNRELATED) - 0.15).abs() < 1e-6);
        assert!((e5.profiles.apply(E5_PROFILES_RELATED) - 0.7).abs() < 1e-6);
        assert_eq!(for_model("lexical").skills.apply(0.42), 0.42);
    }
}
