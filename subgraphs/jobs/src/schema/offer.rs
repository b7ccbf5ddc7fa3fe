//! `Offer` and its operations: the company's employers and HR managers make an offer on an
//! application in `INTERVIEW` (checked against the visa and labour rules for this candidate
//! before it is sent: `COMPLIANCE_FAILED` with the findings when they cannot lawfully take it),
//! and the candidate accepts (`HIRED`) or declines it.

use super::application::Application;
use super::compliance_types::ComplianceFinding;
use super::viewer::editor;
use crate::service::offers::{OfferRequest, OfferTerms, VisaStep};
use crate::service::{EmploymentType, JobsService, SalaryPeriod, stored_list};
use async_graphql::{Context, Enum, ID, InputObject, Object, Result};
use chrono::{DateTime, NaiveDate, Utc};
use contracts::Currency;
use entities::jobs::job_offer;
use kit::ApiError;
use kit::auth::{Authenticated, Caller, CallerOf};
use kit::ids::parse_id;

/// Where an offer stands.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferStatus {
    /// Sent; the candidate has not answered.
    Pending,
    /// The candidate accepted: the application is `HIRED`.
    Accepted,
    /// The candidate declined: the company may make another offer.
    Declined,
}

/// An offer made on an application: the terms, the status of residence the company sponsors
/// or relies on, and the visa steps the hire needs.
pub struct Offer(pub job_offer::Model);

/// An offer made on an application: the terms, the status of residence the company sponsors
/// or relies on, and the visa steps the hire needs.
#[Object]
impl Offer {
    /// The offer's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Where it stands.
    async fn status(&self) -> OfferStatus {
        match self.0.status.as_str() {
            "accepted" => OfferStatus::Accepted,
            "declined" => OfferStatus::Declined,
            _ => OfferStatus::Pending,
        }
    }

    /// The application it was made on.
    async fn application_id(&self) -> ID {
        ID(self.0.application_id.to_string())
    }

    /// The salary offered, per `salaryPeriod`.
    async fn salary(&self) -> i64 {
        self.0.salary
    }

    /// What `salary` is per.
    async fn salary_period(&self) -> SalaryPeriod {
        SalaryPeriod::parse(&self.0.salary_period).unwrap_or(SalaryPeriod::Yearly)
    }

    /// The salary's currency.
    async fn currency(&self) -> Currency {
        Currency::parse(&self.0.currency).unwrap_or_default()
    }

    /// How the candidate is employed.
    async fn employment_type(&self) -> EmploymentType {
        EmploymentType::parse(&self.0.employment_type).unwrap_or(EmploymentType::FullTime)
    }

    /// Scheduled hours a week, when the offer says.
    async fn weekly_hours(&self) -> Option<f64> {
        self.0.weekly_hours
    }

    /// When the job starts.
    async fn start_date(&self) -> NaiveDate {
        self.0.start_date
    }

    /// The status of residence (在留資格) the company sponsors or relies on, e.g.
    /// `engineer_humanities_international`.
    async fn status_of_residence(&self) -> &str {
        &self.0.status_of_residence
    }

    /// What must happen before the start date (a change of status, a certificate of
    /// eligibility, a notification).
    async fn visa_steps(&self) -> Vec<VisaStep> {
        stored_list(&Some(self.0.visa_steps.clone()))
    }

    /// The cautions of the visa and labour check, in English and Japanese (an offer with an
    /// error is never sent).
    async fn findings(&self) -> Vec<ComplianceFinding> {
        stored_findings(&self.0.findings)
    }

    /// The company's words to the candidate.
    async fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    /// The candidate's words with their answer.
    async fn response_message(&self) -> Option<&str> {
        self.0.response_message.as_deref()
    }

    /// When it was made.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When the candidate answered.
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.0.answered_at
    }
}

/// The stored findings (`compliance::Finding` as JSON) as the schema shows them.
fn stored_findings(stored: &serde_json::Value) -> Vec<ComplianceFinding> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Stored {
        code: String,
        severity: String,
        field: String,
        message_en: String,
        message_ja: String,
    }
    stored_list::<Stored>(&Some(stored.clone()))
        .into_iter()
        .filter_map(|finding| {
            Some(ComplianceFinding {
                code: compliance::Code::parse(&finding.code)?,
                severity: if finding.severity == "error" {
                    super::compliance_types::ComplianceSeverity::Error
                } else {
                    super::compliance_types::ComplianceSeverity::Warning
                },
                field: finding.field,
                message: finding.message_en,
                message_ja: finding.message_ja,
            })
        })
        .collect()
}

