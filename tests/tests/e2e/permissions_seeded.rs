//! Every permission a guard or service checks exists in a freshly migrated users database, so
//! a role can be granted it: a permission added to `contracts::Permission` without a migration
//! that seeds it fails here.

use contracts::Permission;
use e2e::Backend;
use entities::users::permission;
use kit::config::ExposeSecret;
use migrations::UsersMigrator;
use sea_orm::EntityTrait;

async fn every_permission_is_seeded(backend: Backend) {
    let storage = backend.fresh_storage().await;
    let db = kit::db::connect_and_migrate::<UsersMigrator>(storage.databases.users.expose_secret())
        .await
        .expect("database");
    let seeded: Vec<String> = permission::Entity::find()
        .all(&db)
        .await
        .expect("permissions")
        .into_iter()
        .map(|row| row.name)
        .collect();
    let missing: Vec<&str> = Permission::ALL
        .iter()
        .map(|permission| permission.as_str())
        .filter(|name| !seeded.iter().any(|seeded| seeded == name))
        .collect();
    assert!(missing.is_empty(), "not seeded: {missing:?}");
}

e2e::on_both_backends!(every_permission_is_seeded);
