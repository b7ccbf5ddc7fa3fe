//! The admin surface: searching users, granting and revoking roles, reading the audit log.
//! Permission checks live on the GraphQL fields (guards); this module holds the rules that
//! are about data (a role must exist, the primary role stays, admins keep their own access).

use super::audit::{self, AuditEntry, Origin};
use super::roles::UserStatus;
use crate::service::UsersService;
use chrono::{DateTime, Utc};
use contracts::events::UserUpdated;
use entities::users::{audit_log, role, user, user_role};
use kit::pages::{IdPage, Window, id_page, select_id_window};
use kit::{ApiError, ApiResult, Event};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, QueryTrait, Select,
};
use uuid::Uuid;

/// Which users to list.
#[derive(Clone, Default)]
pub struct UserFilter {
    pub role: Option<String>,
    pub status: Option<UserStatus>,
    /// Matched case-insensitively against names, kana and e-mail.
    pub query: Option<String>,
}

/// Which audit rows to list.
#[derive(Clone, Default)]
pub struct AuditFilter {
    pub user_id: Option<Uuid>,
    pub action: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// `%` and `_` in a search term are literal, not wildcards.
fn like_pattern(term: &str) -> String {
    let escaped = term
        .trim()
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl UsersService {
    /// A page of the users `filter` keeps, newest first (ids are time-ordered).
    pub async fn list_users(
        &self,
        filter: &UserFilter,
        window: &Window<Uuid>,
    ) -> ApiResult<IdPage<user::Model>> {
        let rows = select_id_window(users_matching(filter), user::Column::Id, window)
            .all(self.db())
            .await?;
        Ok(id_page(window, rows))
    }

    /// How many users `filter` keeps.
    pub async fn count_users(&self, filter: &UserFilter) -> ApiResult<u64> {
        Ok(users_matching(filter).count(self.db()).await?)
    }

    pub async fn assign_role(
        &self,
        actor: Uuid,
        user_id: Uuid,
        role_name: &str,
        origin: &Origin,
    ) -> ApiResult<user::Model> {
        let user = self
            .find_user(user_id)
            .await?
            .ok_or(ApiError::NotFound("user"))?;
        if role::Entity::find_by_id(role_name)
            .one(self.db())
            .await?
            .is_none()
        {
            return Err(ApiError::invalid("role", "is not a known role"));
        }
        let held = user_role::Entity::find_by_id((user_id, role_name.to_owned()))
            .one(self.db())
            .await?;
        if held.is_some() {
            return Ok(user);
        }
        let txn = kit::db::begin_write(self.db()).await?;
        let inserted = user_role::Entity::insert(user_role::ActiveModel {
            user_id: Set(user_id),
            role: Set(role_name.to_owned()),
            granted_by: Set(Some(actor)),
            granted_at: Set(Utc::now()),
        })
        .exec_without_returning(&txn)
        .await;
        match inserted {
            // A concurrent assignment of the same role won the race: the role is held, which
            // is what was asked (the transaction is rolled back when dropped).
            Err(err) if kit::db::is_unique_violation(&err) => return Ok(user),
            other => other?,
        };
        self.record_role_change(&txn, actor, user_id, role_name, "admin.assign_role", origin)
            .await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(user)
    }

    pub async fn revoke_role(
        &self,
        actor: Uuid,
        user_id: Uuid,
        role_name: &str,
        origin: &Origin,
    ) -> ApiResult<user::Model> {
        let user = self
            .find_user(user_id)
            .await?
            .ok_or(ApiError::NotFound("user"))?;
        if user.role == role_name {
            return Err(ApiError::invalid(
                "role",
                "is the user's primary role and cannot be revoked",
            ));
        }
        if actor == user_id && role_name == "admin" {
            return Err(ApiError::invalid(
                "role",
                "you cannot revoke your own admin role",
            ));
        }
        let txn = kit::db::begin_write(self.db()).await?;
        let removed = user_role::Entity::delete_by_id((user_id, role_name.to_owned()))
            .exec(&txn)
            .await?;
        if removed.rows_affected == 0 {
            return Err(ApiError::NotFound("role grant"));
        }
        self.record_role_change(&txn, actor, user_id, role_name, "admin.revoke_role", origin)
            .await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(user)
    }

    async fn record_role_change(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        actor: Uuid,
        user_id: Uuid,
        role_name: &str,
        action: &'static str,
        origin: &Origin,
    ) -> ApiResult<()> {
        audit::record(
            txn,
            AuditEntry {
                actor_id: Some(actor),
                action,
                target_id: Some(user_id),
                success: true,
                details: serde_json::json!({"role": role_name}),
            },
            origin,
        )
        .await?;
        let event = Event::of(
            user_id,
            &UserUpdated {
                user_id,
                changed_fields: vec!["roles".into()],
                profile_completeness: None,
            },
        )?
        .with_actor(Some(actor.to_string()));
        self.outbox().enqueue(txn, &event).await?;
        Ok(())
    }

    /// A page of the audit rows `filter` keeps, newest first.
    pub async fn audit_logs(
        &self,
        filter: &AuditFilter,
        window: &Window<Uuid>,
    ) -> ApiResult<IdPage<audit_log::Model>> {
        let rows = select_id_window(audit_rows_matching(filter), audit_log::Column::Id, window)
            .all(self.db())
            .await?;
        Ok(id_page(window, rows))
    }

    /// How many audit rows `filter` keeps.
    pub async fn count_audit_logs(&self, filter: &AuditFilter) -> ApiResult<u64> {
        Ok(audit_rows_matching(filter).count(self.db()).await?)
    }
}

/// The users `filter` keeps, in no particular order.
fn users_matching(filter: &UserFilter) -> Select<user::Entity> {
    let mut select = user::Entity::find();
    if let Some(role) = &filter.role {
        let holders = user_role::Entity::find()
            .select_only()
            .column(user_role::Column::UserId)
            .filter(user_role::Column::Role.eq(role))
            .into_query()
            .to_owned();
        select = select.filter(user::Column::Id.in_subquery(holders));
    }
    if let Some(status) = filter.status {
        select = select.filter(user::Column::Status.eq(status.as_str()));
    }
    if let Some(term) = filter
        .query
        .as_deref()
        .filter(|term| !term.trim().is_empty())
    {
        select = select.filter(named_like(term));
    }
    select
}

/// Names, kana or e-mail containing `term`, case-insensitively.
fn named_like(term: &str) -> Condition {
    let pattern = like_pattern(term);
    let mut any = Condition::any();
    for column in [
        user::Column::FirstName,
        user::Column::LastName,
        user::Column::FirstNameKana,
        user::Column::LastNameKana,
        user::Column::EmailNormalized,
    ] {
        any = any.add(
            Expr::expr(Func::lower(Expr::col(column)))
                .like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\')),
        );
    }
    any
}

/// The audit rows `filter` keeps, in no particular order.
fn audit_rows_matching(filter: &AuditFilter) -> Select<audit_log::Entity> {
    let mut select = audit_log::Entity::find();
    if let Some(user_id) = filter.user_id {
        select = select.filter(
            Condition::any()
                .add(audit_log::Column::TargetId.eq(user_id))
                .add(audit_log::Column::ActorId.eq(user_id)),
        );
    }
    if let Some(action) = &filter.action {
        select = select.filter(audit_log::Column::Action.eq(action));
    }
    if let Some(from) = filter.from {
        select = select.filter(audit_log::Column::CreatedAt.gte(from));
    }
    if let Some(to) = filter.to {
        select = select.filter(audit_log::Column::CreatedAt.lt(to));
    }
    select
}
