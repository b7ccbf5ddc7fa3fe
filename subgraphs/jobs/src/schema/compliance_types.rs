//! How the compliance rules' results read in GraphQL.

use async_graphql::{Enum, SimpleObject};

/// How much a compliance finding matters.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ComplianceSeverity {
    /// Blocks publishing.
    Error,
    /// Worth fixing; does not block.
    Warning,
}

/// One rule a posting breaks, or a caution about it.
#[derive(SimpleObject)]
pub struct ComplianceFinding {
    /// Stable, e.g. `BELOW_MINIMUM_WAGE`, `VISA_TYPE_CATEGORY_MISMATCH`.
    pub code: compliance::Code,
    /// `ERROR` blocks publishing; `WARNING` does not.
    pub severity: ComplianceSeverity,
    /// The posting field concerned, e.g. `salaryMin`.
    pub field: String,
    /// In English.
    pub message: String,
    /// In Japanese.
    pub message_ja: String,
}

impl From<compliance::Finding> for ComplianceFinding {
    fn from(finding: compliance::Finding) -> Self {
        Self {
            code: finding.code,
            severity: match finding.severity {
                compliance::Severity::Error => ComplianceSeverity::Error,
                compliance::Severity::Warning => ComplianceSeverity::Warning,
            },
            field: finding.field.to_owned(),
            message: finding.message_en,
            message_ja: finding.message_ja,
        }
    }
}

fn findings(list: Vec<compliance::Finding>) -> Vec<ComplianceFinding> {
    list.into_iter().map(ComplianceFinding::from).collect()
}

/// A posting checked against Japanese immigration and labour rules.
#[derive(SimpleObject)]
pub struct ComplianceReport {
    /// No finding blocks publishing.
    pub publishable: bool,
    /// Every rule the posting breaks and every caution, errors and warnings alike; empty when
    /// the posting is fine.
    pub findings: Vec<ComplianceFinding>,
}

impl From<Vec<compliance::Finding>> for ComplianceReport {
    fn from(list: Vec<compliance::Finding>) -> Self {
        Self {
            publishable: !compliance::has_errors(&list),
            findings: findings(list),
        }
    }
}

/// Whether a holder of a status of residence may do a posting's work.
#[derive(SimpleObject)]
pub struct VisaEligibility {
    /// The holder may take the job, possibly only after a change of status (see
    /// `needsVisaChange`) and subject to any warnings in `findings`.
    pub eligible: bool,
    /// Only with a different status, which the posting sponsors.
    pub needs_visa_change: bool,
    /// Why: the rules that apply, as errors (not eligible) or warnings.
    pub findings: Vec<ComplianceFinding>,
}

impl From<compliance::Eligibility> for VisaEligibility {
    fn from(eligibility: compliance::Eligibility) -> Self {
        Self {
            eligible: eligibility.eligible,
            needs_visa_change: eligibility.needs_visa_change,
            findings: findings(eligibility.findings),
        }
    }
}

/// A kind of work, as the compliance rules judge which statuses of residence may do it.
#[derive(SimpleObject)]
pub struct JobCategory {
    /// The category's code, e.g. `nursing_care`.
    pub code: contracts::JobCategoryCode,
    /// The English name, e.g. `Software engineering`.
    pub name: &'static str,
    /// The Japanese name, e.g. `ソフトウェア開発`.
    pub name_ja: &'static str,
}

pub fn job_categories() -> Vec<JobCategory> {
    compliance::JOB_CATEGORIES
        .iter()
        .filter_map(|category| {
            Some(JobCategory {
                code: contracts::JobCategoryCode::parse(category.code)?,
                name: category.label_en,
                name_ja: category.label_ja,
            })
        })
        .collect()
}
