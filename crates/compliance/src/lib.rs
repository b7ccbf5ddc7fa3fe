//! Japanese immigration and labour checks for job postings and candidates.
//!
//! A job board that connects foreign candidates with employers in Japan must not publish a
//! posting that promises something the law does not allow: sponsoring a status of residence that
//! cannot do the advertised work, paying below the prefecture's minimum wage, or offering
//! Specified Skilled Worker sponsorship for part-time work. Candidates, in turn, need to know
//! before they apply whether their current status lets them take the job, or whether they would
//! need the employer to sponsor a new one.
//!
//! This crate answers both questions without any I/O:
//!
//! * [`check_posting`] lists every [`Finding`] about a posting. A finding of [`Severity::Error`]
//!   blocks publishing; a [`Severity::Warning`] is shown to the employer but does not.
//! * [`candidate_eligibility`] says whether a candidate holding a given status of residence may
//!   do a posting's work, and whether a change of status would be needed.
//!
//! The rule tables that change with policy — which statuses may do which job category, and each
//! prefecture's minimum wage — are data files under `data/`, embedded at build time, so a policy
//! update is a data change with its own test rather than a code change. A newer minimum wage
//! table can also be passed in at run time with [`check_posting_with`].
//!
//! The checks are a first line of defence, not legal advice: they stop postings that are plainly
//! unlawful and flag the ones that need a person to look, and every simplification is written
//! down next to the rule that makes it.

#![forbid(unsafe_code)]

mod categories;
pub mod codes;
mod eligibility;
mod format;
mod minimum_wage;
mod posting;
mod prefectures;
mod vocab;

use serde::Serialize;

pub use categories::{CategoryKind, JOB_CATEGORIES, JobCategory, Permission, category_permits};
pub use eligibility::{Eligibility, candidate_eligibility};
pub use minimum_wage::{
    MinimumWage, MinimumWageTable, embedded_minimum_wages, minimum_hourly_wage,
};
pub use posting::{
    DEFAULT_FULL_TIME_WEEKLY_HOURS, PostingFacts, SalaryPeriod, check_posting, check_posting_with,
};
pub use prefectures::{PREFECTURES, Prefecture, find_prefecture};
pub use vocab::{
    EDUCATION_LEVELS, EMPLOYMENT_TYPES, JLPT_LEVELS, REMOTE_OPTIONS, StatusClass, VISA_STATUSES,
    VisaStatusLabel, normalize_job_category, normalize_visa_status, status_class,
    visa_status_label,
};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The posting must not be published (or the candidate cannot take the job) as it stands.
    Error,
    /// Worth telling the employer or candidate, but not a reason to block.
    Warning,
}

/// One problem found in a posting or in a candidate's fit for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable machine-readable code; see [`codes`].
    pub code: &'static str,
    pub severity: Severity,
    /// The GraphQL field the finding concerns, e.g. `salaryMin` or `supportedVisaTypes`.
    pub field: &'static str,
    pub message_en: String,
    pub message_ja: String,
}

impl Finding {
    pub(crate) fn error(
        code: &'static str,
        field: &'static str,
        message_en: String,
        message_ja: String,
    ) -> Self {
        Self {
            code,
            severity: Severity::Error,
            field,
            message_en,
            message_ja,
        }
    }

    pub(crate) fn warning(
        code: &'static str,
        field: &'static str,
        message_en: String,
        message_ja: String,
    ) -> Self {
        Self {
            code,
            severity: Severity::Warning,
            field,
            message_en,
            message_ja,
        }
    }

    /// Whether this finding blocks publishing.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether any finding blocks publishing.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(Finding::is_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_errors_only_counts_errors() {
        let warning = Finding::warning("W", "f", "w".into(), "w".into());
        let error = Finding::error("E", "f", "e".into(), "e".into());
        assert!(!has_errors(&[]));
        assert!(!has_errors(std::slice::from_ref(&warning)));
        assert!(has_errors(&[warning, error]));
    }

    #[test]
    fn findings_serialize_for_the_api() {
        let finding = Finding::error("CODE", "salaryMin", "en".into(), "ja".into());
        let json = serde_json::to_value(&finding).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "CODE",
                "severity": "error",
                "field": "salaryMin",
                "messageEn": "en",
                "messageJa": "ja",
            })
        );
    }
}
