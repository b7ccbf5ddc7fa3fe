//! Score version 1: required-skill overlap (80 %) and Japanese level fit (20 %). Pure and
//! deterministic: the same inputs always give the same score.

/// Bumped whenever the formula changes, so stored scores can be told apart.
pub const SCORE_VERSION: i32 = 1;
const SKILL_WEIGHT: f64 = 0.8;
const LANGUAGE_WEIGHT: f64 = 0.2;

#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub overall: f64,
    pub skill: f64,
    pub language: f64,
    /// The job's required skills the candidate has, in the job's order.
    pub matched_skills: Vec<String>,
}

pub struct JobInputs<'a> {
    pub required_skills: &'a [String],
    pub jlpt_required: Option<&'a str>,
}

pub struct CandidateInputs<'a> {
    pub skills: &'a [String],
    pub jlpt_level: Option<&'a str>,
}

/// `N1` → 1 … `N5` → 5 (lower is stronger).
fn jlpt_rank(level: &str) -> Option<u8> {
    let digit = level.trim().strip_prefix(['N', 'n'])?.parse::<u8>().ok()?;
    (1..=5).contains(&digit).then_some(digit)
}

/// 1 when the candidate meets the requirement (or none is set), 0.5 one level short, else 0.
fn language_fit(required: Option<&str>, level: Option<&str>) -> f64 {
    let Some(required) = required.and_then(jlpt_rank) else {
        return 1.0;
    };
    match level.and_then(jlpt_rank) {
        Some(rank) if rank <= required => 1.0,
        Some(rank) if rank == required + 1 => 0.5,
        _ => 0.0,
    }
}

/// Rounded to 4 decimals so a recompute of unchanged inputs compares equal.
fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

pub fn score(job: &JobInputs<'_>, candidate: &CandidateInputs<'_>) -> Score {
    let matched_skills: Vec<String> = job
        .required_skills
        .iter()
        .filter(|skill| candidate.skills.contains(skill))
        .cloned()
        .collect();
    let skill = if job.required_skills.is_empty() {
        0.0
    } else {
        matched_skills.len() as f64 / job.required_skills.len() as f64
    };
    let language = language_fit(job.jlpt_required, candidate.jlpt_level);
    Score {
        overall: round(SKILL_WEIGHT * skill + LANGUAGE_WEIGHT * language),
        skill: round(skill),
        language,
        matched_skills,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skills(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn full_overlap_and_language_met_scores_one() {
        let required = skills(&["rust", "sql"]);
        let has = skills(&["sql", "rust", "go"]);
        let result = score(
            &JobInputs {
                required_skills: &required,
                jlpt_required: Some("N2"),
            },
            &CandidateInputs {
                skills: &has,
                jlpt_level: Some("N1"),
            },
        );
        assert_eq!(result.overall, 1.0);
        assert_eq!(result.matched_skills, skills(&["rust", "sql"]));
    }

    #[test]
    fn partial_overlap_and_one_level_short() {
        let required = skills(&["rust", "sql", "aws", "k8s"]);
        let has = skills(&["rust"]);
        let result = score(
            &JobInputs {
                required_skills: &required,
                jlpt_required: Some("N2"),
            },
            &CandidateInputs {
                skills: &has,
                jlpt_level: Some("N3"),
            },
        );
        assert_eq!(result.skill, 0.25);
        assert_eq!(result.language, 0.5);
        assert_eq!(result.overall, 0.3);
    }

    #[test]
    fn no_japanese_when_required_gives_no_language_credit() {
        let required = skills(&["rust"]);
        let result = score(
            &JobInputs {
                required_skills: &required,
                jlpt_required: Some("N3"),
            },
            &CandidateInputs {
                skills: &[],
                jlpt_level: None,
            },
        );
        assert_eq!(result.overall, 0.0);
        assert!(result.matched_skills.is_empty());
    }
}
