//! Mutations: parse input, call the service, map the result. The guards check the permission
//! for the act (`jobs:create`, `jobs:update`); the service checks that the caller writes for
//! the posting's company (its employers and HR managers) or holds `jobs:manage`.

use super::JobPosting;
use super::posting_inputs::{CreateJobPostingInput, UpdateJobPostingInput};
use super::viewer::editor;
use crate::service::JobsService;
use async_graphql::{Context, ID, Object, Result};
use contracts::Permission;
use kit::auth::RequirePermission;
use kit::ids::parse_id;

#[derive(Default)]
pub struct PostingMutations;

#[Object]
impl PostingMutations {
    /// Creates a posting in status `DRAFT`, written by the caller. Needs `jobs:create` and to be
    /// the company's employer or HR manager (or `jobs:manage`).
    #[graphql(guard = "RequirePermission::new(Permission::JobsCreate)")]
    async fn create_job_posting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new posting and the company it is for.")]
        input: CreateJobPostingInput,
    ) -> Result<JobPosting> {
        let service = ctx.data::<JobsService>()?;
        let company_id = parse_id(&input.company_id, "companyId")?;
        let posting = service
            .create_job_posting(editor(ctx)?, company_id, input.into())
            .await?;
        Ok(JobPosting(posting))
    }

    /// `DRAFT` → `PUBLISHED`; triggers matching. Needs `jobs:update` and to write for the
    /// posting's company (or `jobs:manage`).
    #[graphql(guard = "RequirePermission::new(Permission::JobsUpdate)")]
    async fn publish_job_posting(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The id of a `DRAFT` posting; it must pass the compliance checks (else \
                    `COMPLIANCE_FAILED`)."
        )]
        id: ID,
    ) -> Result<JobPosting> {
        let service = ctx.data::<JobsService>()?;
        let posting = service
            .publish_job_posting(parse_id(&id, "id")?, editor(ctx)?)
            .await?;
        Ok(JobPosting(posting))
    }

    /// `PUBLISHED` → `CLOSED`. Needs `jobs:update` and to write for the posting's company (or
    /// `jobs:manage`).
    #[graphql(guard = "RequirePermission::new(Permission::JobsUpdate)")]
    async fn close_job_posting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The id of a `PUBLISHED` posting.")] id: ID,
    ) -> Result<JobPosting> {
        let service = ctx.data::<JobsService>()?;
        let posting = service
            .close_job_posting(parse_id(&id, "id")?, editor(ctx)?)
            .await?;
        Ok(JobPosting(posting))
    }

    /// `CLOSED` → `ARCHIVED`: out of every public list, still readable by the company. Needs
    /// `jobs:update` and to write for the posting's company (or `jobs:manage`).
    #[graphql(guard = "RequirePermission::new(Permission::JobsUpdate)")]
    async fn archive_job_posting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The id of a `CLOSED` posting.")] id: ID,
    ) -> Result<JobPosting> {
        let service = ctx.data::<JobsService>()?;
        let posting = service
            .archive_job_posting(parse_id(&id, "id")?, editor(ctx)?)
            .await?;
        Ok(JobPosting(posting))
    }

    /// Edits a draft or published posting: every field checked, all problems reported at once;
    /// raises `job.updated` (matching rescores). Needs `jobs:update` and to write for the
    /// posting's company (or `jobs:manage`); a closed or archived posting is `CONFLICT`, as is
    /// an edit that crossed another one.
    #[graphql(guard = "RequirePermission::new(Permission::JobsUpdate)")]
    async fn update_job_posting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The id of a `DRAFT` or `PUBLISHED` posting.")] id: ID,
        #[graphql(
            desc = "The fields to change; omitted fields stay as they are, `null` clears an \
                    optional one."
        )]
        input: UpdateJobPostingInput,
    ) -> Result<JobPosting> {
        let service = ctx.data::<JobsService>()?;
        let posting = service
            .update_job_posting(editor(ctx)?, parse_id(&id, "id")?, input.into())
            .await?;
        Ok(JobPosting(posting))
    }

    /// Deletes a draft (a published posting is closed instead: `CONFLICT`). Needs `jobs:update`
    /// and to write for the posting's company (or `jobs:manage`); returns the deleted id.
    #[graphql(guard = "RequirePermission::new(Permission::JobsUpdate)")]
    async fn delete_job_posting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The id of a `DRAFT` posting.")] id: ID,
    ) -> Result<ID> {
        let service = ctx.data::<JobsService>()?;
        service
            .delete_job_posting(editor(ctx)?, parse_id(&id, "id")?)
            .await?;
        Ok(id)
    }
}
