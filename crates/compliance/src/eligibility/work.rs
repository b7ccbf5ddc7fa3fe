//! Holders of a work status: the category table says whether their status covers the posting's
//! work (and, for Specified Skilled Worker, only in direct full-time employment: part-time
//! work, internships, fewer than 30 hours a week and dispatch outside agriculture and fishery
//! are not). If it does not, they may still take the job through a status the posting sponsors; if
//! their status names their employer, changing employer needs permission first.

use super::sponsorship::category_problem;
use super::{Eligibility, text, via_sponsorship};
use crate::categories::{Permission, category_permits};
use crate::posting::{CategoryState, Posting, PostingFacts, ssw_employment_problem};
use crate::{Code, Finding};

/// Specified Skilled Worker: only direct, full-time employment in the field.
const SSW_STATUSES: &[&str] = &["specified_skilled_worker_i", "specified_skilled_worker_ii"];

/// Statuses whose holders need permission before changing employer.
const EMPLOYER_TIED_STATUSES: &[&str] = &[
    "highly_skilled_professional",
    "specified_skilled_worker_i",
    "specified_skilled_worker_ii",
];

/// A candidate holding the work status `status` against the posting.
pub(super) fn work_status(status: &str, facts: &PostingFacts, posting: &Posting) -> Eligibility {
    let category = match posting.category {
        CategoryState::Known(category) => category,
        state => return Eligibility::no(vec![category_problem(state)]),
    };
    match category_permits(category.code, status) {
        Permission::Allowed => {
            if SSW_STATUSES.contains(&status)
                && let Some(refusal) = ssw_employment_problem(posting)
            {
                return via_sponsorship(status, facts, posting, refusal);
            }
            let mut findings = Vec::new();
            if EMPLOYER_TIED_STATUSES.contains(&status) {
                findings.push(Finding::new(
                    Code::EmployerChangeNeedsPermission,
                    "visaStatus",
                    text::employer_change_needs_permission(status),
                ));
            }
            Eligibility::yes(findings)
        }
        Permission::NeedsReview => Eligibility::yes(vec![Finding::new(
            Code::StatusNeedsReview,
            "jobCategory",
            text::status_needs_review(status, category),
        )]),
        Permission::NotAllowed => via_sponsorship(
            status,
            facts,
            posting,
            Finding::new(
                Code::StatusNotPermittedForCategory,
                "jobCategory",
                text::status_not_permitted_for_category(status, category),
            ),
        ),
    }
}
