//! Storage backends for a test: SQLite in a temporary folder, or a fresh PostgreSQL database
//! created through the admin connection in `DATABASE_URL`.

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
                let url = kit::scratch_db::create(admin_url, "iworkz_test")
                    .await
                    .expect("create a test database on DATABASE_URL");
                Storage {
                    databases: SubgraphDatabases::shared(&url),
                    _dir: None,
                }
            }
        }
    }
}
