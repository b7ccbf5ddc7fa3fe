//! Whether this candidate may lawfully take this offer, and what must happen first: the same
//! rules as the matching gates (`compliance::candidate_eligibility`) and the posting rules
//! (`compliance::check_posting`), applied to the posting as the offer changes it (its salary,
//! employment type and the status of residence the company will sponsor or rely on). Pure.
//!
//! - The company relies on the candidate's current status (it names the status they hold): the
//!   status must cover the work as offered. A work status then needs the change of employer
//!   notified to immigration within 14 days.
//! - The company sponsors another status: the posting is checked as sponsoring it (a category
//!   it may do, the education and pay it needs), and the candidate must be able to reach it;
//!   they need a change of status (in Japan) or a certificate of eligibility (abroad).
//! - The candidate stated no status but declared they may work: the company must check the
//!   residence card before the start date.
//!
//! Any error refuses the offer, with every finding in English and Japanese.

use crate::service::{EmploymentType, PostingData, SalaryPeriod, posting_store};
use async_graphql::Enum;
use compliance::{
    Finding, StatusClass, candidate_eligibility, normalize_visa_status, status_class,
};
use contracts::Currency;
use serde::{Deserialize, Serialize};

/// A step the hire needs before the start date.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisaStep {
    /// The candidate applies for a change of status of residence (在留資格変更許可申請) to
    /// the status offered, before starting.
    ChangeOfStatus,
    /// The company applies for a certificate of eligibility (在留資格認定証明書) for a
    /// candidate abroad; they then get a visa to enter Japan.
    CertificateOfEligibility,
    /// The candidate notifies immigration of the change of employer within 14 days
    /// (所属機関に関する届出).
    NotifyChangeOfAffiliation,
    /// The candidate stated no status: the company checks the residence card (在留カード)
    /// before the start date.
    ConfirmResidenceCard,
}

/// What the offer says about the job, where it differs from the posting.
#[derive(Clone, Debug)]
pub struct OfferTerms {
    pub salary: i64,
    pub salary_period: SalaryPeriod,
    pub currency: Currency,
    pub employment_type: EmploymentType,
    pub weekly_hours: Option<f64>,
    /// A status-of-residence code (normalised by the caller).
    pub status_of_residence: String,
}

/// What jobs knows of the candidate's right to work (copied from their profile).
#[derive(Clone, Debug, Default)]
pub struct CandidateFacts {
    pub visa_status: Option<String>,
    pub work_authorization: bool,
}

/// The verdict on an offer.
#[derive(Debug)]
pub struct OfferCheck {
    /// Every finding, errors and warnings.
    pub findings: Vec<Finding>,
    /// The steps before the start date.
    pub steps: Vec<VisaStep>,
}

impl OfferCheck {
    /// Whether the offer may be sent.
    pub fn lawful(&self) -> bool {
        !compliance::has_errors(&self.findings)
    }
}

/// Checks `terms` for the candidate against the posting `posting`.
pub fn check_offer(
    posting: &PostingData,
    terms: &OfferTerms,
    candidate: &CandidateFacts,
) -> OfferCheck {
    let offered = terms.status_of_residence.as_str();
    let current = candidate
        .visa_status
        .as_deref()
        .map(str::trim)
        .filter(|status| !status.is_empty())
        .and_then(|status| normalize_visa_status(status).ok());
    let relies = current.as_deref() == Some(offered);
    let mut data = posting.clone();
    data.salary_min = Some(terms.salary);
    data.salary_max = Some(terms.salary);
    data.salary_period = terms.salary_period;
    data.currency = terms.currency;
    data.employment_type = terms.employment_type;
    if terms.weekly_hours.is_some() {
        data.weekly_hours = terms.weekly_hours;
    }
    let sponsored = [offered.to_owned()];
    let mut facts = posting_store::compliance_facts(&data);
    let sponsors = !relies && sponsorable(offered);
    facts.visa_sponsorship = sponsors;
    facts.supported_visa_types = if sponsors { &sponsored } else { &[] };
    let mut findings = compliance::check_posting(&facts);
    let mut steps = Vec::new();
    match current {
        // Declared authorised, status unstated: nothing to check it against.
        None if candidate.work_authorization => steps.push(VisaStep::ConfirmResidenceCard),
        current => {
            let current = current.unwrap_or_else(|| "none".to_owned());
            let eligibility = candidate_eligibility(&current, &facts);
            findings.extend(eligibility.findings);
            if eligibility.eligible && eligibility.needs_visa_change {
                steps.push(if current == "none" {
                    VisaStep::CertificateOfEligibility
                } else {
                    VisaStep::ChangeOfStatus
                });
            } else if eligibility.eligible && status_class(&current) == Some(StatusClass::Work) {
                steps.push(VisaStep::NotifyChangeOfAffiliation);
            }
        }
    }
    OfferCheck { findings, steps }
}

