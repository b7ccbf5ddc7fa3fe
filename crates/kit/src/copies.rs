//! Versioned read-copies, one implementation for every subgraph that keeps copies of another's
//! data (jobs: companies and members; matching: postings, candidates, accounts, members).
//!
//! Events arrive late, twice and out of order (two instances applying concurrently, a
//! redelivery after a crash, a republish after the broker lost data). Each event carries its
//! aggregate's version ([`Event::aggregate_version`](crate::Event)); the ledger records, per
//! copied thing, the version the copy reflects, and an event changes the copy only if it is
//! newer. A removal leaves a tombstone with its version, so a late "added" or "updated" never
//! brings back a removed member, a closed posting's old state or a deleted account.
//!
//! Call [`CopyLedger::advance`] (or [`CopyLedger::remove`]) first in the applying transaction:
//! its upsert locks the ledger row until commit, so two instances applying events about one
//! thing take turns, and the second sees the first's version.

mod memberships;

pub use memberships::{ACCOUNT, MembershipCopy};

use crate::ApiResult;
use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use std::fmt::Display;

/// The copy-version ledger of one subgraph (`<subgraph>_copy_versions`).
#[derive(Clone, Copy, Debug)]
pub struct CopyLedger {
    table: &'static str,
}

/// What the ledger knows of one copied thing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CopyVersion {
    pub version: i64,
    pub removed: bool,
}

impl CopyLedger {
    pub const fn new(table: &'static str) -> Self {
        Self { table }
    }

    /// Records that copy `copy`/`key` now reflects `version`; `false` when it already reflects
    /// this or a newer one (or a newer removal), and the event must change nothing.
    pub async fn advance(
        &self,
        txn: &DatabaseTransaction,
        copy: &str,
        key: impl Display,
        version: i64,
    ) -> ApiResult<bool> {
        self.write(txn, copy, &key.to_string(), version, false)
            .await
    }

    /// Records that `copy`/`key` was removed at `version` (a tombstone); `false` when the copy
    /// already reflects this or a newer version.
    pub async fn remove(
        &self,
        txn: &DatabaseTransaction,
        copy: &str,
        key: impl Display,
        version: i64,
    ) -> ApiResult<bool> {
        self.write(txn, copy, &key.to_string(), version, true).await
    }

    /// The conditional upsert. Written with an `ON CONFLICT … DO UPDATE … WHERE` so the check
    /// and the write are one statement on both backends: the row's version moves only forward.
    /// Version 0 (events from before versions were stamped) applies while the copy has only
    /// ever seen version 0, so such events still apply once each (their ids are deduplicated).
    async fn write(
        &self,
        txn: &DatabaseTransaction,
        copy: &str,
        key: &str,
        version: i64,
        removed: bool,
    ) -> ApiResult<bool> {
        let table = Alias::new(self.table);
        let current = Expr::col((table.clone(), Alias::new("version")));
        let incoming = Expr::cust("excluded.version");
        let newer = current
            .clone()
            .lt(incoming.clone())
            .or(current.eq(0i64).and(incoming.eq(0i64)));
        let upsert = Query::insert()
            .into_table(table)
            .columns(["copy", "key", "version", "removed", "updated_at"])
            .values([
                copy.into(),
                key.into(),
                version.into(),
                removed.into(),
                Utc::now().into(),
            ])
            .map_err(|err| crate::ApiError::internal("ledger insert", err))?
            .on_conflict(
                OnConflict::columns(["copy", "key"])
                    .update_columns(["version", "removed", "updated_at"])
                    .action_and_where(newer)
                    .to_owned(),
            )
            .to_owned();
        Ok(txn.execute(&upsert).await?.rows_affected() == 1)
    }

