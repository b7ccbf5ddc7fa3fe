//! Cursor pages: of postings, shared by `Query.jobPostings` and `Company.jobPostings`, and
//! the page size and cursor rules every connection here follows.

use super::JobPosting;
use super::viewer::viewer;
use crate::service::{JobsService, PostingFilter};
use async_graphql::connection::{Connection, Edge, EmptyFields, query};
use async_graphql::{Context, Result};

pub type PostingPage<T> = Connection<String, T, EmptyFields, EmptyFields>;

/// The page size asked for (`first`, default 20), at most 100.
pub fn page_size(first: Option<usize>) -> Result<usize> {
    Ok(kit::pages::page_size(
        first,
        kit::pages::DEFAULT_PAGE,
        kit::pages::MAX_PAGE,
    )?)
}

/// The id an `after` cursor names (ids are time-ordered, so they are the cursors).
pub fn cursor(after: Option<String>) -> Result<Option<uuid::Uuid>> {
    Ok(kit::pages::id_after(after)?)
}

/// The page after `after` of the postings matching `filter` that the caller may read.
pub async fn posting_page(
    ctx: &Context<'_>,
    filter: PostingFilter,
    first: Option<i32>,
    after: Option<String>,
) -> Result<PostingPage<JobPosting>> {
    let service = ctx.data::<JobsService>()?.clone();
    let viewer = viewer(ctx);
    query(
        after,
        None,
        first,
        None,
        |after: Option<String>, _, first, _| async move {
            let first = page_size(first)?;
            let after = cursor(after)?;
            let page = service
                .list_job_postings(viewer, after, first as u64 + 1, filter)
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
