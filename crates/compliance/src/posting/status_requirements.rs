//! Checks group 4: what particular sponsored statuses require of the job — a degree or long
//! experience for the professional statuses, a minimum yearly salary for Highly Skilled
//! Professional, direct full-time employment and some Japanese for Specified Skilled Worker.
//! Immigration refuses a sponsorship whose job does not meet them, so a posting must not offer
//! one; each status's requirement is its own rule.

use super::pay::{Pay, hours_per_period};
use super::{CategoryState, Posting, PostingFacts, SalaryPeriod};
use crate::messages::requirements as text;
use crate::{Code, Finding};

/// Yearly salary below which Highly Skilled Professional is not granted.
const HSP_MIN_YEARLY_SALARY_YEN: i64 = 3_000_000;

/// Education levels that count as university graduation for the professional statuses.
const DEGREES: &[&str] = &["associate", "bachelor", "master", "doctorate"];

/// Statuses whose sponsorship needs a degree or long experience.
const DEGREE_STATUSES: &[&str] = &[
    "engineer_humanities_international",
    "highly_skilled_professional",
    "professor",
    "researcher",
];

/// Categories where 3 years of experience replace a degree.
const SHORT_EXPERIENCE_CATEGORIES: &[&str] = &["translation_interpretation", "language_teaching"];

/// Checks group 4, for the statuses a sponsoring posting offers.
pub(super) fn check_status_requirements(
    facts: &PostingFacts,
    posting: &Posting,
    sponsored: &[&'static str],
    pay: Option<Pay>,
    out: &mut Vec<Finding>,
) {
    check_education(facts, posting, sponsored, out);
    if sponsored.contains(&"highly_skilled_professional") {
        check_hsp_salary(facts, posting, pay, out);
    }
    let ssw_i = sponsored.contains(&"specified_skilled_worker_i");
    let ssw_ii = sponsored.contains(&"specified_skilled_worker_ii");
    if ssw_i || ssw_ii {
        check_ssw_employment(posting, out);
    }
    if ssw_i {
        check_ssw_japanese(posting, out);
    }
}

/// The professional statuses need a degree, or 10 years of experience (3 in some categories).
fn check_education(
    facts: &PostingFacts,
    posting: &Posting,
    sponsored: &[&'static str],
    out: &mut Vec<Finding>,
) {
    let degree_statuses: Vec<_> = sponsored
        .iter()
        .copied()
        .filter(|s| DEGREE_STATUSES.contains(s))
        .collect();
    if degree_statuses.is_empty() || posting.education_unknown {
        return;
    }
    let short = matches!(posting.category, CategoryState::Known(c)
        if SHORT_EXPERIENCE_CATEGORIES.contains(&c.code));
    let needed_years = if short { 3 } else { 10 };
    let years = facts.min_experience_years;
    let has_degree = posting.education.is_some_and(|e| DEGREES.contains(&e));
    if has_degree || years >= needed_years {
        return;
    }
    let level = posting.education;
    out.push(if level == Some("vocational") {
        Finding::new(
            Code::EducationNeedsReview,
            "education",
            text::education_needs_review(&degree_statuses, needed_years),
        )
    } else {
        Finding::new(
            Code::EducationRequirementTooLow,
            "education",
            text::education_too_low(&degree_statuses, needed_years, level, years),
        )
    });
}

/// Highly Skilled Professional needs a yearly salary of at least ¥3,000,000 (checked in yen only).
fn check_hsp_salary(
    facts: &PostingFacts,
    posting: &Posting,
    pay: Option<Pay>,
    out: &mut Vec<Finding>,
) {
    let Some(pay) = pay.filter(|p| p.is_yen) else {
        return;
    };
    let period = facts.salary_period;
    let amount = pay.amount as f64;
    let yearly = match period {
        SalaryPeriod::Hourly => posting
            .weekly_hours
            .map(|h| amount * hours_per_period(SalaryPeriod::Yearly, f64::from(h))),
        SalaryPeriod::Monthly => Some(amount * 12.0),
        SalaryPeriod::Yearly => Some(amount),
    };
    if let Some(yearly) = yearly
        && yearly < HSP_MIN_YEARLY_SALARY_YEN as f64
    {
        out.push(Finding::new(
            Code::HspSalaryTooLow,
            pay.field,
            text::hsp_salary_too_low(pay.amount, period, yearly, HSP_MIN_YEARLY_SALARY_YEN),
        ));
    }
}

/// Specified Skilled Worker needs direct, full-time employment; `contract` may or may not be.
fn check_ssw_employment(posting: &Posting, out: &mut Vec<Finding>) {
    if posting.employment_type == Some("contract") {
        out.push(Finding::new(
            Code::SswContractNeedsReview,
            "employmentType",
            text::ssw_contract_needs_review(),
        ));
    }
    out.extend(ssw_employment_problem(posting));
}

/// Fields of Specified Skilled Worker where the worker may be dispatched (派遣) to the
/// workplace: seasonal work moves between farms and boats.
pub(crate) const SSW_DISPATCH_FIELDS: &[&str] = &["agriculture", "fishery"];

/// The least weekly hours that count as full-time for Specified Skilled Worker (the operating
/// guidelines: at least 30 hours and five days a week).
pub(crate) const SSW_MIN_WEEKLY_HOURS: f32 = 30.0;

/// Why a Specified Skilled Worker may not do this job's kind of employment: part-time work, an
/// internship, dispatch outside agriculture and fishery, or fewer than 30 hours a week.
pub(crate) fn ssw_employment_problem(posting: &Posting) -> Option<Finding> {
    let dispatch_allowed = matches!(posting.category, CategoryState::Known(category)
        if SSW_DISPATCH_FIELDS.contains(&category.code));
    match posting.employment_type {
        Some("part_time" | "internship") => {}
        Some("temporary") if !dispatch_allowed => {}
        _ => {
            return posting
                .weekly_hours
                .filter(|hours| *hours < SSW_MIN_WEEKLY_HOURS)
                .map(|hours| {
                    Finding::new(
                        Code::SswNotFullTime,
                        "weeklyHours",
                        text::ssw_hours_not_full_time(hours),
                    )
                });
        }
    }
    let kind = posting.employment_type.unwrap_or("temporary");
    Some(Finding::new(
        Code::SswNotFullTime,
        "employmentType",
        text::ssw_not_full_time(kind),
    ))
}

/// Specified Skilled Worker (i) needs JLPT N4 or the JFT-Basic test.
fn check_ssw_japanese(posting: &Posting, out: &mut Vec<Finding>) {
    if matches!(posting.jlpt, None | Some("N5")) {
        let asked = posting.jlpt.unwrap_or("none");
        out.push(Finding::new(
            Code::SswJapaneseLevel,
            "jlptRequired",
            text::ssw_japanese_level(asked),
        ));
    }
}
