//! The `JobPosting` entity, and `User` as a key-only reference to the users subgraph.

use super::Company;
use super::compliance_types::{ComplianceReport, VisaEligibility};
use super::viewer::viewer;
use crate::service::{
    Education, EmploymentType, JobLevel, JobStatus, JobsService, LanguageLevel,
    LanguageRequirement, PostingData, RemoteOption, SalaryPeriod, compliance_facts, data_of,
    stored_list,
};
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use entities::jobs::job_posting;
use kit::ApiError;

/// A user, resolved by the users subgraph.
#[derive(SimpleObject)]
#[graphql(unresolvable)]
pub struct User {
    pub id: ID,
}

pub struct JobPosting(pub job_posting::Model);

impl JobPosting {
    fn data(&self) -> PostingData {
        data_of(&self.0)
    }
}

/// A language other than Japanese the job needs.
#[derive(SimpleObject)]
#[graphql(name = "LanguageRequirement")]
pub struct LanguageRequirementType {
    /// ISO 639-1 code, e.g. `en`.
    pub language: String,
    pub level: LanguageLevel,
}

#[Object]
impl JobPosting {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The Japanese title.
    async fn title_ja(&self) -> Option<&str> {
        self.0.title_ja.as_deref()
    }

    async fn description(&self) -> &str {
        &self.0.description
    }

    async fn description_ja(&self) -> Option<&str> {
        self.0.description_ja.as_deref()
    }

    async fn department(&self) -> Option<&str> {
        self.0.department.as_deref()
    }

    async fn job_level(&self) -> Option<JobLevel> {
        self.0.job_level.as_deref().and_then(JobLevel::parse)
    }

    /// The job category the compliance rules judge it by, e.g. `software_engineering`.
    async fn job_category(&self) -> Option<&str> {
        self.0.job_category.as_deref()
    }

    /// How the location reads, e.g. `Shibuya, Tokyo`.
    async fn location(&self) -> &str {
        &self.0.location
    }

    async fn location_ja(&self) -> Option<&str> {
        self.0.location_ja.as_deref()
    }

    /// Prefecture code, e.g. `tokyo`.
    async fn prefecture(&self) -> Option<&str> {
        self.0.prefecture.as_deref()
    }

    async fn city(&self) -> Option<&str> {
        self.0.city.as_deref()
    }

    /// Whether the company helps with moving.
    async fn relocation_support(&self) -> bool {
        self.0.relocation_support
    }

    async fn employment_type(&self) -> Option<EmploymentType> {
        EmploymentType::parse(&self.0.employment_type)
    }

    async fn remote_option(&self) -> Option<RemoteOption> {
        RemoteOption::parse(&self.0.remote_option)
    }

    /// Salary floor per `salaryPeriod` in `currency` (integer yen for JPY).
    async fn salary_min(&self) -> Option<i64> {
        self.0.salary_min
    }

    async fn salary_max(&self) -> Option<i64> {
        self.0.salary_max
    }

    async fn salary_period(&self) -> SalaryPeriod {
        SalaryPeriod::parse(&self.0.salary_period).unwrap_or(SalaryPeriod::Yearly)
    }

    async fn currency(&self) -> &str {
        &self.0.currency
    }

    /// Scheduled hours a week.
    async fn weekly_hours(&self) -> Option<f64> {
        self.0.weekly_hours
    }

    /// Openings.
    async fn headcount(&self) -> i32 {
        self.0.headcount
    }

    async fn required_skills(&self) -> Vec<String> {
        stored_list(&Some(self.0.required_skills.clone()))
    }

    /// Nice to have.
    async fn preferred_skills(&self) -> Vec<String> {
        stored_list(&self.0.preferred_skills)
    }

    async fn education(&self) -> Option<Education> {
        self.0.education.as_deref().and_then(Education::parse)
    }

    /// Languages other than Japanese and the level each needs.
    async fn language_requirements(&self) -> Vec<LanguageRequirementType> {
        stored_list::<LanguageRequirement>(&self.0.language_requirements)
            .into_iter()
            .map(|requirement| LanguageRequirementType {
                language: requirement.language,
                level: LanguageLevel::parse(&requirement.level).unwrap_or(LanguageLevel::Basic),
            })
            .collect()
    }

    /// Statuses of residence the company sponsors for this job.
    async fn supported_visa_types(&self) -> Vec<String> {
        stored_list(&self.0.supported_visa_types)
    }

    async fn benefits(&self) -> Vec<String> {
        stored_list(&self.0.benefits)
    }

    async fn start_date(&self) -> Option<NaiveDate> {
        self.0.start_date
    }

    /// Applications close then; a published posting closes itself.
    async fn application_deadline(&self) -> Option<DateTime<Utc>> {
        self.0.application_deadline
    }

    async fn min_experience_years(&self) -> i32 {
        self.0.min_experience_years
    }

    /// Minimum JLPT level, `N1` (highest) to `N5`.
    async fn jlpt_required(&self) -> Option<&str> {
        self.0.jlpt_required.as_deref()
    }

    async fn visa_sponsorship(&self) -> bool {
        self.0.visa_sponsorship
    }

    async fn status(&self) -> Option<JobStatus> {
        JobStatus::parse(&self.0.status)
    }

    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// The company offering the job.
    async fn company(&self) -> Company {
        Company(self.0.company_id)
    }

    /// The posting checked against Japanese immigration and labour rules (errors block
    /// publishing). For the company's members and `jobs:manage` holders; others get null and
    /// a `FORBIDDEN` error.
    async fn compliance(&self, ctx: &Context<'_>) -> Result<Option<ComplianceReport>> {
        let service = ctx.data::<JobsService>()?;
        if !service
            .is_member_view(viewer(ctx), self.0.company_id)
            .await?
        {
            return Err(ApiError::Forbidden.into());
        }
        let data = self.data();
        Ok(Some(
            compliance::check_posting(&compliance_facts(&data)).into(),
        ))
    }

    /// Whether a holder of `visaStatus` (e.g. `student`, `engineer_humanities_international`)
    /// may do this job, possibly through the sponsorship it offers.
    async fn visa_eligibility(&self, visa_status: String) -> Result<VisaEligibility> {
        let status = compliance::normalize_visa_status(&visa_status)
            .map_err(|problem| ApiError::invalid("visaStatus", problem))?;
        let data = self.data();
        Ok(compliance::candidate_eligibility(&status, &compliance_facts(&data)).into())
    }

    /// The member who created the posting.
    async fn posted_by(&self) -> User {
        User {
            id: ID(self.0.posted_by_id.to_string()),
        }
    }
}
