//! The `JobPosting` entity, and `User` as a key-only reference to the users subgraph.

use super::Company;
use super::application_operations::{ApplicationConnection, ListArguments};
use super::compliance_types::{ComplianceReport, VisaEligibility};
use super::viewer::viewer;
use crate::service::applications::{ApplicationOrder, Side};
use crate::service::{
    Education, EmploymentType, JobLevel, JobStatus, JobsService, LanguageLevel,
    LanguageRequirement, PostingData, RemoteOption, SalaryPeriod, ScreeningQuestionKind,
    compliance_facts, data_of, stored_list,
};
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use contracts::{
    ApplicationStatus, Currency, JlptLevel, JobCategoryCode, Prefecture, StatusOfResidence,
};
use entities::jobs::job_posting;
use kit::ApiError;
use kit::pages::PageArgs;

/// A user, resolved by the users subgraph.
#[derive(SimpleObject)]
#[graphql(unresolvable)]
pub struct User {
    /// The user's id.
    pub id: ID,
}

/// A job a company offers. Published and closed postings are public; drafts and archived ones
/// are seen only by the company's members and `jobs:manage` holders.
pub struct JobPosting(pub job_posting::Model);

impl JobPosting {
    fn data(&self) -> PostingData {
        data_of(&self.0)
    }
}

/// A question every applicant of a posting answers.
#[derive(SimpleObject)]
#[graphql(name = "ScreeningQuestion")]
pub struct ScreeningQuestionType {
    /// The question's id; answers name it.
    pub id: String,
    /// How it is answered.
    pub kind: ScreeningQuestionKind,
    /// The question.
    pub prompt: String,
    /// The question in Japanese, if given.
    pub prompt_ja: Option<String>,
    /// Whether an application must answer it.
    pub required: bool,
    /// The options of a `CHOICE` question.
    pub options: Vec<String>,
}

/// A language other than Japanese the job needs.
#[derive(SimpleObject)]
#[graphql(name = "LanguageRequirement")]
pub struct LanguageRequirementType {
    /// ISO 639-1 code, e.g. `en`.
    pub language: String,
    /// How well the job needs it spoken.
    pub level: LanguageLevel,
}

/// A job a company offers. Published and closed postings are public; drafts and archived ones
/// are seen only by the company's members and `jobs:manage` holders.
#[Object]
impl JobPosting {
    /// The posting's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// The title (at most 200 characters), e.g. `Backend Engineer (Rust / GraphQL)`.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The Japanese title.
    async fn title_ja(&self) -> Option<&str> {
        self.0.title_ja.as_deref()
    }

    /// What the job is (at most 20,000 characters).
    async fn description(&self) -> &str {
        &self.0.description
    }

    /// The description in Japanese, if given.
    async fn description_ja(&self) -> Option<&str> {
        self.0.description_ja.as_deref()
    }

    /// The team or department hiring, e.g. `Platform team`.
    async fn department(&self) -> Option<&str> {
        self.0.department.as_deref()
    }

    /// The seniority of the job, if given.
    async fn job_level(&self) -> Option<JobLevel> {
        self.0.job_level.as_deref().and_then(JobLevel::parse)
    }

    /// The job category the compliance rules judge it by, e.g. `software_engineering`.
    async fn job_category(&self) -> Option<JobCategoryCode> {
        self.0
            .job_category
            .as_deref()
            .and_then(JobCategoryCode::parse)
    }

    /// How the location reads, e.g. `Shibuya, Tokyo`.
    async fn location(&self) -> &str {
        &self.0.location
    }

    /// The location in Japanese, e.g. `東京都渋谷区`.
    async fn location_ja(&self) -> Option<&str> {
        self.0.location_ja.as_deref()
    }

    /// Prefecture code, e.g. `tokyo`.
    async fn prefecture(&self) -> Option<Prefecture> {
        self.0.prefecture.as_deref().and_then(Prefecture::parse)
    }

    /// The city or ward, e.g. `Shibuya`.
    async fn city(&self) -> Option<&str> {
        self.0.city.as_deref()
    }

