//! Databases for kit's own tests: a SQLite file in a temporary folder, and a fresh PostgreSQL
//! database when `DATABASE_URL` is set (required in CI, as in the end-to-end tests), each
//! migrated with the given subgraph's migrator.

use migrations::MigratorTrait;
use sea_orm::DatabaseConnection;

pub struct TestDatabase {
    pub name: &'static str,
    pub db: DatabaseConnection,
    _dir: Option<tempfile::TempDir>,
}

pub async fn both<M: MigratorTrait>() -> Vec<TestDatabase> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}/test.db?mode=rwc", dir.path().display());
    let mut databases = vec![TestDatabase {
        name: "sqlite",
        db: crate::db::connect_and_migrate::<M>(&url)
            .await
            .expect("sqlite"),
        _dir: Some(dir),
    }];
    let admin = std::env::var("DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty());
    if admin.is_none() && std::env::var("CI").is_ok_and(|ci| ci == "true") {
        panic!("DATABASE_URL must be set in CI: run the suite with scripts/test.sh");
    }
    if let Some(admin) = admin {
        let url = crate::scratch_db::create(&admin, "iworkz_kit_test")
            .await
            .expect("a scratch PostgreSQL database");
        databases.push(TestDatabase {
            name: "postgres",
            db: crate::db::connect_and_migrate::<M>(&url)
                .await
                .expect("postgres"),
            _dir: None,
        });
    }
    databases
}
