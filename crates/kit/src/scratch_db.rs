//! Databases made for one test or benchmark run on the PostgreSQL server that an admin URL
//! (`DATABASE_URL`) points at, and dropped after it: every run starts from an empty schema
//! and leaves nothing behind, and parallel runs never share rows.

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbErr};
use uuid::Uuid;

/// `url` with its database name replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
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

/// A fresh database `<prefix>_<random>` on `admin_url`'s server; returns its URL.
pub async fn create(admin_url: &str, prefix: &str) -> Result<String, DbErr> {
    let name = format!("{prefix}_{}", Uuid::new_v4().simple());
    let admin = Database::connect(admin_url).await?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    let _ = admin.close().await;
    Ok(with_database(admin_url, &name))
}

/// A benchmark's database: a fresh one dropped by [`BenchDatabase::finish`], or one kept
/// under a given name across runs (created when missing, so a long load is done once).
pub struct BenchDatabase {
    admin: DatabaseConnection,
    name: String,
    kept: bool,
    /// Whether the database was created by this run (so it must be loaded).
    pub fresh: bool,
    pub db: DatabaseConnection,
}

impl BenchDatabase {
    pub async fn open(admin_url: &str, prefix: &str, kept: Option<String>) -> Result<Self, DbErr> {
        let name = kept
            .clone()
            .unwrap_or_else(|| format!("{prefix}_{}", Uuid::new_v4().simple()));
        let admin = Database::connect(admin_url).await?;
        let created = admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await;
        // A kept database may exist already; a fresh one must have been created.
        let fresh = match created {
            Ok(_) => true,
            Err(_) if kept.is_some() => false,
            Err(error) => return Err(error),
        };
        let db = Database::connect(with_database(admin_url, &name).as_str()).await?;
        Ok(Self {
            admin,
            name,
            kept: kept.is_some(),
            fresh,
            db,
        })
    }

    /// Closes the connection and drops the database unless it is kept.
    pub async fn finish(self) -> Result<(), DbErr> {
        self.db.close().await?;
        if !self.kept {
            self.admin
                .execute_unprepared(&format!("DROP DATABASE {} WITH (FORCE)", self.name))
                .await?;
        }
        Ok(())
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
