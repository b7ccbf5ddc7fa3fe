//! Pages of postings, shared by `Query.jobPostings` and `Company.jobPostings`: paged by id
//! both ways (`kit::pages`), with a `totalCount` counted only when it is asked for.

use super::JobPosting;
use super::viewer::viewer;
use crate::service::{JobsService, PostingFilter, Viewer};
use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, Object, Result};
use kit::pages::PageArgs;

pub type PostingPage<T> = Connection<String, T, PostingTotals, EmptyFields>;

/// What a page of postings adds to its connection.
pub struct PostingTotals {
    viewer: Viewer,
    filter: PostingFilter,
}

#[Object]
impl PostingTotals {
    /// Every posting the list holds for the caller, not only this page.
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        let service = ctx.data::<JobsService>()?;
        Ok(service.count_job_postings(self.viewer, self.filter).await?)
    }
}

/// The page `args` asks for of the postings matching `filter` that the caller may read.
pub async fn posting_page(
    ctx: &Context<'_>,
    filter: PostingFilter,
    args: PageArgs,
) -> Result<PostingPage<JobPosting>> {
    let window = kit::pages::id_window(args, kit::pages::DEFAULT_PAGE, kit::pages::MAX_PAGE)?;
    let viewer = viewer(ctx);
    let page = ctx
        .data::<JobsService>()?
        .list_job_postings(viewer, &window, filter)
        .await?;
    let mut connection = Connection::with_additional_fields(
        page.has_previous_page,
        page.has_next_page,
        PostingTotals { viewer, filter },
    );
    connection.edges.extend(
        page.items
            .into_iter()
            .map(|posting| Edge::new(posting.id.to_string(), JobPosting(posting))),
    );
    Ok(connection)
}
