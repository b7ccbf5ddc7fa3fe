//! Queries and the federation entity resolvers for `JobPosting` and `Company`. A posting the
//! caller may not read (a draft or archived posting of another company) is `null`, through
//! `_entities` too, exactly as if it did not exist.

use super::compliance_types::{JobCategory, job_categories};
use super::loaders::JobPostingLoader;
use super::pages::{PostingPage, posting_page};
use super::viewer::viewer;
use super::{Company, JobPosting};
use crate::service::{JobStatus, JobsService, PostingFilter};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result};
use kit::pages::PageArgs;

/// Postings, their company's side and the federation entity resolvers.
#[derive(Default)]
pub struct PostingQueries;

#[Object]
impl PostingQueries {
    /// One posting by id; null when it does not exist or the caller may not read it (a draft or
    /// archived posting of a company they are not a member of).
    async fn job_posting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The posting's id.")] id: ID,
    ) -> Result<Option<JobPosting>> {
        load_posting(ctx, &id).await
    }

    /// Postings the caller may read, newest first, as a cursor connection with `totalCount`:
    /// `first` (≤ 100) after `after`, or back with `last` before `before`.
    async fn job_postings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many postings to return: 0 to 100, default 20.")] first: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the last edge already received; the page starts after it. Omit for the first page."
        )]
        after: Option<String>,
        #[graphql(
            desc = "How many postings to return from the end of the list (or before `before`): \
                    0 to 100, default 20. Not with `first` or `after`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the first edge already received; the page ends before it. \
                    Page back with `last`."
        )]
        before: Option<String>,
        #[graphql(
            desc = "Only postings in this status (among those the caller may read); all \
                    readable statuses when omitted."
        )]
        status: Option<JobStatus>,
    ) -> Result<PostingPage<JobPosting>> {
        let filter = PostingFilter {
            status,
            ..Default::default()
        };
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        posting_page(ctx, filter, args).await
    }

    /// The job categories a posting may name (`jobCategory`), in English and Japanese.
    async fn job_categories(&self) -> Vec<JobCategory> {
        job_categories()
    }

    #[graphql(entity)]
    async fn find_job_posting_by_id(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<Option<JobPosting>> {
        load_posting(ctx, &id).await
    }

    #[graphql(entity)]
    async fn find_company_by_id(&self, id: ID) -> Result<Company> {
        Ok(Company(kit::ids::parse_id(&id, "id")?))
    }
}

async fn load_posting(ctx: &Context<'_>, id: &ID) -> Result<Option<JobPosting>> {
    let id = kit::ids::parse_id(id, "id")?;
    let loader = ctx.data::<DataLoader<JobPostingLoader>>()?;
    let service = ctx.data::<JobsService>()?;
    let posting = loader.load_one(id).await?;
    Ok(service.visible(viewer(ctx), posting).await?.map(JobPosting))
}
