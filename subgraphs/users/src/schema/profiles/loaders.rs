//! Batch loaders for profiles: candidate profiles and company profiles by id, members of many
//! companies, or the memberships of many users, cost one query per batch, not one per item.

use entities::users::{candidate_profile, company_member, company_profile};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

pub struct CandidateProfileLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for CandidateProfileLoader {
    type Value = candidate_profile::Model;
    type Error = kit::LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = candidate_profile::Entity::find()
            .filter(candidate_profile::Column::UserId.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|row| (row.user_id, row)).collect())
    }
}

pub struct CompanyProfileLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for CompanyProfileLoader {
    type Value = company_profile::Model;
    type Error = kit::LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = company_profile::Entity::find()
            .filter(company_profile::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

/// The members of a company (keyed by company id), oldest first.
pub struct CompanyMembersLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for CompanyMembersLoader {
    type Value = Vec<company_member::Model>;
    type Error = kit::LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = company_member::Entity::find()
            .filter(company_member::Column::CompanyId.is_in(keys.iter().copied()))
            .order_by_asc(company_member::Column::CreatedAt)
            .all(&self.0)
            .await?;
        let mut grouped: HashMap<Uuid, Self::Value> = HashMap::new();
        for row in rows {
            grouped.entry(row.company_id).or_default().push(row);
        }
        Ok(grouped)
    }
}

/// The companies a user acts for (keyed by user id), oldest membership first.
pub struct MembershipsLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for MembershipsLoader {
    type Value = Vec<company_member::Model>;
    type Error = kit::LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = company_member::Entity::find()
            .filter(company_member::Column::UserId.is_in(keys.iter().copied()))
            .order_by_asc(company_member::Column::CreatedAt)
            .all(&self.0)
            .await?;
        let mut grouped: HashMap<Uuid, Self::Value> = HashMap::new();
        for row in rows {
            grouped.entry(row.user_id).or_default().push(row);
        }
        Ok(grouped)
    }
}

/// What a caller reads of a candidate, keyed by (caller, candidate): for a page of candidates
/// it costs three queries per caller (see `UsersService::candidate_access`).
pub struct CandidateAccessLoader(pub crate::service::UsersService);

impl async_graphql::dataloader::Loader<(Uuid, Uuid)> for CandidateAccessLoader {
    type Value = crate::service::CandidateAccess;
    type Error = kit::LoadError;

    async fn load(
        &self,
        keys: &[(Uuid, Uuid)],
    ) -> Result<HashMap<(Uuid, Uuid), Self::Value>, Self::Error> {
        let mut by_caller: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for (caller, candidate) in keys {
            by_caller.entry(*caller).or_default().push(*candidate);
        }
        let mut found = HashMap::new();
        for (caller, candidates) in by_caller {
            let access = self.0.candidate_access(caller, &candidates).await?;
            found.extend(
                access
                    .into_iter()
                    .map(|(candidate, access)| ((caller, candidate), access)),
            );
        }
        Ok(found)
    }
}
