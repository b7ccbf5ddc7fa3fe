//! Editing one's own profile (names, kana readings, phone, bio, website).
//!
//! The whole input is checked before anything is written and every problem is reported at once.
//! A change is audited (`profile_updated`) and announced as `user.updated` with the names of the
//! changed fields, in the transaction that makes it; the first time the profile becomes
//! complete, `profile_completed_at` is set and `user.profile_completed` raised, exactly once
//! (the update is conditional on the column still being empty).

use super::completeness;
use super::profile_rules::{
    MAX_BIO, blank_to_none, normalize_phone, text_problem, website_problem,
};
use crate::service::UsersService;
use crate::service::identity::audit::{self, AuditEntry, Origin};
use crate::service::identity::roles::UserStatus;
use crate::service::validation::{kana_problem, name_problem};
use chrono::Utc;
use contracts::events::{UserProfileCompleted, UserUpdated};
use entities::users::user;
use kit::error::FieldErrors;
use kit::{ApiError, ApiResult, Event};
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Changes to the profile: `None` keeps a field; for the clearable ones `Some(None)` (or a
/// blank value) clears it.
#[derive(Clone, Debug, Default)]
pub struct ProfileChanges {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub first_name_kana: Option<Option<String>>,
    pub last_name_kana: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub bio: Option<Option<String>>,
    pub website: Option<Option<String>>,
}

impl ProfileChanges {
    /// Checks every field, trims and normalises them (phone to `+<digits>`); all problems at
    /// once.
    pub fn normalized(self) -> ApiResult<Self> {
        let mut errors = FieldErrors::default();
        let mut check = |field: &str, problem: Option<&str>| {
            if let Some(problem) = problem {
                errors.add(field, problem);
            }
        };
        let first_name = self.first_name.map(|name| name.trim().to_owned());
        let last_name = self.last_name.map(|name| name.trim().to_owned());
        check("firstName", first_name.as_deref().and_then(name_problem));
        check("lastName", last_name.as_deref().and_then(name_problem));
        let first_name_kana = self.first_name_kana.map(blank_to_none);
        let last_name_kana = self.last_name_kana.map(blank_to_none);
        check(
            "firstNameKana",
            first_name_kana
                .clone()
                .flatten()
                .as_deref()
                .and_then(kana_problem),
        );
        check(
            "lastNameKana",
            last_name_kana
                .clone()
                .flatten()
                .as_deref()
                .and_then(kana_problem),
        );
        let phone = match self.phone.map(blank_to_none) {
            Some(Some(phone)) => match normalize_phone(&phone) {
                Ok(phone) => Some(Some(phone)),
                Err(problem) => {
                    check("phone", Some(problem));
                    None
                }
            },
            other => other,
        };
        let bio = self.bio.map(blank_to_none);
        check(
            "bio",
            bio.clone()
                .flatten()
                .and_then(|bio| text_problem(&bio, MAX_BIO)),
        );
        let website = self.website.map(blank_to_none);
        check(
            "website",
            website
                .clone()
                .flatten()
                .as_deref()
                .and_then(website_problem),
        );
        errors.finish()?;
        Ok(Self {
            first_name,
            last_name,
            first_name_kana,
            last_name_kana,
            phone,
            bio,
            website,
        })
    }

    /// `user` with the changes applied, and the GraphQL names of the fields that differ.
    fn apply(self, user: &user::Model) -> (user::Model, Vec<&'static str>) {
        let mut updated = user.clone();
        let mut changed = Vec::new();
        set(
            &mut updated.first_name,
            self.first_name,
            "firstName",
            &mut changed,
        );
        set(
            &mut updated.last_name,
            self.last_name,
            "lastName",
            &mut changed,
        );
        set(
            &mut updated.first_name_kana,
            self.first_name_kana,
            "firstNameKana",
            &mut changed,
        );
        set(
            &mut updated.last_name_kana,
            self.last_name_kana,
            "lastNameKana",
            &mut changed,
        );
        set(&mut updated.phone, self.phone, "phone", &mut changed);
        set(&mut updated.bio, self.bio, "bio", &mut changed);
        set(&mut updated.website, self.website, "website", &mut changed);
        (updated, changed)
    }
}

/// Sets `slot` to `value` when given and different, noting `field` as changed.
pub(super) fn set<T: PartialEq>(
    slot: &mut T,
    value: Option<T>,
    field: &'static str,
    changed: &mut Vec<&'static str>,
) {
    if let Some(value) = value
        && *slot != value
    {
        *slot = value;
        changed.push(field);
    }
}

impl UsersService {
    /// The account of a signed-in caller; a deleted account counts as signed out.
    pub(super) async fn live_user(&self, user_id: Uuid) -> ApiResult<user::Model> {
        self.find_user(user_id)
            .await?
            .filter(|user| user.status != UserStatus::Deleted.as_str())
            .ok_or(ApiError::Unauthenticated)
    }

    pub async fn update_profile(
        &self,
        user_id: Uuid,
        changes: ProfileChanges,
        origin: &Origin,
    ) -> ApiResult<user::Model> {
        let changes = changes.normalized()?;
        let user = self.live_user(user_id).await?;
        let (updated, changed) = changes.apply(&user);
        if changed.is_empty() {
            return Ok(user);
        }
        let active = user::ActiveModel {
            id: Set(user.id),
            first_name: Set(updated.first_name.clone()),
            last_name: Set(updated.last_name.clone()),
            first_name_kana: Set(updated.first_name_kana.clone()),
            last_name_kana: Set(updated.last_name_kana.clone()),
            phone: Set(updated.phone.clone()),
            bio: Set(updated.bio.clone()),
            website: Set(updated.website.clone()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        };
        let txn = kit::db::begin_write(self.db()).await?;
        user::Entity::update(active).exec(&txn).await?;
        self.announce_user_update(&txn, &updated, &changed, "profile_updated", origin)
            .await?;
        let stored = self.find_user_in(&txn, user_id).await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(stored)
    }

    /// Audits a change of `user` (already written on `txn`), raises `user.updated`, and marks the
    /// profile complete (with `user.profile_completed`) the first time it is.
    pub(super) async fn announce_user_update(
        &self,
        txn: &DatabaseTransaction,
        user: &user::Model,
        changed: &[&'static str],
        action: &'static str,
        origin: &Origin,
    ) -> ApiResult<()> {
        let score = completeness::of_user(user);
        audit::record(
            txn,
            AuditEntry::own(action, user.id).details(serde_json::json!({"changedFields": changed})),
            origin,
        )
        .await?;
        let updated = Event::of(
            user.id,
            &UserUpdated {
                user_id: user.id,
                changed_fields: changed.iter().map(|field| field.to_string()).collect(),
                profile_completeness: Some(score),
            },
        )?
        .with_actor(Some(user.id.to_string()));
        self.outbox().enqueue(txn, &updated).await?;
        if !completeness::is_complete(score) {
            return Ok(());
        }
        let now = Utc::now();
        let first_time = user::Entity::update_many()
            .col_expr(user::Column::ProfileCompletedAt, now.into())
            .filter(user::Column::Id.eq(user.id))
            .filter(user::Column::ProfileCompletedAt.is_null())
            .exec(txn)
            .await?
            .rows_affected
            == 1;
        if first_time {
            let completed = Event::of(
                user.id,
                &UserProfileCompleted {
                    user_id: user.id,
                    completed_at: now,
                },
            )?;
            self.outbox().enqueue(txn, &completed).await?;
        }
        Ok(())
    }

    pub(super) async fn find_user_in(
        &self,
        txn: &DatabaseTransaction,
        user_id: Uuid,
    ) -> ApiResult<user::Model> {
        user::Entity::find_by_id(user_id)
            .one(txn)
            .await?
            .ok_or(ApiError::NotFound("user"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(result: ApiResult<ProfileChanges>) -> Vec<String> {
        match result {
            Err(ApiError::InvalidFields(fields)) => {
                fields.into_iter().map(|(field, _)| field).collect()
            }
            Err(ApiError::InvalidInput { field, .. }) => vec![field],
            Err(other) => panic!("unexpected {other:?}"),
            Ok(_) => Vec::new(),
        }
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let changes = ProfileChanges {
            first_name: Some("  ".into()),
            first_name_kana: Some(Some("Aiko".into())),
            phone: Some(Some("090-1234-5678".into())),
            bio: Some(Some("x".repeat(MAX_BIO + 1))),
            website: Some(Some("ftp://aiko.example.jp".into())),
            ..Default::default()
        };
        assert_eq!(
            errors_of(changes.normalized()),
            ["firstName", "firstNameKana", "phone", "bio", "website"]
        );
    }

    #[test]
    fn valid_changes_are_trimmed_and_normalised_and_blanks_clear() {
        let changes = ProfileChanges {
            first_name: Some(" Aiko ".into()),
            last_name_kana: Some(Some("タナカ".into())),
            phone: Some(Some("+81 90-1234-5678".into())),
            bio: Some(Some("   ".into())),
            website: Some(None),
            ..Default::default()
        }
        .normalized()
        .expect("valid");
        assert_eq!(changes.first_name.as_deref(), Some("Aiko"));
        assert_eq!(changes.phone, Some(Some("+819012345678".into())));
        assert_eq!(changes.bio, Some(None));
        assert_eq!(changes.website, Some(None));
        assert_eq!(changes.last_name, None);
    }

    #[test]
    fn only_differing_fields_count_as_changed() {
        let mut slot = "Aiko".to_owned();
        let mut changed = Vec::new();
        set(
            &mut slot,
            Some("Aiko".to_owned()),
            "firstName",
            &mut changed,
        );
        set(&mut slot, None, "firstName", &mut changed);
        assert!(changed.is_empty());
        set(
            &mut slot,
            Some("Hana".to_owned()),
            "firstName",
            &mut changed,
        );
        assert_eq!(changed, ["firstName"]);
        assert_eq!(slot, "Hana");
    }
}
