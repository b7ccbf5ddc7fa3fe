//! The candidate's side of matching: their own matches with published postings, best first
//! ("jobs for me"), and the choice not to be matched at all. The preference lives here, in
//! matching, so it takes effect in the transaction that sets it: the candidate's matches go,
//! and recomputes skip them until they opt back in (which rescores them at once).

use super::MatchingService;
use chrono::Utc;
use entities::matching::{job_copy, match_result, opt_out};
use kit::ApiResult;
use kit::pages::{OffsetRange, Window};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

/// One page of a candidate's recommendations, how many there are, and where the page stands.
pub struct Recommendations {
    pub matches: Vec<match_result::Model>,
    pub total: u64,
    pub range: OffsetRange,
}

/// Whether `user_id` chose not to be matched.
pub(super) async fn opted_out(conn: &impl ConnectionTrait, user_id: Uuid) -> ApiResult<bool> {
    Ok(opt_out::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .is_some())
}

impl MatchingService {
    /// The page `window` asks for of the candidate's matches with published postings, best
    /// first; the total is counted first, since paging back from the end needs it.
    pub async fn recommendations(
        &self,
        candidate_id: Uuid,
        window: &Window<u64>,
    ) -> ApiResult<Recommendations> {
        let published = Query::select()
            .column(job_copy::Column::JobId)
            .from(job_copy::Entity)
            .and_where(job_copy::Column::Status.eq("published"))
            .to_owned();
        let query = match_result::Entity::find()
            .filter(match_result::Column::CandidateId.eq(candidate_id))
            .filter(match_result::Column::JobId.in_subquery(published))
            .filter(super::of_serving_model());
        let total = query.clone().count(self.db()).await?;
        let range = window.range(total)?;
        let matches = query
            .order_by_desc(match_result::Column::Score)
            .order_by_asc(match_result::Column::Id)
            .offset(range.offset)
            .limit(range.limit)
            .all(self.db())
            .await?;
        Ok(Recommendations {
            matches,
            total,
            range,
        })
    }

    pub async fn is_opted_out(&self, user_id: Uuid) -> ApiResult<bool> {
        opted_out(self.db(), user_id).await
    }

    /// Records the candidate's choice. Opting out removes their matches in the same
    /// transaction; opting back in scores them against every published posting again.
    pub async fn set_opted_out(&self, user_id: Uuid, opt_out_now: bool) -> ApiResult<bool> {
        let txn = self.db().begin().await?;
        if opt_out_now {
            opt_out::Entity::insert(opt_out::ActiveModel {
                user_id: Set(user_id),
                opted_out_at: Set(Utc::now()),
            })
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(opt_out::Column::UserId)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
            match_result::Entity::delete_many()
                .filter(match_result::Column::CandidateId.eq(user_id))
                .exec(&txn)
                .await?;
        } else {
            opt_out::Entity::delete_by_id(user_id).exec(&txn).await?;
            for event in self.recompute_for_candidate(&txn, user_id).await? {
                self.outbox().enqueue(&txn, &event).await?;
            }
        }
        txn.commit().await?;
        self.outbox().wake();
        Ok(opt_out_now)
    }
}
