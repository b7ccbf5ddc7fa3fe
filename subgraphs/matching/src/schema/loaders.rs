//! Batch loaders: the matches of every posting in an entity batch cost one query in total.

use entities::matching::match_result;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// All stored matches of each job, best first.
pub struct MatchesByJobLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for MatchesByJobLoader {
    type Value = Vec<match_result::Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = match_result::Entity::find()
            .filter(match_result::Column::JobId.is_in(keys.iter().copied()))
            .order_by_desc(match_result::Column::Score)
            .order_by_asc(match_result::Column::Id)
            .all(&self.0)
            .await?;
        let mut by_job: HashMap<Uuid, Self::Value> = HashMap::new();
        for row in rows {
            by_job.entry(row.job_id).or_default().push(row);
        }
        Ok(by_job)
    }
}

pub struct MatchLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for MatchLoader {
    type Value = match_result::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = match_result::Entity::find()
            .filter(match_result::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}
