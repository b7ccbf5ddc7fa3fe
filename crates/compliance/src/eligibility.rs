//! Whether a candidate's status of residence lets them take a posting's job.
//!
//! Applying for a job one cannot lawfully do wastes the candidate's and the employer's time, and
//! working outside one's status is an offence for the worker and the employer alike. So the
//! platform tells candidates, before they apply, whether their current status covers the work,
//! or whether they could take it only by changing to a status the posting sponsors.
//!
//! Simplifications:
//!
//! * Students and dependents are eligible for part-time work of at most 28 hours a week (the limit
//!   of permission for activity outside status); the longer allowance during a school's long
//!   holidays is not modelled, and the 28 hours cover all jobs together, which a single posting
//!   cannot see.
//! * `needs_visa_change` means a *different* status of residence. Holders of Specified Skilled
//!   Worker and Highly Skilled Professional keep their status when they change employer but need
//!   permission for it first; that is reported as a warning, not as a visa change.
//! * Technical interns are never eligible, even for a sponsored Specified Skilled Worker posting:
//!   moving on from an internship is arranged through the training programme, not a job board.

mod sponsorship;
mod student;
mod work;

use serde::Serialize;

use crate::messages::eligibility as text;
use crate::posting::{PostingFacts, normalize_posting};
use crate::vocab::{StatusClass, normalize_visa_status, status_class};
use crate::{Code, Finding};

use sponsorship::via_sponsorship;

/// The answer to "may this candidate take this job?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Eligibility {
    /// The candidate may take the job, possibly after a change of status (see
    /// `needs_visa_change`) and subject to any warnings.
    pub eligible: bool,
    /// The candidate can take the job only by obtaining a different status of residence, which
    /// the posting sponsors.
    pub needs_visa_change: bool,
    /// Why, in the same form as posting findings.
    pub findings: Vec<Finding>,
}

impl Eligibility {
    fn yes(findings: Vec<Finding>) -> Self {
        Self {
            eligible: true,
            needs_visa_change: false,
            findings,
        }
    }

    fn no(findings: Vec<Finding>) -> Self {
        Self {
            eligible: false,
            needs_visa_change: false,
            findings,
        }
    }
}

/// Whether a candidate holding `visa_status` may do the work of the posting described by `facts`.
pub fn candidate_eligibility(visa_status: &str, facts: &PostingFacts) -> Eligibility {
    let Ok(status) = normalize_visa_status(visa_status) else {
        return Eligibility::no(vec![Finding::new(
            Code::UnknownVisaStatus,
            "visaStatus",
            text::unknown_visa_status(visa_status.trim()),
        )]);
    };
    let status = status.as_str();
    let posting = normalize_posting(facts);
    match status_class(status).expect("known status has a class") {
        StatusClass::Unrestricted => Eligibility::yes(Vec::new()),
        StatusClass::WorkingHoliday => Eligibility::yes(vec![Finding::new(
            Code::WorkingHolidayTemporary,
            "visaStatus",
            text::working_holiday_temporary(),
        )]),
        StatusClass::DesignatedActivities => Eligibility::yes(vec![Finding::new(
            Code::DesignatedActivitiesReview,
            "visaStatus",
            text::designated_activities_review(),
        )]),
        StatusClass::TechnicalIntern => Eligibility::no(vec![Finding::new(
            Code::TechnicalInternNotHireable,
            "visaStatus",
            text::technical_intern_not_hireable(),
        )]),
        StatusClass::StudentOrDependent => student::student_or_dependent(status, facts, &posting),
        StatusClass::NoStatus => via_sponsorship(
            status,
            facts,
            &posting,
            Finding::new(
                Code::NoStatusWithoutSponsorship,
                "visaSponsorship",
                text::no_status_without_sponsorship(),
            ),
        ),
        StatusClass::Work => work::work_status(status, facts, &posting),
    }
}

#[cfg(test)]
mod tests;
