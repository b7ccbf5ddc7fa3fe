//! Batch loaders: the postings an `_entities` request names cost one query per batch.

use entities::jobs::job_posting;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

pub struct JobPostingLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for JobPostingLoader {
    type Value = job_posting::Model;
    type Error = kit::LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = job_posting::Entity::find()
            .filter(job_posting::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}
