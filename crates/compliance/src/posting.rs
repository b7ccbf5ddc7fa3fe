//! The checks a job posting must pass before it is published.
//!
//! A posting is an offer the platform shows to people who may move countries for it, so it must
//! not promise what the law does not allow. The checks fall into five groups, reported in this
//! order so that the same posting always yields the same list:
//!
//! 1. values that could not be read (unknown category, prefecture, level, ...);
//! 2. sponsorship: which statuses of residence the posting offers, and whether each one may do
//!    the posting's category of work;
//! 3. pay: the salary against the prefecture's minimum wage, and the presence of a salary where
//!    immigration needs one;
//! 4. what particular sponsored statuses require of the job (education or experience, pay,
//!    full-time employment, Japanese ability);
//! 5. whether the posting can be read in Japanese.
//!
//! Groups 1 to 4 each have a submodule (`values`, `sponsorship`, `pay`, `status_requirements`);
//! the text of every finding is in `crate::messages`.
//!
//! Simplifications:
//!
//! * Monthly and yearly salaries are converted to an hourly rate with the posting's weekly hours
//!   and 52 weeks a year (monthly = hourly × hours × 52 / 12). The Minimum Wage Act divides by the
//!   actual scheduled hours and excludes allowances; a posting does not carry those details.
//! * The education rule for sponsored Engineer/Specialist in Humanities/International Services,
//!   Highly Skilled Professional, Professor and Researcher accepts an associate degree or higher
//!   (a junior-college graduate counts as a university graduate for these statuses) or 10 years of
//!   experience (3 for translation, interpretation and language teaching). A vocational diploma
//!   counts only if it is a Japanese one (専門士), which a posting cannot say, so it is flagged for
//!   review. The Highly Skilled Professional points system and the finer academic rules of the
//!   other statuses are not modelled.
//! * Specified Skilled Worker needs direct, full-time employment. `contract` (a fixed-term
//!   employee) can be that or can be freelance work, so it is flagged rather than blocked. The
//!   Japanese-language warning is given for SSW (i) only: SSW (ii) holders have already met it.

mod pay;
mod sponsorship;
mod status_requirements;
mod values;

pub(crate) use status_requirements::ssw_employment_problem;

use serde::{Deserialize, Serialize};

use crate::categories::{JobCategory, job_category};
use crate::messages::requirements as text;
use crate::minimum_wage::{MinimumWageTable, embedded_minimum_wages};
use crate::prefectures::Prefecture;
use crate::vocab::{VISA_STATUSES, normalize_code, normalize_job_category};
use crate::{Code, Finding};

/// Weekly hours assumed for a full-time posting that does not state its hours.
pub const DEFAULT_FULL_TIME_WEEKLY_HOURS: f32 = 40.0;

/// Weekly hours above which a value is surely an input error.
const MAX_WEEKLY_HOURS: f32 = 168.0;

/// What period a posting's salary figures are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SalaryPeriod {
    Hourly,
    Monthly,
    /// The platform's original unit: postings stored before periods existed are yearly.
    #[default]
    Yearly,
}

impl SalaryPeriod {
    /// Parse a stored period (`hourly`, `monthly`, `yearly`; case-insensitive).
    pub fn from_code(raw: &str) -> Option<Self> {
        match normalize_code(raw).as_str() {
            "hourly" => Some(Self::Hourly),
            "monthly" => Some(Self::Monthly),
            "yearly" => Some(Self::Yearly),
            _ => None,
        }
    }

    /// The stored name.
    pub fn code(self) -> &'static str {
        match self {
            Self::Hourly => "hourly",
            Self::Monthly => "monthly",
            Self::Yearly => "yearly",
        }
    }
}

/// The facts about a posting that the rules look at.
///
/// String fields hold the stored codes; they are normalised (trimmed, lower-cased, `-` and spaces
/// to `_`) before use, and a blank optional value counts as absent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PostingFacts<'a> {
    pub job_category: Option<&'a str>,
    /// `full_time`, `part_time`, `contract`, `internship` or `temporary`.
    pub employment_type: &'a str,
    /// Prefecture code; `None` when fully remote without one.
    pub prefecture: Option<&'a str>,
    /// `none`, `hybrid` or `full`.
    pub remote_option: &'a str,
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    pub salary_period: SalaryPeriod,
    /// `JPY` is checked against the minimum wage; other currencies cannot be.
    pub currency: &'a str,
    /// Scheduled weekly hours; [`DEFAULT_FULL_TIME_WEEKLY_HOURS`] for full-time when `None`.
    pub weekly_hours: Option<f32>,
    pub visa_sponsorship: bool,
    pub supported_visa_types: &'a [String],
    /// One of [`EDUCATION_LEVELS`].
    pub education: Option<&'a str>,
    pub min_experience_years: i32,
    /// `N1` to `N5`.
    pub jlpt_required: Option<&'a str>,
    /// Whether `titleJa` or `descriptionJa` is present.
    pub has_japanese_text: bool,
}