    /// Whether the company helps with moving.
    async fn relocation_support(&self) -> bool {
        self.0.relocation_support
    }

    /// The kind of employment offered.
    async fn employment_type(&self) -> Option<EmploymentType> {
        EmploymentType::parse(&self.0.employment_type)
    }

    /// How much of the work can be done remotely.
    async fn remote_option(&self) -> Option<RemoteOption> {
        RemoteOption::parse(&self.0.remote_option)
    }

    /// Salary floor per `salaryPeriod` in `currency` (integer yen for JPY).
    async fn salary_min(&self) -> Option<i64> {
        self.0.salary_min
    }

    /// Salary ceiling per `salaryPeriod` in `currency` (integer yen for JPY); at least
    /// `salaryMin`.
    async fn salary_max(&self) -> Option<i64> {
        self.0.salary_max
    }

    /// The period `salaryMin` and `salaryMax` are paid for.
    async fn salary_period(&self) -> SalaryPeriod {
        SalaryPeriod::parse(&self.0.salary_period).unwrap_or(SalaryPeriod::Yearly)
    }

    /// ISO 4217 code of the salary, e.g. `JPY`.
    async fn currency(&self) -> Currency {
        // Stored values were checked on the way in; none other was ever written.
        Currency::parse(&self.0.currency).unwrap_or_default()
    }

    /// Scheduled hours a week.
    async fn weekly_hours(&self) -> Option<f64> {
        self.0.weekly_hours
    }

    /// Whether the work includes night shifts (late-night work, 22:00–5:00, 夜勤); null when
    /// the posting does not say.
    async fn night_shifts(&self) -> Option<bool> {
        self.0.night_shifts
    }

    /// Openings.
    async fn headcount(&self) -> i32 {
        self.0.headcount
    }

    /// How many candidates accepted an offer for it; a published posting closes when this
    /// reaches `headcount`. For the company's members and `jobs:manage` holders; null for
    /// others.
    async fn hired_count(&self, ctx: &Context<'_>) -> Result<Option<u64>> {
        let service = ctx.data::<JobsService>()?;
        if !service
            .is_member_view(viewer(ctx), self.0.company_id)
            .await?
        {
            return Ok(None);
        }
        Ok(Some(service.hired_count(self.0.id).await?))
    }

