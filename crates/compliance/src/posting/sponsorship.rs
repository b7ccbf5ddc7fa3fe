//! Checks group 2: the statuses of residence a posting offers to sponsor, and whether each one
//! may do the posting's category of work. A posting must not promise a status that cannot do the
//! job, so each offered status is judged by its class and, for work statuses, by the category
//! table.

use super::{CategoryState, Posting, PostingFacts, known_status};
use crate::categories::{JobCategory, Permission, category_permits};
use crate::messages::Message;
use crate::messages::sponsorship as text;
use crate::vocab::{StatusClass, status_class};
use crate::{Code, Finding};

/// The field every finding about offered statuses is reported on.
const FIELD: &str = "supportedVisaTypes";

/// Checks group 2; returns the known statuses offered (deduplicated, in input order) when
/// sponsorship is offered.
pub(super) fn check_sponsorship(
    facts: &PostingFacts,
    posting: &Posting,
    out: &mut Vec<Finding>,
) -> Vec<&'static str> {
    check_offer_matches_list(facts, out);
    let sponsored = offered_statuses(facts, posting, out);
    if facts.visa_sponsorship && posting.category == CategoryState::Missing {
        out.push(Finding::new(
            Code::MissingJobCategory,
            "jobCategory",
            text::missing_job_category(),
        ));
    }
    if facts.visa_sponsorship {
        sponsored
    } else {
        Vec::new()
    }
}

/// Sponsorship without statuses, or statuses without sponsorship.
fn check_offer_matches_list(facts: &PostingFacts, out: &mut Vec<Finding>) {
    let types = facts.supported_visa_types;
    if facts.visa_sponsorship && types.is_empty() {
        out.push(Finding::new(
            Code::SponsorshipWithoutVisaTypes,
            FIELD,
            text::sponsorship_without_visa_types(),
        ));
    }
    if !facts.visa_sponsorship && !types.is_empty() {
        out.push(Finding::new(
            Code::VisaTypesWithoutSponsorship,
            "visaSponsorship",
            text::visa_types_without_sponsorship(types.len()),
        ));
    }
}

/// The known statuses listed, deduplicated in input order; each unknown one is reported, and
/// each known one judged when sponsorship is offered.
fn offered_statuses(
    facts: &PostingFacts,
    posting: &Posting,
    out: &mut Vec<Finding>,
) -> Vec<&'static str> {
    let mut sponsored: Vec<&'static str> = Vec::new();
    for raw in facts.supported_visa_types {
        let Some(status) = known_status(raw) else {
            out.push(Finding::new(
                Code::UnknownVisaType,
                FIELD,
                text::unknown_visa_type(raw.trim()),
            ));
            continue;
        };
        if sponsored.contains(&status) {
            continue;
        }
        sponsored.push(status);
        if facts.visa_sponsorship {
            out.extend(judge_offered_status(status, posting.category));
        }
    }
    sponsored
}

/// Whether an employer may offer to sponsor `status` for work in `category`.
fn judge_offered_status(status: &'static str, category: CategoryState) -> Option<Finding> {
    let class = status_class(status).expect("known status has a class");
    let (code, message) = match class {
        StatusClass::NoStatus => (Code::VisaTypeNotAStatus, text::not_a_status(status)),
        StatusClass::Unrestricted if status == "japanese_national" => (
            Code::VisaTypeNotAStatus,
            text::japanese_national_not_a_status(),
        ),
        StatusClass::Unrestricted | StatusClass::WorkingHoliday => (
            Code::VisaTypeNotEmployerSponsored,
            text::not_employer_sponsored(status),
        ),
        StatusClass::TechnicalIntern => (Code::VisaTypeTechnicalIntern, text::technical_intern()),
        StatusClass::StudentOrDependent => (
            Code::VisaTypeNoWorkPermitted,
            text::no_work_permitted(status),
        ),
        StatusClass::DesignatedActivities => (
            Code::VisaTypeNeedsReview,
            text::designated_activities_review(),
        ),
        StatusClass::Work => match category {
            CategoryState::Known(category) => judge_work_status(status, category)?,
            // Without a known category there is nothing to check a work status against.
            CategoryState::Missing | CategoryState::Unknown => return None,
        },
    };
    Some(Finding::new(code, FIELD, message))
}

/// A work status against the category table; nothing when the status may do the work.
fn judge_work_status(status: &'static str, category: &JobCategory) -> Option<(Code, Message)> {
    match category_permits(category.code, status) {
        Permission::Allowed => None,
        Permission::NeedsReview => Some((
            Code::VisaTypeNeedsReview,
            text::category_needs_review(status, category),
        )),
        Permission::NotAllowed => Some((
            Code::VisaTypeCategoryMismatch,
            text::category_mismatch(status, category),
        )),
    }
}
