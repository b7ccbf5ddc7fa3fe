//! Queries and the federation entity resolvers for `JobPosting` and `Company`.

use super::loaders::{CompanyLoader, JobPostingLoader};
use super::{Company, JobPosting};
use crate::service::{JobStatus, JobsService};
use async_graphql::connection::{Connection, Edge, EmptyFields, query};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result};
use kit::ApiError;

const DEFAULT_PAGE: usize = 20;
const MAX_PAGE: usize = 100;

pub struct Query;

#[Object]
impl Query {
    async fn job_posting(&self, ctx: &Context<'_>, id: ID) -> Result<Option<JobPosting>> {
        load_posting(ctx, &id).await
    }

    /// Postings, newest first, as a cursor connection (`first` ≤ 100).
    async fn job_postings(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        status: Option<JobStatus>,
    ) -> Result<Connection<String, JobPosting, EmptyFields, EmptyFields>> {
        let service = ctx.data::<JobsService>()?.clone();
        query(
            after,
            None,
            first,
            None,
            |after: Option<String>, _, first, _| async move {
                let first = first.unwrap_or(DEFAULT_PAGE);
                if first > MAX_PAGE {
                    return Err(ApiError::invalid("first", "must be at most 100").into());
                }
                let after = after
                    .map(|cursor| {
                        uuid::Uuid::parse_str(&cursor)
                            .map_err(|_| ApiError::invalid("after", "is not a valid cursor"))
                    })
                    .transpose()?;
                let page = service
                    .list_job_postings(after, first as u64 + 1, status)
                    .await?;
                let has_next = page.len() > first;
                let mut connection = Connection::new(after.is_some(), has_next);
                connection.edges.extend(
                    page.into_iter()
                        .take(first)
                        .map(|posting| Edge::new(posting.id.to_string(), JobPosting(posting))),
                );
                Ok::<_, async_graphql::Error>(connection)
            },
        )
        .await
    }

    async fn company(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Company>> {
        load_company(ctx, &id).await
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
    async fn find_company_by_id(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Company>> {
        load_company(ctx, &id).await
    }
}

async fn load_posting(ctx: &Context<'_>, id: &ID) -> Result<Option<JobPosting>> {
    let id = kit::ids::parse_id(id, "id")?;
    let loader = ctx.data::<DataLoader<JobPostingLoader>>()?;
    Ok(loader.load_one(id).await?.map(JobPosting))
}

async fn load_company(ctx: &Context<'_>, id: &ID) -> Result<Option<Company>> {
    let id = kit::ids::parse_id(id, "id")?;
    let loader = ctx.data::<DataLoader<CompanyLoader>>()?;
    Ok(loader.load_one(id).await?.map(Company))
}