    /// The posting's funnel over a date range (at most 366 days), for its company's members
    /// holding `analytics:read` (employers and HR managers; not recruiters); null to other
    /// signed-in callers.
    async fn analytics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The first day counted (UTC).")] from: NaiveDate,
        #[graphql(desc = "The last day counted (UTC), not before `from`.")] to: NaiveDate,
    ) -> Result<Option<super::analytics::Analytics>> {
        super::analytics::report(
            ctx,
            self.0.company_id,
            crate::service::analytics::Scope::Posting(self.0.id),
            from,
            to,
        )
        .await
    }

    /// What every applicant answers (at most 10), in order.
    async fn screening_questions(&self) -> Vec<ScreeningQuestionType> {
        self.data()
            .screening_questions
            .into_iter()
            .map(|question| ScreeningQuestionType {
                id: question.id,
                kind: question.kind,
                prompt: question.prompt,
                prompt_ja: question.prompt_ja,
                required: question.required,
                options: question.options,
            })
            .collect()
    }

    /// The applications to this posting, newest first by default, with their `totalCount`:
    /// `first` (≤ 100) after `after`, or back with `last` before `before`. For the company's members (any role) and `jobs:manage` holders; null to
    /// other signed-in callers.
    async fn applications(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return: 0 to 100, default 20.")] first: Option<i32>,
        #[graphql(desc = "The `cursor` of the last edge already received.")] after: Option<String>,
        #[graphql(
            desc = "How many to return from the end of the list (or before `before`): 0 to \
                    100, default 20. Not with `first` or `after`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the first edge already received; the page ends before it."
        )]
        before: Option<String>,
        #[graphql(desc = "Only applications in these statuses; all when omitted or empty.")]
        statuses: Option<Vec<ApplicationStatus>>,
        #[graphql(
            desc = "The order: `NEWEST` (the default), `OLDEST` or `MATCH_SCORE` (best first)."
        )]
        order: Option<ApplicationOrder>,
    ) -> Result<Option<ApplicationConnection>> {
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        let arguments = ListArguments::checked(args, statuses, order)?;
        let service = ctx.data::<JobsService>()?;
        if !service
            .is_member_view(viewer(ctx), self.0.company_id)
            .await?
        {
            return Ok(kit::auth::hidden(ctx)?);
        }
        let connection = arguments
            .connection(Side::Company, |offset, limit| {
                service.posting_applications(
                    self.0.id,
                    &arguments.filter,
                    arguments.order,
                    offset,
                    limit,
                )
            })
            .await?;
        Ok(Some(connection))
    }

    /// Skills the job requires, lower-cased, e.g. `rust`, `postgresql` (1 to 50).
    async fn required_skills(&self) -> Vec<String> {
        stored_list(&Some(self.0.required_skills.clone()))
    }

    /// Nice to have.
    async fn preferred_skills(&self) -> Vec<String> {
        stored_list(&self.0.preferred_skills)
    }

    /// The minimum education required, if any.
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
    async fn supported_visa_types(&self) -> Vec<StatusOfResidence> {
        stored_list::<String>(&self.0.supported_visa_types)
            .iter()
            .filter_map(|code| StatusOfResidence::parse(code))
            .collect()
    }

    /// What the company offers besides pay, e.g. `housing allowance` (at most 50).
    async fn benefits(&self) -> Vec<String> {
        stored_list(&self.0.benefits)
    }

    /// When the job starts, if fixed.
    async fn start_date(&self) -> Option<NaiveDate> {
        self.0.start_date
    }

    /// Applications close then; a published posting closes itself.
    async fn application_deadline(&self) -> Option<DateTime<Utc>> {
        self.0.application_deadline
    }

    /// Minimum years of relevant work experience, 0 to 50 (0: none needed).
    async fn min_experience_years(&self) -> i32 {
        self.0.min_experience_years
    }

    /// Minimum JLPT level, `N1` (highest) to `N5`.
    async fn jlpt_required(&self) -> Option<JlptLevel> {
        self.0.jlpt_required.as_deref().and_then(JlptLevel::parse)
    }

    /// Whether the company sponsors a status of residence (在留資格) for the hire.
    async fn visa_sponsorship(&self) -> bool {
        self.0.visa_sponsorship
    }

    /// Where the posting is in its lifecycle.
    async fn status(&self) -> Option<JobStatus> {
        JobStatus::parse(&self.0.status)
    }

    /// When it was published; null while a draft.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    /// When it was closed (by the company or at its deadline); null until then.
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }

    /// When it was created, as a draft.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// The company offering the job.
    async fn company(&self) -> Company {
        Company(self.0.company_id)
    }

    /// The posting checked against Japanese immigration and labour rules (errors block
    /// publishing). For the company's members and `jobs:manage` holders; null to other
    /// signed-in callers.
    async fn compliance(&self, ctx: &Context<'_>) -> Result<Option<ComplianceReport>> {
        let service = ctx.data::<JobsService>()?;
        if !service
            .is_member_view(viewer(ctx), self.0.company_id)
            .await?
        {
            return Ok(kit::auth::hidden(ctx)?);
        }
        let data = self.data();
        Ok(Some(
            compliance::check_posting(&compliance_facts(&data)).into(),
        ))
    }

    /// Whether a holder of `visaStatus` (e.g. `student`, `engineer_humanities_international`)
    /// may do this job, possibly through the sponsorship it offers.
    async fn visa_eligibility(
        &self,
        #[graphql(
            desc = "A status of residence (在留資格) code, e.g. `student`, `permanent_resident`, \
                    or `none` for no status yet; case, spaces and hyphens are ignored. An unknown \
                    status is an invalid-input error."
        )]
        visa_status: String,
    ) -> Result<VisaEligibility> {
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
