//! `Company`, as the jobs subgraph contributes to it: the users subgraph owns the entity (its
//! profile and members); here a company has its postings.

use super::JobPosting;
use super::analytics::{Analytics, report};
use super::pages::{PostingPage, posting_page};
use crate::service::analytics::Scope;
use crate::service::{JobStatus, PostingFilter};
use async_graphql::{Context, ID, Object, Result};
use chrono::NaiveDate;
use kit::pages::PageArgs;
use uuid::Uuid;

/// A company hiring on the platform. The users subgraph owns its profile and members; the jobs
/// subgraph adds its job postings.
pub struct Company(pub Uuid);

/// A company hiring on the platform. The users subgraph owns its profile and members; the jobs
/// subgraph adds its job postings.
#[Object]
impl Company {
    /// The company's id.
    async fn id(&self) -> ID {
        ID(self.0.to_string())
    }

    /// The company's postings the caller may read, newest first, with `totalCount`: published
    /// and closed ones for everyone, drafts and archived ones for its members too. `first`
    /// (≤ 100) after `after`, or back with `last` before `before`.
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
            company_id: Some(self.0),
        };
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        posting_page(ctx, filter, args).await
    }

    /// The funnel of all the company's postings over a date range (at most 366 days), for its
    /// members holding `analytics:read` (employers and HR managers; not recruiters); null to
    /// other signed-in callers.
    async fn analytics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The first day counted (UTC).")] from: NaiveDate,
        #[graphql(desc = "The last day counted (UTC), not before `from`.")] to: NaiveDate,
    ) -> Result<Option<Analytics>> {
        report(ctx, self.0, Scope::Company(self.0), from, to).await
    }
}
