//! Whether a posting is the candidate's occupation, read with the platform's vocabulary
//! (`lexicon`): the posting's job category (or the occupations its titles name) against the
//! occupations the candidate's desired role, experience and skills name.
//!
//! Why: the soft components (experience, Japanese, salary, place, work style) say how well a
//! candidate fits a job of their own occupation; summed for a job of another one they made an
//! unrelated posting look like a good match (a care posting for a hotel receptionist scored
//! 0.64). The score scales them by this fit.

use crate::service::engine::profiles::{CandidateProfile, JobProfile};

/// What the vocabulary tells of the pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OccupationFit {
    /// The posting is of an occupation the candidate names.
    Same,
    /// Both are known and share none.
    Different,
    /// The posting's or the candidate's occupation could not be read.
    Unknown,
}

/// The job categories of the posting: its own, or those its titles name.
pub fn job_categories(job: &JobProfile) -> Vec<&str> {
    let titles: Vec<&str> = std::iter::once(job.title.as_str())
        .chain(job.details.title_ja.as_deref())
        .collect();
    lexicon::posting_occupations(job.details.job_category.as_deref(), &titles)
}

/// The job categories the candidate names: in their desired role first; else in their
/// experience summary; else in their skills (`介護`, `welding`).
pub fn candidate_categories(candidate: &CandidateProfile) -> Vec<&'static str> {
    let texts = [
        candidate.desired_role.clone(),
        candidate.experience_summary.clone(),
        (!candidate.skills.is_empty()).then(|| candidate.skills.join(" / ")),
    ];
    for text in texts.into_iter().flatten() {
        let named = lexicon::occupations_named(&text);
        if !named.is_empty() {
            return named;
        }
    }
    Vec::new()
}

pub fn fit(job: &JobProfile, candidate: &CandidateProfile) -> OccupationFit {
    let wanted = candidate_categories(candidate);
    let offered = job_categories(job);
    if wanted.is_empty() || offered.is_empty() {
        return OccupationFit::Unknown;
    }
    if offered.iter().any(|code| wanted.contains(code)) {
        OccupationFit::Same
    } else {
        OccupationFit::Different
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(category: Option<&str>, title: &str) -> JobProfile {
        let mut job = JobProfile {
            title: title.into(),
            ..JobProfile::default()
        };
        job.details.job_category = category.map(str::to_owned);
        job
    }

    fn candidate(role: Option<&str>, skills: &[&str]) -> CandidateProfile {
        CandidateProfile {
            desired_role: role.map(str::to_owned),
            skills: skills.iter().map(|skill| (*skill).to_owned()).collect(),
            ..CandidateProfile::default()
        }
    }

    #[test]
    fn occupations_meet_across_languages() {
        let care = job(Some("nursing_care"), "介護職員");
        assert_eq!(
            fit(&care, &candidate(Some("Caregiver"), &[])),
            OccupationFit::Same
        );
        assert_eq!(
            fit(&care, &candidate(Some("ホテルのフロント"), &["接客"])),
            OccupationFit::Different
        );
        // No category: the title tells.
        let untitled = job(None, "Hotel Front Desk");
        assert_eq!(
            fit(&untitled, &candidate(Some("ホテルスタッフ"), &[])),
            OccupationFit::Same
        );
        // The candidate's skills tell when the role does not.
        assert_eq!(fit(&care, &candidate(None, &["介護"])), OccupationFit::Same);
        assert_eq!(
            fit(&care, &candidate(None, &["rust"])),
            OccupationFit::Unknown
        );
    }
}
