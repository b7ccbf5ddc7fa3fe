//! Connecting to the subgraph's database (SQLite embedded, PostgreSQL in production) and
//! bringing its schema up to date with the subgraph's own migrator.

use migrations::MigratorTrait;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// How long opening one connection may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a request waits for a pooled connection (or a new one) before it gives up.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// Connects and runs `M`'s pending migrations.
pub async fn connect_and_migrate<M: MigratorTrait>(url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = connect(url).await?;
    M::up(&db, None).await?;
    Ok(db)
}

/// Opens a pool; for SQLite creates the file's folder and switches the file to WAL so readers
/// never wait for the writer.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = sqlite_file_path(url)
        && let Some(parent) = Path::new(path).parent()
    {
        std::fs::create_dir_all(parent)
            .map_err(|err| DbErr::Custom(format!("cannot create {}: {err}", parent.display())))?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    // Bounded waits: while the database is down a request fails within seconds with
    // `SERVICE_UNAVAILABLE` (see `error.rs`) instead of hanging towards the router's timeout.
    options
        .max_connections(10)
        .connect_timeout(CONNECT_TIMEOUT)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .sqlx_logging(false);
    let db = Database::connect(options).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode = WAL").await?;
        db.execute_unprepared("PRAGMA foreign_keys = ON").await?;
    }
    Ok(db)
}

/// Whether `err` is a unique-constraint violation: the insert lost a race (or repeated what
/// exists), which the caller reports as a conflict rather than an internal error.
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// Begins a transaction that will write. On SQLite it takes the write lock at `BEGIN`
/// (`BEGIN IMMEDIATE`, waiting up to the busy timeout): a deferred transaction that reads first
/// fails outright with `SQLITE_BUSY` when another connection committed in between, instead of
/// waiting its turn. PostgreSQL ignores the mode.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Begins a read-only transaction whose statements all read one snapshot, so a page and its
/// total agree: `REPEATABLE READ` on PostgreSQL; on SQLite a deferred transaction, which
/// reads one snapshot from its first read on (WAL).
pub async fn begin_snapshot(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(
                Some(sea_orm::IsolationLevel::RepeatableRead),
                Some(sea_orm::AccessMode::ReadOnly),
            )
            .await
        }
        _ => db.begin().await,
    }
}

/// Whether `err` is the database being unreachable or busy for now (a connection refused or
/// lost, the pool's wait exhausted, a PostgreSQL restart or deadlock, SQLite's lock): retrying
/// later can succeed, so a request answers `SERVICE_UNAVAILABLE` and a consumer waits and
/// retries without counting it against the event.
pub fn is_transient(err: &DbErr) -> bool {
    use sea_orm::{ConnAcquireErr, RuntimeErr, SqlxError};
    let sqlx = match err {
        DbErr::ConnectionAcquire(ConnAcquireErr::Timeout | ConnAcquireErr::ConnectionClosed) => {
            return true;
        }
        DbErr::Conn(RuntimeErr::SqlxError(error))
        | DbErr::Exec(RuntimeErr::SqlxError(error))
        | DbErr::Query(RuntimeErr::SqlxError(error)) => Arc::clone(error),
        DbErr::Conn(_) => return true,
        _ => return false,
    };
    match sqlx.as_ref() {
        SqlxError::Io(_)
        | SqlxError::Tls(_)
        | SqlxError::PoolTimedOut
        | SqlxError::PoolClosed
        | SqlxError::WorkerCrashed
        | SqlxError::Protocol(_) => true,
        SqlxError::Database(db) => db.code().is_some_and(|code| transient_code(&code)),
        _ => false,
    }
}

/// SQLSTATE classes and codes (PostgreSQL) and result codes (SQLite) that mean "not now".
fn transient_code(code: &str) -> bool {
    code.starts_with("08") // connection exception
        || code.starts_with("57P") // operator intervention: shutdown, cannot connect now
        || matches!(code, "40001" | "40P01" | "53300" | "55P03") // serialization, deadlock, too many connections, lock not available
        || matches!(code, "5" | "6" | "261" | "262" | "517" | "773") // SQLITE_BUSY, _LOCKED and their extended codes
}

/// Makes the writers that call it with the same `key` take turns across instances, for the
/// rest of the transaction (PostgreSQL: a transaction-level advisory lock; SQLite has one
/// writer anyway).
pub async fn serialize_writers(txn: &DatabaseTransaction, key: &str) -> Result<(), DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        let key = key.replace('\'', "");
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock(hashtext('{key}'))"))
            .await?;
    }
    Ok(())
}

/// The file path of an `sqlite://path?query` URL, unless it is in memory.
fn sqlite_file_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then_some(path)
}

#[cfg(test)]
mod tests {
    use super::sqlite_file_path;

    #[test]
    fn sqlite_file_path_strips_scheme_and_query() {
        assert_eq!(
            sqlite_file_path("sqlite://./data/users.db?mode=rwc"),
            Some("./data/users.db")
        );
        assert_eq!(sqlite_file_path("sqlite::memory:"), None);
        assert_eq!(sqlite_file_path("postgres://localhost/x"), None);
    }
}