/// Whether an employer sponsors `status` (residence-based statuses need no sponsor: relying on
/// them is the only way).
fn sponsorable(status: &str) -> bool {
    matches!(
        status_class(status),
        Some(StatusClass::Work | StatusClass::DesignatedActivities | StatusClass::TechnicalIntern)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::Education;

    fn engineering() -> PostingData {
        PostingData {
            title: "Backend Engineer".into(),
            description: "APIs".into(),
            location: "Tokyo".into(),
            job_category: Some("software_engineering".into()),
            prefecture: Some("tokyo".into()),
            salary_min: Some(6_000_000),
            salary_max: Some(8_000_000),
            education: Some(Education::Bachelor),
            required_skills: vec!["rust".into()],
            visa_sponsorship: true,
            supported_visa_types: vec!["engineer_humanities_international".into()],
            ..PostingData::default()
        }
    }

    fn terms(status: &str) -> OfferTerms {
        OfferTerms {
            salary: 7_000_000,
            salary_period: SalaryPeriod::Yearly,
            currency: Currency::Jpy,
            employment_type: EmploymentType::FullTime,
            weekly_hours: None,
            status_of_residence: status.into(),
        }
    }

    fn holding(status: Option<&str>) -> CandidateFacts {
        CandidateFacts {
            visa_status: status.map(str::to_owned),
            work_authorization: false,
        }
    }

    #[test]
    fn relying_on_a_work_status_that_covers_the_job_needs_a_notification() {
        let status = "engineer_humanities_international";
        let check = check_offer(&engineering(), &terms(status), &holding(Some(status)));
        assert!(check.lawful(), "{:?}", check.findings);
        assert_eq!(check.steps, [VisaStep::NotifyChangeOfAffiliation]);
    }

    #[test]
    fn a_student_is_sponsored_by_a_change_of_status() {
        let check = check_offer(
            &engineering(),
            &terms("engineer_humanities_international"),
            &holding(Some("student")),
        );
        assert!(check.lawful(), "{:?}", check.findings);
        assert_eq!(check.steps, [VisaStep::ChangeOfStatus]);
    }

    #[test]
    fn a_candidate_abroad_needs_a_certificate_of_eligibility() {
        let check = check_offer(
            &engineering(),
            &terms("engineer_humanities_international"),
            &holding(None),
        );
        assert!(check.lawful(), "{:?}", check.findings);
        assert_eq!(check.steps, [VisaStep::CertificateOfEligibility]);
    }

    #[test]
    fn an_unlawful_offer_is_refused_with_findings_in_both_languages() {
        // Relying on a student's status for full-time work.
        let check = check_offer(&engineering(), &terms("student"), &holding(Some("student")));
        assert!(!check.lawful());
        let error = check
            .findings
            .iter()
            .find(|f| f.is_error())
            .expect("an error");
        assert!(!error.message_en.is_empty() && !error.message_ja.is_empty());
        // Sponsoring a care worker status for engineering work.
        let check = check_offer(
            &engineering(),
            &terms("specified_skilled_worker_i"),
            &holding(None),
        );
        assert!(!check.lawful(), "{:?}", check.findings);
        // A salary below the minimum wage.
        let mut low = terms("engineer_humanities_international");
        low.salary = 1_000_000;
        let check = check_offer(
            &engineering(),
            &low,
            &holding(Some("engineer_humanities_international")),
        );
        assert!(
            check
                .findings
                .iter()
                .any(|f| f.code == compliance::Code::BelowMinimumWage),
            "{:?}",
            check.findings
        );
    }

    #[test]
    fn an_unstated_status_with_authorisation_asks_for_the_residence_card() {
        let candidate = CandidateFacts {
            visa_status: None,
            work_authorization: true,
        };
        let check = check_offer(&engineering(), &terms("permanent_resident"), &candidate);
        assert!(check.lawful(), "{:?}", check.findings);
        assert_eq!(check.steps, [VisaStep::ConfirmResidenceCard]);
    }
}