impl Default for PostingFacts<'_> {
    /// A full-time, on-site, yen-paid posting with nothing else stated.
    fn default() -> Self {
        Self {
            job_category: None,
            employment_type: "full_time",
            prefecture: None,
            remote_option: "none",
            salary_min: None,
            salary_max: None,
            salary_period: SalaryPeriod::Yearly,
            currency: "JPY",
            weekly_hours: None,
            visa_sponsorship: false,
            supported_visa_types: &[],
            education: None,
            min_experience_years: 0,
            jlpt_required: None,
            has_japanese_text: false,
        }
    }
}

/// Check a posting against the embedded rules and minimum wage table.
///
/// Findings come in a fixed order (see the module documentation); a posting with no finding of
/// [`crate::Severity::Error`] may be published.
pub fn check_posting(facts: &PostingFacts) -> Vec<Finding> {
    check_posting_with(facts, embedded_minimum_wages())
}

/// [`check_posting`] with a minimum wage table of the caller's choosing, e.g. a newer fiscal year.
pub fn check_posting_with(facts: &PostingFacts, wages: &MinimumWageTable) -> Vec<Finding> {
    let mut out = Vec::new();
    let posting = values::read_values(facts, &mut out);
    let sponsored = sponsorship::check_sponsorship(facts, &posting, &mut out);
    let pay = pay::check_pay(facts, &posting, wages, &mut out);
    if facts.visa_sponsorship {
        status_requirements::check_status_requirements(facts, &posting, &sponsored, pay, &mut out);
        check_japanese_text(facts, &mut out);
    }
    out
}

/// Checks group 5, for a sponsoring posting.
fn check_japanese_text(facts: &PostingFacts, out: &mut Vec<Finding>) {
    if !facts.has_japanese_text {
        out.push(Finding::new(
            Code::MissingJapaneseText,
            "descriptionJa",
            text::missing_japanese_text(),
        ));
    }
}

/// Whether the job category is absent, unreadable, or known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CategoryState {
    Missing,
    Unknown,
    Known(&'static JobCategory),
}

impl CategoryState {
    pub(crate) fn read(raw: Option<&str>) -> Self {
        match present(raw) {
            None => Self::Missing,
            Some(raw) => match normalize_job_category(raw) {
                Ok(code) => job_category(code).map_or(Self::Unknown, Self::Known),
                Err(_) => Self::Unknown,
            },
        }
    }
}

/// The posting's values, normalised.
pub(crate) struct Posting {
    pub category: CategoryState,
    pub employment_type: Option<&'static str>,
    pub remote_option: Option<&'static str>,
    pub prefecture: Option<&'static Prefecture>,
    pub education: Option<&'static str>,
    pub education_unknown: bool,
    pub jlpt: Option<&'static str>,
    /// Stated valid weekly hours, or the full-time default.
    pub weekly_hours: Option<f32>,
}

fn present(raw: Option<&str>) -> Option<&str> {
    raw.filter(|s| !s.trim().is_empty())
}

/// The stored code of a known status, or `None`.
pub(crate) fn known_status(raw: &str) -> Option<&'static str> {
    let code = normalize_code(raw);
    VISA_STATUSES.iter().copied().find(|s| *s == code)
}

pub(crate) fn valid_weekly_hours(h: f32) -> bool {
    h.is_finite() && h > 0.0 && h <= MAX_WEEKLY_HOURS
}

/// Normalise without reporting; used by candidate eligibility.
pub(crate) fn normalize_posting(facts: &PostingFacts) -> Posting {
    values::read_values(facts, &mut Vec::new())
}

/// The severity of findings with `code`, for tests.
#[cfg(test)]
pub(crate) fn severity_of(findings: &[Finding], code: Code) -> Option<crate::Severity> {
    findings.iter().find(|f| f.code == code).map(|f| f.severity)
}

#[cfg(test)]
mod tests;
