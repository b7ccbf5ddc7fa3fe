//! Mutations: parse input, call the service, map the result. Employers and HR managers
//! (`jobs:create`) create companies and postings; a posting's author (`jobs:update`) publishes
//! and closes it, as does anyone granted `jobs:manage`.

use super::{Company, JobPosting};
use crate::service::{
    Editor, EmploymentType, JobsService, NewCompany, NewJobPosting, RemoteOption,
};
use async_graphql::{Context, ID, InputObject, Object, Result};
use contracts::Permission;
use kit::ApiError;
use kit::auth::{Caller, CallerOf, RequirePermission};
use kit::ids::parse_id;

pub struct Mutation;

#[derive(InputObject)]
pub struct CreateCompanyInput {
    pub name: String,
    pub name_ja: Option<String>,
    pub industry: Option<String>,
    pub size: Option<String>,
    pub headquarters: Option<String>,
    pub website: Option<String>,
    #[graphql(default)]
    pub visa_sponsorship: bool,
}

#[derive(InputObject)]
pub struct CreateJobPostingInput {
    pub company_id: ID,
    pub title: String,
    pub title_ja: Option<String>,
    pub description: String,
    pub description_ja: Option<String>,
    pub location: String,
    pub location_ja: Option<String>,
    #[graphql(default_with = "EmploymentType::FullTime")]
    pub employment_type: EmploymentType,
    #[graphql(default_with = "RemoteOption::None")]
    pub remote_option: RemoteOption,
    /// Yearly, in integer yen.
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    pub required_skills: Vec<String>,
    #[graphql(default)]
    pub min_experience_years: i32,
    /// `N1` to `N5`.
    pub jlpt_required: Option<String>,
    #[graphql(default)]
    pub visa_sponsorship: bool,
}

/// The signed-in caller as the editor of postings.
fn editor(ctx: &Context<'_>) -> Result<Editor> {
    let user = Caller::of(ctx).require_user().map_err(ApiError::from)?;
    Ok(Editor {
        user_id: user.user_id,
        any_posting: user.has_permission(Permission::JobsManage),
    })
}

#[Object]
impl Mutation {
    /// Registers a company. Needs `jobs:create`.
    #[graphql(guard = "RequirePermission::new(Permission::JobsCreate)")]
    async fn create_company(
        &self,
        ctx: &Context<'_>,
        input: CreateCompanyInput,
    ) -> Result<Company> {
        let service = ctx.data::<JobsService>()?;
        let company = service
            .create_company(NewCompany {
                name: input.name,
                name_ja: input.name_ja,
                industry: input.industry,
                size: input.size,
                headquarters: input.headquarters,
                website: input.website,
                visa_sponsorship: input.visa_sponsorship,
            })
            .await?;
        Ok(Company(company))
    }

    /// Creates a posting in status `DRAFT`, written by the caller. Needs `jobs:create`.
    #[graphql(guard = "RequirePermission::new(Permission::JobsCreate)")]
    async fn create_job_posting(
        &self,
        ctx: &Context<'_>,
        input: CreateJobPostingInput,
    ) -> Result<JobPosting> {
        let service = ctx.data::<JobsService>()?;
        let author = Caller::of(ctx)
            .require_user()
            .map_err(ApiError::from)?
            .user_id;
        let posting = service
            .create_job_posting(NewJobPosting {
                company_id: parse_id(&input.company_id, "companyId")?,
                posted_by_id: author,
                title: input.title,
                title_ja: input.title_ja,
                description: input.description,
                description_ja: input.description_ja,
                location: input.location,
                location_ja: input.location_ja,
                employment_type: input.employment_type,
                remote_option: input.remote_option,
                salary_min: input.salary_min,
                salary_max: input.salary_max,
                required_skills: input.required_skills,
                min_experience_years: input.min_experience_years,
                jlpt_required: input.jlpt_required,
                visa_sponsorship: input.visa_sponsorship,
            })
            .await?;
        Ok(JobPosting(posting))
    }

    /// `DRAFT` → `PUBLISHED`; triggers matching. Needs `jobs:update` and authorship (or
    /// `jobs:manage`).
    #[graphql(guard = "RequirePermission::new(Permission::JobsUpdate)")]
    async fn publish_job_posting(&self, ctx: &Context<'_>, id: ID) -> Result<JobPosting> {
        let service = ctx.data::<JobsService>()?;
        let posting = service
            .publish_job_posting(parse_id(&id, "id")?, editor(ctx)?)
            .await?;
        Ok(JobPosting(posting))
    }

    /// `PUBLISHED` → `CLOSED`. Needs `jobs:update` and authorship (or `jobs:manage`).
    #[graphql(guard = "RequirePermission::new(Permission::JobsUpdate)")]
    async fn close_job_posting(&self, ctx: &Context<'_>, id: ID) -> Result<JobPosting> {
        let service = ctx.data::<JobsService>()?;
        let posting = service
            .close_job_posting(parse_id(&id, "id")?, editor(ctx)?)
            .await?;
        Ok(JobPosting(posting))
    }
}
