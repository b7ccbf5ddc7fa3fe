//! The read-copy of company memberships, kept by jobs (who writes a company's postings) and
//! matching (whose matches an employer reads) from the users subgraph's events: one
//! implementation, so the two subgraphs cannot drift apart on what a late, repeated or
//! out-of-order membership event does.
//!
//! Each membership is versioned in the subgraph's [`CopyLedger`] under
//! `company_member/<company>:<user>`; a deleted account leaves an `account/<user>` tombstone, so
//! a late `company.member_added` never brings a deleted account's access back.

use super::CopyLedger;
use crate::consumer::payload;
use crate::{ApiResult, Event};
use chrono::Utc;
use contracts::events::{CompanyMemberAdded, CompanyMemberRemoved, CompanyProfileCreated};
use contracts::{CompanyMemberRole, EventName};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use uuid::Uuid;

/// The ledger's kind for one membership.
const MEMBER: &str = "company_member";
/// The ledger's kind for an account; its tombstone marks a deleted account.
pub const ACCOUNT: &str = "account";

/// The membership copy of one subgraph: its table (`company_id`, `user_id`, `role`,
/// `updated_at`) and its version ledger.
#[derive(Clone, Copy, Debug)]
pub struct MembershipCopy {
    ledger: CopyLedger,
    table: &'static str,
}

impl MembershipCopy {
    pub const fn new(ledger: CopyLedger, table: &'static str) -> Self {
        Self { ledger, table }
    }

    /// Applies a membership event: a company's creation (its creator becomes a member), a member
    /// added or removed. `None` for any other event; else whether the copy changed (`false`: the
    /// event was older than what the copy reflects).
    pub async fn apply(&self, txn: &DatabaseTransaction, event: &Event) -> ApiResult<Option<bool>> {
        let version = event.aggregate_version;
        let changed = match event.name() {
            Some(EventName::CompanyProfileCreated) => {
                let created: CompanyProfileCreated = payload(event)?;
                let role = created.creator_role();
                self.add(txn, created.company_id, created.created_by, role, version)
                    .await?
            }
            Some(EventName::CompanyMemberAdded) => {
                let added: CompanyMemberAdded = payload(event)?;
                self.add(txn, added.company_id, added.user_id, added.role, version)
                    .await?
            }
            Some(EventName::CompanyMemberRemoved) => {
                let removed: CompanyMemberRemoved = payload(event)?;
                self.remove(txn, removed.company_id, removed.user_id, version)
                    .await?
            }
            _ => return Ok(None),
        };
        Ok(Some(changed))
    }

    /// Adds (or updates) a membership unless the copy already reflects a newer change of it or
    /// the account was deleted; `false` when nothing changed.
    pub async fn add(
        &self,
        txn: &DatabaseTransaction,
        company_id: Uuid,
        user_id: Uuid,
        role: CompanyMemberRole,
        version: i64,
    ) -> ApiResult<bool> {
        let key = member_key(company_id, user_id);
        if !self.ledger.advance(txn, MEMBER, key, version).await? {
            return Ok(false);
        }
        if self.ledger.is_removed(txn, ACCOUNT, user_id).await? {
            return Ok(false);
        }
        let upsert = Query::insert()
            .into_table(Alias::new(self.table))
            .columns(["company_id", "user_id", "role", "updated_at"])
            .values([
                company_id.into(),
                user_id.into(),
                role.as_str().into(),
                Utc::now().into(),
            ])
            .map_err(|err| crate::ApiError::internal("membership insert", err))?
            .on_conflict(
                OnConflict::columns(["company_id", "user_id"])
                    .update_columns(["role", "updated_at"])
                    .to_owned(),
            )
            .to_owned();
        txn.execute(&upsert).await?;
        Ok(true)
    }

    /// Removes a membership unless the copy already reflects a newer change of it; `false` when
    /// nothing changed.
    pub async fn remove(
        &self,
        txn: &DatabaseTransaction,
        company_id: Uuid,
        user_id: Uuid,
        version: i64,
    ) -> ApiResult<bool> {
        let key = member_key(company_id, user_id);
        if !self.ledger.remove(txn, MEMBER, key, version).await? {
            return Ok(false);
        }
        let delete = Query::delete()
            .from_table(Alias::new(self.table))
            .and_where(Expr::col("company_id").eq(company_id))
            .and_where(Expr::col("user_id").eq(user_id))
            .to_owned();
        txn.execute(&delete).await?;
        Ok(true)
    }

    /// A deleted account: leaves its tombstone (no membership of theirs comes back) and removes
    /// its memberships; `false` when the copy already reflects a newer version of the account.
    pub async fn account_deleted(
        &self,
        txn: &DatabaseTransaction,
        user_id: Uuid,
        version: i64,
    ) -> ApiResult<bool> {
        if !self.ledger.remove(txn, ACCOUNT, user_id, version).await? {
            return Ok(false);
        }
        self.forget_account(txn, user_id).await?;
        Ok(true)
    }

    /// Removes every membership of `user_id` (its tombstone is the caller's).
    pub async fn forget_account(&self, txn: &DatabaseTransaction, user_id: Uuid) -> ApiResult<()> {
        let delete = Query::delete()
            .from_table(Alias::new(self.table))
            .and_where(Expr::col("user_id").eq(user_id))
            .to_owned();
        txn.execute(&delete).await?;
        Ok(())
    }

    /// `user_id`'s role in `company_id`, if a member (an unknown stored role reads as none).
    pub async fn role<C: ConnectionTrait>(
        &self,
        conn: &C,
        company_id: Uuid,
        user_id: Uuid,
    ) -> ApiResult<Option<CompanyMemberRole>> {
        let select = Query::select()
            .column("role")
            .from(Alias::new(self.table))
            .and_where(Expr::col("company_id").eq(company_id))
            .and_where(Expr::col("user_id").eq(user_id))
            .to_owned();
        Ok(match conn.query_one(&select).await? {
            Some(row) => CompanyMemberRole::parse(&row.try_get::<String>("", "role")?),
            None => None,
        })
    }
}

fn member_key(company_id: Uuid, user_id: Uuid) -> String {
    format!("{company_id}:{user_id}")
}
