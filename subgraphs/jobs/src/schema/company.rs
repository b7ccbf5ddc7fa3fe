//! `Company`, as the jobs subgraph contributes to it: the users subgraph owns the entity (its
//! profile and members); here a company has its postings.

use super::JobPosting;
use super::pages::{PostingPage, posting_page};
use crate::service::{JobStatus, PostingFilter};
use async_graphql::{Context, ID, Object, Result};
use uuid::Uuid;

pub struct Company(pub Uuid);

#[Object]
impl Company {
    async fn id(&self) -> ID {
        ID(self.0.to_string())
    }

    /// The company's postings the caller may read, newest first (`first` ≤ 100): published and
    /// closed ones for everyone, drafts and archived ones for its members too.
    async fn job_postings(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        status: Option<JobStatus>,
    ) -> Result<PostingPage<JobPosting>> {
        let filter = PostingFilter {
            status,
            company_id: Some(self.0),
        };
        posting_page(ctx, filter, first, after).await
    }
}
