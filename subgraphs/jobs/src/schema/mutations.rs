//! Mutations: parse input, call the service, map the result. The guards check the permission
//! for the act (`jobs:create`, `jobs:update`); the service checks that the caller writes for
//! the posting's company (its employers and HR managers) or holds `jobs:manage`.

use super::JobPosting;
use super::viewer::editor;
use crate::service::{EmploymentType, JobsService, NewJobPosting, RemoteOption};
use async_graphql::{Context, ID, InputObject, Object, Result};
use contracts::Permission;
use kit::auth::RequirePermission;
use kit::ids::parse_id;

pub struct Mutation;

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

#[Object]
impl Mutation {
    /// Creates a posting in status `DRAFT`, written by the caller. Needs `jobs:create` and to be
    /// the company's employer or HR manager (or `jobs:manage`).
    #[graphql(guard = "RequirePermission::new(Permission::JobsCreate)")]
    async fn create_job_posting(
        &self,
        ctx: &Context<'_>,
        input: CreateJobPostingInput,
    ) -> Result<JobPosting> {
        let service = ctx.data::<JobsService>()?;
        let posting = service
            .create_job_posting(
                editor(ctx)?,
                NewJobPosting {
                    company_id: parse_id(&input.company_id, "companyId")?,
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
                },
            )
            .await?;
        Ok(JobPosting(posting))
    }

    /// `DRAFT` → `PUBLISHED`; triggers matching. Needs `jobs:update` and to write for the
    /// posting's company (or `jobs:manage`).
    #[graphql(guard = "RequirePermission::new(Permission::JobsUpdate)")]
    async fn publish_job_posting(&self, ctx: &Context<'_>, id: ID) -> Result<JobPosting> {
        let service = ctx.data::<JobsService>()?;
        let posting = service
            .publish_job_posting(parse_id(&id, "id")?, editor(ctx)?)
            .await?;
        Ok(JobPosting(posting))
    }

    /// `PUBLISHED` → `CLOSED`. Needs `jobs:update` and to write for the posting's company (or
    /// `jobs:manage`).
    #[graphql(guard = "RequirePermission::new(Permission::JobsUpdate)")]
    async fn close_job_posting(&self, ctx: &Context<'_>, id: ID) -> Result<JobPosting> {
        let service = ctx.data::<JobsService>()?;
        let posting = service
            .close_job_posting(parse_id(&id, "id")?, editor(ctx)?)
            .await?;
        Ok(JobPosting(posting))
    }

    /// `CLOSED` → `ARCHIVED`: out of every public list, still readable by the company. Needs
    /// `jobs:update` and to write for the posting's company (or `jobs:manage`).
    #[graphql(guard = "RequirePermission::new(Permission::JobsUpdate)")]
    async fn archive_job_posting(&self, ctx: &Context<'_>, id: ID) -> Result<JobPosting> {
        let service = ctx.data::<JobsService>()?;
        let posting = service
            .archive_job_posting(parse_id(&id, "id")?, editor(ctx)?)
            .await?;
        Ok(JobPosting(posting))
    }
}
