//! Batch loaders: the company of every posting in a list costs one query per batch.

use entities::jobs::company;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

pub struct CompanyLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for CompanyLoader {
    type Value = company::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = company::Entity::find()
            .filter(company::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

pub struct JobPostingLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for JobPostingLoader {
    type Value = entities::jobs::job_posting::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        use entities::jobs::job_posting;
        let rows = job_posting::Entity::find()
            .filter(job_posting::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}
