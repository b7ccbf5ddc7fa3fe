//! Hard gates, applied before anything is ranked: a candidate who may not lawfully take the
//! job, whose Japanese is two levels short, or who cannot be where the job is, is never
//! shown, however well their skills fit.
//!
//! * **Visa**: the jobs subgraph's own candidate-vs-posting rule
//!   ([`compliance::candidate_eligibility`]). A candidate with no stated status counts as
//!   `none` (they need sponsorship) unless they declared they are authorised to work. A
//!   posting without a job category cannot be checked: it lets candidates through with a
//!   risk instead.
//! * **Japanese**: at most one JLPT level below the posting's requirement; a posting asking
//!   N5 is open to candidates without a level.
//! * **Location**: the posting is fully remote or names no prefecture, or the candidate lives
//!   in or prefers its prefecture, or will relocate.

use super::profiles::{CandidateProfile, JobProfile};
use compliance::{PostingFacts, SalaryPeriod, VISA_STATUSES, candidate_eligibility};
use contracts::JlptLevel;

/// What the visa rule says of one candidate and posting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VisaFit {
    /// The candidate's status covers the work.
    Eligible,
    /// Only with a status the posting sponsors.
    NeedsChange,
    /// Declared authorised to work, status not stated: passes, with less confidence.
    Unstated,
    /// The posting names no (known) job category, so the rule cannot say: passes, with a
    /// risk and less confidence, rather than shutting every work-visa holder out.
    Unchecked,
    Ineligible,
}

/// The rule's findings that mean "cannot tell" rather than "may not".
const UNDECIDABLE: [compliance::Code; 2] = [
    compliance::Code::MissingJobCategory,
    compliance::Code::UnknownJobCategory,
];

fn fit_of(eligibility: &compliance::Eligibility) -> VisaFit {
    match (eligibility.eligible, eligibility.needs_visa_change) {
        (true, false) => VisaFit::Eligible,
        (true, true) => VisaFit::NeedsChange,
        (false, _)
            if eligibility
                .findings
                .iter()
                .filter(|finding| finding.is_error())
                .all(|finding| UNDECIDABLE.contains(&finding.code)) =>
        {
            VisaFit::Unchecked
        }
        (false, _) => VisaFit::Ineligible,
    }
}

/// The posting's facts in the form the compliance rule takes.
pub fn posting_facts(job: &JobProfile) -> PostingFacts<'_> {
    let details = &job.details;
    let mut facts = PostingFacts {
        job_category: details.job_category.as_deref(),
        prefecture: details.prefecture.as_deref(),
        salary_min: details.salary_min,
        salary_max: details.salary_max,
        weekly_hours: details.weekly_hours.map(|hours| hours as f32),
        visa_sponsorship: job.visa_sponsorship,
        supported_visa_types: &details.supported_visa_types,
        education: details.education.as_deref(),
        min_experience_years: job.min_experience_years,
        jlpt_required: job.jlpt_required.map(JlptLevel::as_str),
        has_japanese_text: details.title_ja.is_some() || details.description_ja.is_some(),
        ..PostingFacts::default()
    };
    if !details.employment_type.is_empty() {
        facts.employment_type = &details.employment_type;
    }
    if !details.remote_option.is_empty() {
        facts.remote_option = &details.remote_option;
    }
    facts.currency = details.currency.as_str();
    if let Some(period) = SalaryPeriod::from_code(&details.salary_period) {
        facts.salary_period = period;
    }
    facts
}

/// The status the rule is asked about for this candidate, `None` for "authorised, unstated".
fn status_of(candidate: &CandidateProfile) -> Option<&str> {
    match candidate.visa_status.as_deref().map(str::trim) {
        Some(status) if !status.is_empty() => Some(status),
        _ if candidate.work_authorization => None,
        _ => Some("none"),
    }
}

/// The visa rule's findings for this candidate and posting (none when the status is not
/// stated): the steps a change of status needs, the permissions to ask for.
pub fn visa_findings(job: &JobProfile, candidate: &CandidateProfile) -> Vec<compliance::Finding> {
    status_of(candidate).map_or_else(Vec::new, |status| {
        candidate_eligibility(status, &posting_facts(job)).findings
    })
}

pub fn visa_fit(job: &JobProfile, candidate: &CandidateProfile) -> VisaFit {
    let Some(status) = status_of(candidate) else {
        return VisaFit::Unstated;
    };
    fit_of(&candidate_eligibility(status, &posting_facts(job)))
}

/// The stored statuses that pass the visa gate for `job`, for filtering in SQL; whether
/// candidates with no stated status pass depends on their work authorisation, which the
/// caller adds.
pub fn eligible_statuses(job: &JobProfile) -> Vec<&'static str> {
    let facts = posting_facts(job);
    VISA_STATUSES
        .iter()
        .copied()
        .filter(|status| fit_of(&candidate_eligibility(status, &facts)) != VisaFit::Ineligible)
        .collect()
}

/// The weakest JLPT rank (`N1` = 1) that passes, or `None` when any level or none passes.
pub fn weakest_jlpt_rank(job: &JobProfile) -> Option<u8> {
    match job.jlpt_rank() {
        Some(required) if required < 5 => Some(required + 1),
        _ => None,
    }
}

