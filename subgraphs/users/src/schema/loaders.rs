//! Batch loaders: every user or profile fetched by id in a list context (entity batches from
//! the router, lists of users) costs one query per batch, not one per item.

use entities::users::{candidate_profile, user};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

pub struct UserLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for UserLoader {
    type Value = user::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = user::Entity::find()
            .filter(user::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

pub struct CandidateProfileLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for CandidateProfileLoader {
    type Value = candidate_profile::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = candidate_profile::Entity::find()
            .filter(candidate_profile::Column::UserId.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|row| (row.user_id, row)).collect())
    }
}
