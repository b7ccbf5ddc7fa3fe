//! Saved versions of candidate profiles. Every save of a profile keeps the whole profile as a
//! new version (1, 2, …), in the transaction of the save. A candidate lists their versions and
//! chooses one when applying (the jobs subgraph checks the number against the versions its
//! `candidate.profile_updated` copy has seen); the company then reads the profile as it was
//! sent, under the same disclosure rules as the live profile (`disclosures`).
//!
//! Versions are kept while the account lives, so a version an application sent stays readable
//! for as long as the application; erasing the account deletes them with the profile.

use super::candidate_profile_data::CandidateProfileData;
use crate::service::UsersService;
use chrono::Utc;
use entities::users::{candidate_application, candidate_profile, candidate_profile_version};
use kit::ApiResult;
use kit::pages::{IdPage, Window, id_page, select_id_window};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Keeps `stored` (just saved as `data`) as its version.
pub(super) async fn keep<C: ConnectionTrait>(
    conn: &C,
    stored: &candidate_profile::Model,
    data: &CandidateProfileData,
    changed: &[&str],
) -> ApiResult<()> {
    candidate_profile_version::Entity::insert(candidate_profile_version::ActiveModel {
        user_id: Set(stored.user_id),
        version: Set(stored.version),
        data: Set(serde_json::to_value(data)?),
        changed_fields: Set(serde_json::json!(changed)),
        saved_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// A saved version's values; a snapshot that no longer reads (it should not happen: fields
/// only ever get defaults) reads as an empty profile rather than failing the whole page.
pub fn data_of_version(version: &candidate_profile_version::Model) -> CandidateProfileData {
    serde_json::from_value(version.data.clone()).unwrap_or_default()
}

/// The names of the fields a version changed.
pub fn changed_fields_of(version: &candidate_profile_version::Model) -> Vec<String> {
    serde_json::from_value(version.changed_fields.clone()).unwrap_or_default()
}

/// Who sent which version to which company, for `Application.sentProfile`.
#[derive(Clone, Debug)]
pub struct SentProfile {
    pub candidate_id: Uuid,
    pub company_id: Uuid,
    pub version: Option<i32>,
}

impl UsersService {
    /// The page of `user_id`'s saved versions `window` asks for (the cursors are version
    /// numbers), newest first; and how many there are in all.
    pub async fn profile_versions(
        &self,
        user_id: Uuid,
        window: &Window<i32>,
    ) -> ApiResult<(IdPage<candidate_profile_version::Model>, u64)> {
        let all = candidate_profile_version::Entity::find()
            .filter(candidate_profile_version::Column::UserId.eq(user_id));
        let total = all.clone().count(self.db()).await?;
        let version = candidate_profile_version::Column::Version;
        let rows = select_id_window(all, version, window)
            .all(self.db())
            .await?;
        Ok((id_page(window, rows), total))
    }

    /// The saved versions named by `(candidate, version)`, in one query.
    pub async fn saved_versions(
        &self,
        keys: &[(Uuid, i32)],
    ) -> ApiResult<HashMap<(Uuid, i32), candidate_profile_version::Model>> {
        if keys.is_empty() {
            return Ok(HashMap::new());
        }
        let mut which = Condition::any();
        for (user_id, version) in keys {
            which = which.add(
                Condition::all()
                    .add(candidate_profile_version::Column::UserId.eq(*user_id))
                    .add(candidate_profile_version::Column::Version.eq(*version)),
            );
        }
        Ok(candidate_profile_version::Entity::find()
            .filter(which)
            .all(self.db())
            .await?
            .into_iter()
            .map(|version| ((version.user_id, version.version), version))
            .collect())
    }

    /// What each of `applications` sent, from this subgraph's copy of applications (an
    /// application not copied yet is absent).
    pub async fn sent_profiles(
        &self,
        applications: &[Uuid],
    ) -> ApiResult<HashMap<Uuid, SentProfile>> {
        Ok(candidate_application::Entity::find()
            .filter(
                candidate_application::Column::ApplicationId.is_in(applications.iter().copied()),
            )
            .all(self.db())
            .await?
            .into_iter()
            .map(|copy| {
                (
                    copy.application_id,
                    SentProfile {
                        candidate_id: copy.candidate_id,
                        company_id: copy.company_id,
                        version: copy.profile_version,
                    },
                )
            })
            .collect())
    }
}
