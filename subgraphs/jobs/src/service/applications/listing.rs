//! Lists of applications: a posting's (for its company's members), and a candidate's own. Each
//! page is one query for its rows and one for the count, ordered by an indexed column; the
//! candidate and the match of each row are resolved by their own subgraphs in one batched
//! fetch each (the router's entity calls), so a page costs the same few fetches at any length.

use crate::service::JobsService;
use contracts::ApplicationStatus;
use entities::jobs::job_application;
use kit::ApiResult;
use sea_orm::sea_query::{Expr, Order};
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

/// Which applications a list keeps.
#[derive(Clone, Debug, Default)]
pub struct ApplicationFilter {
    /// Only these statuses; every status when empty.
    pub statuses: Vec<ApplicationStatus>,
}

/// The order of a list.
#[derive(async_graphql::Enum, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[graphql(name = "ApplicationOrder")]
pub enum ApplicationOrder {
    /// Newest first.
    #[default]
    Newest,
    /// Oldest first.
    Oldest,
    /// Best match score first; applications matching has not scored come last.
    MatchScore,
}

/// A page of a list and how many the whole list holds.
pub struct ApplicationPage {
    pub applications: Vec<job_application::Model>,
    pub total: u64,
}

impl JobsService {
    /// A page of the applications to `job_id` (the caller's right to read them is checked by
    /// the caller of this).
    pub async fn posting_applications(
        &self,
        job_id: Uuid,
        filter: &ApplicationFilter,
        order: ApplicationOrder,
        offset: u64,
        limit: u64,
    ) -> ApiResult<ApplicationPage> {
        let select =
            job_application::Entity::find().filter(job_application::Column::JobId.eq(job_id));
        self.page(select, filter, order, offset, limit).await
    }

    /// A page of `candidate`'s own applications.
    pub async fn candidate_applications(
        &self,
        candidate: Uuid,
        filter: &ApplicationFilter,
        order: ApplicationOrder,
        offset: u64,
        limit: u64,
    ) -> ApiResult<ApplicationPage> {
        let select = job_application::Entity::find()
            .filter(job_application::Column::CandidateId.eq(candidate));
        self.page(select, filter, order, offset, limit).await
    }

    async fn page(
        &self,
        mut select: Select<job_application::Entity>,
        filter: &ApplicationFilter,
        order: ApplicationOrder,
        offset: u64,
        limit: u64,
    ) -> ApiResult<ApplicationPage> {
        if !filter.statuses.is_empty() {
            select = select.filter(
                job_application::Column::Status
                    .is_in(filter.statuses.iter().map(|status| status.as_str())),
            );
        }
        let total = select.clone().count(self.db()).await?;
        select = match order {
            ApplicationOrder::Newest => select.order_by_desc(job_application::Column::Id),
            ApplicationOrder::Oldest => select.order_by_asc(job_application::Column::Id),
            ApplicationOrder::MatchScore => select
                .order_by(Expr::cust("COALESCE(match_score, -1.0)"), Order::Desc)
                .order_by_desc(job_application::Column::Id),
        };
        let applications = select.offset(offset).limit(limit).all(self.db()).await?;
        Ok(ApplicationPage {
            applications,
            total,
        })
    }
}
