//! Storage backends for a test: SQLite in a temporary folder, or a fresh PostgreSQL database
//! created through the admin connection in `DATABASE_URL`.

use sea_orm::{ConnectionTrait, Database};
use stack::SubgraphDatabases;

#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    Postgres { admin_url: String },
}

/// Keeps a test's storage alive; the SQLite folder is removed on drop.
pub struct Storage {
    pub databases: SubgraphDatabases,
    _dir: Option<tempfile::TempDir>,
}

fn required_in_ci(var: &str) -> Option<String> {
    let value = std::env::var(var).ok().filter(|value| !value.is_empty());
    if value.is_none() && std::env::var("CI").is_ok_and(|ci| ci == "true") {
        panic!("{var} must be set in CI: run the suite with scripts/test.sh");
    }
    value
}

/// The Redis used by tests, from `REDIS_URL` (required in CI).
pub fn redis_url() -> Option<String> {
    required_in_ci("REDIS_URL")
}

impl Backend {
    /// PostgreSQL when `DATABASE_URL` is set (always in CI), else `None` and the test is skipped.
    pub fn postgres() -> Option<Backend> {
        required_in_ci("DATABASE_URL").map(|admin_url| Backend::Postgres { admin_url })
    }

    pub async fn fresh_storage(&self) -> Storage {
        match self {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary folder");
                Storage {
                    databases: SubgraphDatabases::sqlite_in(dir.path()),
                    _dir: Some(dir),
                }
            }
            Backend::Postgres { admin_url } => {
                let name = format!("iworkz_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(admin_url.as_str())
                    .await
                    .expect("admin connection to DATABASE_URL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                let _ = admin.close().await;
                Storage {
                    databases: SubgraphDatabases::shared(&with_database(admin_url, &name)),
                    _dir: None,
                }
            }
        }
    }
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let prefix = match base.rfind('/') {
        Some(slash) if base[..slash].contains("//") && slash > base.find("//").unwrap_or(0) + 1 => {
            &base[..slash]
        }
        _ => base,
    };
    match query {
        Some(query) => format!("{prefix}/{name}?{query}"),
        None => format!("{prefix}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            with_database("postgres://u@127.0.0.1:5432/postgres", "t1"),
            "postgres://u@127.0.0.1:5432/t1"
        );
        assert_eq!(
            with_database("postgres://u@h/postgres?sslmode=disable", "t2"),
            "postgres://u@h/t2?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://u@h:1", "t3"),
            "postgres://u@h:1/t3"
        );
    }
}