/// An offer as the company makes it.
#[derive(InputObject)]
pub struct MakeOfferInput {
    /// The salary, more than 0, per `salaryPeriod`; checked against the minimum wage and the
    /// pay the status of residence needs.
    pub salary: i64,
    /// What `salary` is per; default `YEARLY`.
    #[graphql(default_with = "SalaryPeriod::Yearly")]
    pub salary_period: SalaryPeriod,
    /// The salary's currency; default `JPY`.
    #[graphql(default_with = "Currency::Jpy")]
    pub currency: Currency,
    /// How the candidate is employed; default `FULL_TIME`.
    #[graphql(default_with = "EmploymentType::FullTime")]
    pub employment_type: EmploymentType,
    /// Scheduled hours a week, when they differ from the posting's.
    pub weekly_hours: Option<f64>,
    /// When the job starts; not in the past.
    pub start_date: NaiveDate,
    /// The status of residence (在留資格) the company will sponsor, or the candidate's own that
    /// it relies on, e.g. `engineer_humanities_international`.
    pub status_of_residence: String,
    /// Words to the candidate, at most 2,000 characters.
    pub message: Option<String>,
}

#[derive(Default)]
pub struct OfferMutations;

#[Object]
impl OfferMutations {
    /// Makes an offer on an application in `INTERVIEW` (or in `OFFER` after the candidate
    /// declined the last one), as the company's employer or HR manager (recruiters:
    /// `FORBIDDEN`). The candidate is checked against the job as offered: an offer they cannot
    /// lawfully take is `COMPLIANCE_FAILED` with `extensions.findings` in English and
    /// Japanese; otherwise `visaSteps` says what the hire needs. The application moves to
    /// `OFFER`.
    #[graphql(guard = "Authenticated")]
    async fn make_offer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The application's id.")] application_id: ID,
        #[graphql(desc = "The terms.")] input: MakeOfferInput,
    ) -> Result<Offer> {
        let request = OfferRequest {
            terms: OfferTerms {
                salary: input.salary,
                salary_period: input.salary_period,
                currency: input.currency,
                employment_type: input.employment_type,
                weekly_hours: input.weekly_hours,
                status_of_residence: input.status_of_residence,
            },
            start_date: input.start_date,
            message: input.message,
        };
        let offer = ctx
            .data::<JobsService>()?
            .make_offer(
                editor(ctx)?,
                parse_id(&application_id, "applicationId")?,
                request,
            )
            .await?;
        Ok(Offer(offer))
    }

    /// Accepts the caller's pending offer: the application is `HIRED`, the hire counts toward
    /// the posting's headcount, and the posting closes when it is filled.
    #[graphql(guard = "Authenticated")]
    async fn accept_offer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The offer's id.")] id: ID,
        #[graphql(desc = "Words to the company, at most 2,000 characters.")] message: Option<
            String,
        >,
    ) -> Result<Offer> {
        answer(ctx, &id, true, message).await
    }

    /// Declines the caller's pending offer; the company may make another.
    #[graphql(guard = "Authenticated")]
    async fn decline_offer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The offer's id.")] id: ID,
        #[graphql(desc = "Words to the company, at most 2,000 characters.")] message: Option<
            String,
        >,
    ) -> Result<Offer> {
        answer(ctx, &id, false, message).await
    }
}

async fn answer(
    ctx: &Context<'_>,
    id: &ID,
    accept: bool,
    message: Option<String>,
) -> Result<Offer> {
    let user = Caller::of(ctx).require_user().map_err(ApiError::from)?;
    let offer = ctx
        .data::<JobsService>()?
        .answer_offer(user.user_id, parse_id(id, "id")?, accept, message)
        .await?;
    Ok(Offer(offer))
}

/// The offers of an application, for `Application.offers`.
pub async fn offers_of(ctx: &Context<'_>, application: &Application) -> Result<Vec<Offer>> {
    Ok(ctx
        .data::<JobsService>()?
        .offers_of(application.model.id)
        .await?
        .into_iter()
        .map(Offer)
        .collect())
}