    /// What the ledger holds for `copy`/`key`.
    pub async fn get<C: ConnectionTrait>(
        &self,
        conn: &C,
        copy: &str,
        key: impl Display,
    ) -> ApiResult<Option<CopyVersion>> {
        let select = Query::select()
            .columns(["version", "removed"])
            .from(Alias::new(self.table))
            .and_where(Expr::col("copy").eq(copy))
            .and_where(Expr::col("key").eq(key.to_string()))
            .to_owned();
        Ok(match conn.query_one(&select).await? {
            Some(row) => Some(CopyVersion {
                version: row.try_get("", "version")?,
                removed: row.try_get("", "removed")?,
            }),
            None => None,
        })
    }

    /// Whether `copy`/`key` carries a tombstone.
    pub async fn is_removed<C: ConnectionTrait>(
        &self,
        conn: &C,
        copy: &str,
        key: impl Display,
    ) -> ApiResult<bool> {
        Ok(self
            .get(conn, copy, key)
            .await?
            .is_some_and(|version| version.removed))
    }

    /// Every (key, version, removed) of copy kind `copy` (reconciliation, tests).
    pub async fn all<C: ConnectionTrait>(
        &self,
        conn: &C,
        copy: &str,
    ) -> ApiResult<Vec<(String, CopyVersion)>> {
        let select = Query::select()
            .columns(["key", "version", "removed"])
            .from(Alias::new(self.table))
            .and_where(Expr::col("copy").eq(copy))
            .to_owned();
        let mut rows = Vec::new();
        for row in conn.query_all(&select).await? {
            rows.push((
                row.try_get("", "key")?,
                CopyVersion {
                    version: row.try_get("", "version")?,
                    removed: row.try_get("", "removed")?,
                },
            ));
        }
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_databases::both;
    use migrations::JobsMigrator;
    use sea_orm::TransactionTrait;

    const LEDGER: CopyLedger = CopyLedger::new("jobs_copy_versions");

    async fn advance(db: &sea_orm::DatabaseConnection, key: &str, version: i64) -> bool {
        let txn = db.begin().await.unwrap();
        let applied = LEDGER.advance(&txn, "member", key, version).await.unwrap();
        txn.commit().await.unwrap();
        applied
    }

    async fn remove(db: &sea_orm::DatabaseConnection, key: &str, version: i64) -> bool {
        let txn = db.begin().await.unwrap();
        let applied = LEDGER.remove(&txn, "member", key, version).await.unwrap();
        txn.commit().await.unwrap();
        applied
    }

    #[tokio::test]
    async fn versions_only_move_forward_and_removals_stay_removed() {
        for database in both::<JobsMigrator>().await {
            let db = &database.db;
            let name = database.name;
            assert!(advance(db, "c:u", 3).await, "{name}: first");
            assert!(!advance(db, "c:u", 3).await, "{name}: same version again");
            assert!(!advance(db, "c:u", 2).await, "{name}: older");
            assert!(advance(db, "c:u", 5).await, "{name}: newer");
            assert!(remove(db, "c:u", 6).await, "{name}: removed");
            assert!(!advance(db, "c:u", 5).await, "{name}: a late add stays out");
            assert!(LEDGER.is_removed(db, "member", "c:u").await.unwrap());
            assert!(advance(db, "c:u", 7).await, "{name}: added again later");
            assert!(!LEDGER.is_removed(db, "member", "c:u").await.unwrap());
            assert!(
                !remove(db, "c:u", 6).await,
                "{name}: an old removal changes nothing"
            );
            assert_eq!(
                LEDGER.get(db, "member", "c:u").await.unwrap(),
                Some(CopyVersion {
                    version: 7,
                    removed: false
                })
            );
            // Unversioned events (from before versions) apply once each while all are 0.
            assert!(
                advance(db, "old", 0).await && advance(db, "old", 0).await,
                "{name}"
            );
            assert!(
                advance(db, "old", 1).await && !advance(db, "old", 0).await,
                "{name}"
            );
            assert_eq!(LEDGER.all(db, "member").await.unwrap().len(), 2);
        }
    }
}
