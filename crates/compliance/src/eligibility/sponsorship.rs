//! The way into a job the candidate's own status does not cover: a different status that the
//! posting sponsors and that may do the work. Kept apart from the status rules because every one
//! of them falls back on it with its own refusal.

use super::{Eligibility, text};
use crate::categories::{JobCategory, Permission, category_permits};
use crate::posting::{CategoryState, Posting, PostingFacts, known_status};
use crate::vocab::{StatusClass, status_class};
use crate::{Code, Finding};

/// Why the candidate's status cannot be checked against the posting's category.
pub(super) fn category_problem(state: CategoryState) -> Finding {
    if state == CategoryState::Unknown {
        Finding::new(
            Code::UnknownJobCategory,
            "jobCategory",
            text::unknown_job_category(),
        )
    } else {
        Finding::new(
            Code::MissingJobCategory,
            "jobCategory",
            text::missing_job_category(),
        )
    }
}

/// The candidate's own status does not cover the job: eligible only if the posting sponsors a
/// status that does.
pub(super) fn via_sponsorship(
    current: &str,
    facts: &PostingFacts,
    posting: &Posting,
    refusal: Finding,
) -> Eligibility {
    if !facts.visa_sponsorship {
        return Eligibility::no(vec![refusal]);
    }
    let category = match posting.category {
        CategoryState::Known(category) => category,
        state => return Eligibility::no(vec![refusal, category_problem(state)]),
    };
    let (fit, review) = sponsored_target(facts.supported_visa_types, category);
    let Some(target) = fit.or(review) else {
        return Eligibility::no(vec![refusal]);
    };
    let change = if current == "none" {
        text::visa_needed(target)
    } else {
        text::visa_change(current, target)
    };
    let mut findings = vec![Finding::new(
        Code::VisaChangeRequired,
        "supportedVisaTypes",
        change,
    )];
    if fit.is_none() {
        findings.push(Finding::new(
            Code::StatusNeedsReview,
            "jobCategory",
            text::status_needs_review(target, category),
        ));
    }
    Eligibility {
        eligible: true,
        needs_visa_change: true,
        findings,
    }
}

/// The first sponsored work status that may do `category`'s work, and the first whose fit needs
/// review.
fn sponsored_target(
    offered: &[String],
    category: &JobCategory,
) -> (Option<&'static str>, Option<&'static str>) {
    let mut review = None;
    for raw in offered {
        let Some(status) = known_status(raw) else {
            continue;
        };
        if status_class(status) != Some(StatusClass::Work) {
            continue;
        }
        match category_permits(category.code, status) {
            Permission::Allowed => return (Some(status), review),
            Permission::NeedsReview => review = review.or(Some(status)),
            Permission::NotAllowed => {}
        }
    }
    (None, review)
}
