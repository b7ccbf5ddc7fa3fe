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
mod messages;
mod minimum_wage;
mod posting;
mod prefectures;
mod vocab;

use serde::Serialize;

use crate::messages::Message;

pub use categories::{CategoryKind, JOB_CATEGORIES, JobCategory, Permission, category_permits};
pub use codes::Code;
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
    /// Stable machine-readable code; serialised as its string, e.g. `BELOW_MINIMUM_WAGE`.
    pub code: Code,
    /// Always `code.severity()`.
    pub severity: Severity,
    /// The GraphQL field the finding concerns, e.g. `salaryMin` or `supportedVisaTypes`; one of
    /// `code.fields()`.
    pub field: &'static str,
    pub message_en: String,
    pub message_ja: String,
}

impl Finding {
    /// A finding with `code` on `field`: the severity is the code's own, and the field must be
    /// one the code is documented with.
    pub(crate) fn new(code: Code, field: &'static str, message: Message) -> Self {
        debug_assert!(
            code.fields().contains(&field),
            "{code} is not reported on {field}"
        );
        Self {
            code,
            severity: code.severity(),
            field,
            message_en: message.en,
            message_ja: message.ja,
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
        let warning = Finding::new(Code::CurrencyNotChecked, "currency", Message::new("w", "w"));
        let error = Finding::new(Code::InvalidSalary, "salaryMax", Message::new("e", "e"));
        assert!(!has_errors(&[]));
        assert!(!has_errors(std::slice::from_ref(&warning)));
        assert!(has_errors(&[warning, error]));
    }

    #[test]
    fn findings_serialize_for_the_api() {
        let finding = Finding::new(
            Code::BelowMinimumWage,
            "salaryMin",
            Message::new("en", "ja"),
        );
        let json = serde_json::to_value(&finding).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "BELOW_MINIMUM_WAGE",
                "severity": "error",
                "field": "salaryMin",
                "messageEn": "en",
                "messageJa": "ja",
            })
        );
    }

    #[test]
    fn findings_take_the_severity_of_their_code() {
        for &code in Code::ALL {
            for &field in code.fields() {
                let finding = Finding::new(code, field, Message::new("en", "ja"));
                assert_eq!(finding.severity, code.severity(), "{code}");
                assert_eq!(finding.is_error(), code.severity() == Severity::Error);
            }
        }
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "is not reported on")]
    fn findings_refuse_a_field_their_code_is_not_reported_on() {
        Finding::new(Code::BelowMinimumWage, "currency", Message::new("en", "ja"));
    }
}
