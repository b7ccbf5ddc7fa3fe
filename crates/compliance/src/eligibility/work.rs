//! Holders of a work status: the category table says whether their status covers the posting's
//! work. If it does not, they may still take the job through a status the posting sponsors; if
//! their status names their employer, changing employer needs permission first.

use super::sponsorship::category_problem;
use super::{Eligibility, text, via_sponsorship};
use crate::categories::{Permission, category_permits};
use crate::posting::{CategoryState, Posting, PostingFacts};
use crate::{Code, Finding};

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
