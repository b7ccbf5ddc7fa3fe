//! An employer's page of one posting's matches: filtered by minimum score and status, sorted
//! by score or by last change, with the total; hidden candidates who did not answer
//! "interested" are left out (`disclosure`). The caller's right to the posting's matches is
//! checked by the schema first.

use super::{MatchStatus, MatchingService};
use entities::matching::match_result;
use kit::ApiResult;
use kit::pages::{OffsetRange, Window};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// The order of a page of matches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MatchOrder {
    /// Best score first.
    #[default]
    Score,
    /// Most recently changed (rescored or moved on) first.
    Recent,
}

/// What a page of a posting's matches keeps.
#[derive(Clone, Debug, Default)]
pub struct MatchFilter {
    pub min_score: Option<f64>,
    /// Any of these statuses; all when empty.
    pub statuses: Vec<MatchStatus>,
}

/// A page of a posting's matches, how many the filter keeps, and where the page stands.
pub struct MatchPage {
    pub matches: Vec<match_result::Model>,
    pub total: u64,
    pub range: OffsetRange,
}

impl MatchingService {
    /// The page `window` asks for of `job_id`'s matches that `filter` keeps, in `order`; the
    /// total is counted first, since paging back from the end needs it.
    pub async fn match_page(
        &self,
        job_id: Uuid,
        filter: &MatchFilter,
        order: MatchOrder,
        window: &Window<u64>,
    ) -> ApiResult<MatchPage> {
        let mut query = match_result::Entity::find()
            .filter(match_result::Column::JobId.eq(job_id))
            .filter(super::disclosure::shown_to_companies())
            .filter(super::of_serving_model());
        if let Some(min) = filter.min_score {
            query = query.filter(match_result::Column::Score.gte(min));
        }
        if !filter.statuses.is_empty() {
            query = query.filter(
                match_result::Column::Status
                    .is_in(filter.statuses.iter().map(|status| status.as_str())),
            );
        }
        let total = query.clone().count(self.db()).await?;
        let range = window.range(total)?;
        let query = match order {
            MatchOrder::Score => query.order_by_desc(match_result::Column::Score),
            MatchOrder::Recent => query.order_by_desc(match_result::Column::UpdatedAt),
        };
        let matches = query
            .order_by_asc(match_result::Column::Id)
            .offset(range.offset)
            .limit(range.limit)
            .all(self.db())
            .await?;
        Ok(MatchPage {
            matches,
            total,
            range,
        })
    }
}