pub fn language_passes(job: &JobProfile, candidate: &CandidateProfile) -> bool {
    match weakest_jlpt_rank(job) {
        None => true,
        Some(weakest) => candidate.jlpt_rank().is_some_and(|rank| rank <= weakest),
    }
}

pub fn location_passes(job: &JobProfile, candidate: &CandidateProfile) -> bool {
    let Some(prefecture) = job.details.prefecture.as_deref() else {
        return true;
    };
    job.fully_remote()
        || candidate.willing_to_relocate
        || candidate.prefectures.is_empty()
        || candidate.prefectures.iter().any(|code| code == prefecture)
}

/// One of the hard gates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gate {
    Visa,
    Japanese,
    Location,
}

/// The visa rule's verdict and the gates the candidate fails (none when admitted).
pub fn check(job: &JobProfile, candidate: &CandidateProfile) -> (VisaFit, Vec<Gate>) {
    let visa = visa_fit(job, candidate);
    let mut failed = Vec::new();
    if visa == VisaFit::Ineligible {
        failed.push(Gate::Visa);
    }
    if !language_passes(job, candidate) {
        failed.push(Gate::Japanese);
    }
    if !location_passes(job, candidate) {
        failed.push(Gate::Location);
    }
    (visa, failed)
}

/// Every gate at once; `None` when the candidate is gated out.
pub fn admit(job: &JobProfile, candidate: &CandidateProfile) -> Option<VisaFit> {
    match check(job, candidate) {
        (visa, failed) if failed.is_empty() => Some(visa),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engineer_job() -> JobProfile {
        let mut job = JobProfile {
            title: "Backend engineer".into(),
            jlpt_required: Some(JlptLevel::N2),
            ..JobProfile::default()
        };
        job.details.job_category = Some("software_engineering".into());
        job.details.prefecture = Some("tokyo".into());
        job.details.remote_option = "none".into();
        job
    }

    fn candidate(visa: Option<&str>, jlpt: Option<&str>) -> CandidateProfile {
        CandidateProfile {
            visa_status: visa.map(str::to_owned),
            jlpt_level: jlpt.and_then(JlptLevel::parse),
            prefectures: vec!["tokyo".into()],
            ..CandidateProfile::default()
        }
    }

    #[test]
    fn a_student_cannot_take_a_full_time_post_that_sponsors_nothing() {
        let job = engineer_job();
        assert_eq!(admit(&job, &candidate(Some("student"), Some("N2"))), None);
        assert_eq!(admit(&job, &candidate(None, Some("N2"))), None);
        assert_eq!(
            admit(
                &job,
                &candidate(Some("engineer_humanities_international"), Some("N2"))
            ),
            Some(VisaFit::Eligible)
        );
        let statuses = eligible_statuses(&job);
        assert!(statuses.contains(&"permanent_resident"));
        assert!(!statuses.contains(&"student"));
        assert!(!statuses.contains(&"none"));
    }

    #[test]
    fn sponsorship_opens_the_post_with_a_visa_change() {
        let mut job = engineer_job();
        job.visa_sponsorship = true;
        job.details.supported_visa_types = vec!["engineer_humanities_international".into()];
        assert_eq!(
            admit(&job, &candidate(None, Some("N2"))),
            Some(VisaFit::NeedsChange)
        );
    }

    #[test]
    fn a_posting_without_a_category_passes_with_a_risk_not_a_refusal() {
        let mut job = engineer_job();
        job.details.job_category = None;
        let engineer = candidate(Some("engineer_humanities_international"), Some("N2"));
        assert_eq!(admit(&job, &engineer), Some(VisaFit::Unchecked));
        assert!(eligible_statuses(&job).contains(&"engineer_humanities_international"));
        // A student still may not work full time, category or not.
        assert_eq!(admit(&job, &candidate(Some("student"), Some("N2"))), None);
    }

    #[test]
    fn japanese_may_be_one_level_short_not_two() {
        let job = engineer_job();
        let visa = Some("permanent_resident");
        assert!(admit(&job, &candidate(visa, Some("N3"))).is_some());
        assert!(admit(&job, &candidate(visa, Some("N4"))).is_none());
        assert!(admit(&job, &candidate(visa, None)).is_none());
    }

    #[test]
    fn another_prefecture_passes_only_with_relocation_or_remote_work() {
        let mut job = engineer_job();
        let mut osaka = candidate(Some("permanent_resident"), Some("N1"));
        osaka.prefectures = vec!["osaka".into()];
        assert!(admit(&job, &osaka).is_none());
        osaka.willing_to_relocate = true;
        assert!(admit(&job, &osaka).is_some());
        osaka.willing_to_relocate = false;
        job.details.remote_option = "full".into();
        assert!(admit(&job, &osaka).is_some());
    }

    #[test]
    fn check_names_every_gate_a_candidate_fails() {
        let job = engineer_job();
        let mut student = candidate(Some("student"), Some("N4"));
        student.prefectures = vec!["osaka".into()];
        assert_eq!(
            check(&job, &student),
            (
                VisaFit::Ineligible,
                vec![Gate::Visa, Gate::Japanese, Gate::Location]
            )
        );
        let resident = candidate(Some("permanent_resident"), Some("N2"));
        assert_eq!(check(&job, &resident), (VisaFit::Eligible, vec![]));
    }
}
