//! Batch loaders for users: every user, or the roles of every user, fetched by id in a list
//! context (entity batches from the router, lists of users) costs one query per batch, not one
//! per item. The profile loaders are in `profiles/loaders.rs`.

use entities::users::{user, user_role};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

pub struct UserLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for UserLoader {
    type Value = user::Model;
    type Error = kit::LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = user::Entity::find()
            .filter(user::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

/// Every role each user holds, sorted: one query for a whole list of users (the admin `users`
/// list asks for the roles of each). A user without roles is absent from the map.
pub struct UserRolesLoader(pub DatabaseConnection);

impl async_graphql::dataloader::Loader<Uuid> for UserRolesLoader {
    type Value = Vec<String>;
    type Error = kit::LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let grants = user_role::Entity::find()
            .filter(user_role::Column::UserId.is_in(keys.iter().copied()))
            .order_by_asc(user_role::Column::Role)
            .all(&self.0)
            .await?;
        let mut roles: HashMap<Uuid, Vec<String>> = HashMap::new();
        for grant in grants {
            roles.entry(grant.user_id).or_default().push(grant.role);
        }
        Ok(roles)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::dataloader::Loader;
    use sea_orm::ActiveValue::Set;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn the_roles_of_many_users_take_one_query() {
        let mut db = kit::db::connect_and_migrate::<migrations::UsersMigrator>("sqlite::memory:")
            .await
            .expect("database");
        let (candidate, manager, nobody) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let now = chrono::Utc::now();
        let account = |id: Uuid| user::ActiveModel {
            id: Set(id),
            email: Set(format!("{id}@example.jp")),
            email_normalized: Set(format!("{id}@example.jp")),
            password_hash: Set(String::new()),
            first_name: Set("Aiko".into()),
            last_name: Set("Sato".into()),
            role: Set("candidate".into()),
            status: Set("active".into()),
            language: Set("ja".into()),
            marketing_consent: Set(false),
            timezone: Set("Asia/Tokyo".into()),
            mfa_enabled: Set(false),
            failed_login_count: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        user::Entity::insert_many([account(candidate), account(manager), account(nobody)])
            .exec(&db)
            .await
            .expect("users");
        let grant = |user_id: Uuid, role: &str| user_role::ActiveModel {
            user_id: Set(user_id),
            role: Set(role.to_owned()),
            granted_by: Set(None),
            granted_at: Set(chrono::Utc::now()),
        };
        user_role::Entity::insert_many([
            grant(candidate, "candidate"),
            grant(manager, "hr_manager"),
            grant(manager, "admin"),
        ])
        .exec(&db)
        .await
        .expect("granted");
        let queries = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = queries.clone();
        db.set_metric_callback(move |info| {
            if info.statement.sql.contains("user_roles") {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        });

        let roles = UserRolesLoader(db)
            .load(&[candidate, manager, nobody])
            .await
            .expect("loaded");
        assert_eq!(roles[&candidate], ["candidate"]);
        assert_eq!(roles[&manager], ["admin", "hr_manager"]);
        assert!(!roles.contains_key(&nobody));
        assert_eq!(queries.load(Ordering::Relaxed), 1);
    }
}
