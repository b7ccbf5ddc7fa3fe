//! Administration, each field behind a permission guard: user search, status, roles, the
//! audit log, and signing key rotation.

use crate::schema::User;
use crate::schema::request::{bounded, origin};
use crate::service::{AuditFilter, UserFilter, UserStatus, UsersService};
use async_graphql::connection::{Connection, Edge, EmptyFields, query};
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use contracts::Permission;
use entities::users::audit_log;
use kit::ApiError;
use kit::auth::{Caller, CallerOf, RequirePermission};
use uuid::Uuid;

const DEFAULT_PAGE: usize = 20;
const MAX_PAGE: usize = 100;
/// Role and action names are short identifiers (`hr_manager`, `login`).
const MAX_NAME: usize = 64;
/// A search term is a name or an address, not a document; each row is matched against it.
const MAX_QUERY: usize = 100;
/// The reason for a status change, kept in the audit log.
const MAX_REASON: usize = 500;

#[derive(InputObject, Default)]
pub struct UserFilterInput {
    pub role: Option<String>,
    pub status: Option<UserStatus>,
    /// Searches names, kana and e-mail, case-insensitively.
    pub query: Option<String>,
}

#[derive(InputObject, Default)]
pub struct AuditLogFilterInput {
    /// Rows where the user is the actor or the target.
    pub user_id: Option<ID>,
    pub action: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// One audit row.
#[derive(SimpleObject)]
pub struct AuditLogEntry {
    pub id: ID,
    pub actor_id: Option<ID>,
    pub action: String,
    pub target_id: Option<ID>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub success: bool,
    pub details: async_graphql::Json<serde_json::Value>,
    pub created_at: DateTime<Utc>,
}

impl From<audit_log::Model> for AuditLogEntry {
    fn from(row: audit_log::Model) -> Self {
        let id = |value: Option<Uuid>| value.map(|value| ID(value.to_string()));
        Self {
            id: ID(row.id.to_string()),
            actor_id: id(row.actor_id),
            action: row.action,
            target_id: id(row.target_id),
            ip: row.ip,
            user_agent: row.user_agent,
            success: row.success,
            details: async_graphql::Json(row.details),
            created_at: row.created_at,
        }
    }
}

fn page(first: Option<usize>) -> Result<usize> {
    let first = first.unwrap_or(DEFAULT_PAGE);
    if first > MAX_PAGE {
        return Err(ApiError::invalid("first", "must be at most 100").into());
    }
    Ok(first)
}

fn cursor(after: Option<String>) -> Result<Option<Uuid>> {
    Ok(after
        .map(|cursor| {
            Uuid::parse_str(&cursor)
                .map_err(|_| ApiError::invalid("after", "is not a valid cursor"))
        })
        .transpose()?)
}

fn actor(ctx: &Context<'_>) -> Result<Uuid> {
    Ok(Caller::of(ctx)
        .require_user()
        .map_err(ApiError::from)?
        .user_id)
}

#[derive(Default)]
pub struct AdminQueries;

#[Object]
impl AdminQueries {
    /// Users, newest first, as a cursor connection (`first` ≤ 100). Needs `users:read`.
    #[graphql(guard = "RequirePermission::new(Permission::UsersRead)")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        filter: Option<UserFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, User, EmptyFields, EmptyFields>> {
        let service = ctx.data::<UsersService>()?.clone();
        let filter = filter.unwrap_or_default();
        bounded(&[
            ("filter.role", filter.role.as_deref(), MAX_NAME),
            ("filter.query", filter.query.as_deref(), MAX_QUERY),
        ])?;
        query(after, None, first, None, |after, _, first, _| async move {
            let first = page(first)?;
            let after = cursor(after)?;
            let rows = service
                .list_users(
                    UserFilter {
                        role: filter.role,
                        status: filter.status,
                        query: filter.query,
                    },
                    after,
                    first as u64 + 1,
                )
                .await?;
            let mut connection = Connection::new(after.is_some(), rows.len() > first);
            connection.edges.extend(
                rows.into_iter()
                    .take(first)
                    .map(|row| Edge::new(row.id.to_string(), User::public(row))),
            );
            Ok::<_, async_graphql::Error>(connection)
        })
        .await
    }

    /// The audit log, newest first (`first` ≤ 100). Needs `audit:read`.
    #[graphql(guard = "RequirePermission::new(Permission::AuditRead)")]
    async fn audit_logs(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditLogFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<String, AuditLogEntry, EmptyFields, EmptyFields>> {
        let service = ctx.data::<UsersService>()?.clone();
        let filter = filter.unwrap_or_default();
        bounded(&[("filter.action", filter.action.as_deref(), MAX_NAME)])?;
        let user_id = filter
            .user_id
            .as_ref()
            .map(|id| kit::ids::parse_id(id, "filter.userId"))
            .transpose()?;
        query(after, None, first, None, |after, _, first, _| async move {
            let first = page(first)?;
            let after = cursor(after)?;
            let rows = service
                .audit_logs(
                    AuditFilter {
                        user_id,
                        action: filter.action,
                        from: filter.from,
                        to: filter.to,
                    },
                    after,
                    first as u64 + 1,
                )
                .await?;
            let mut connection = Connection::new(after.is_some(), rows.len() > first);
            connection.edges.extend(
                rows.into_iter()
                    .take(first)
                    .map(|row| Edge::new(row.id.to_string(), AuditLogEntry::from(row))),
            );
            Ok::<_, async_graphql::Error>(connection)
        })
        .await
    }
}

#[derive(Default)]
pub struct AdminMutations;

#[Object]
impl AdminMutations {
    /// Sets an account's status; anything but `ACTIVE` ends its sessions. Needs `users:manage`.
    #[graphql(guard = "RequirePermission::new(Permission::UsersManage)")]
    async fn set_user_status(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        status: UserStatus,
        reason: Option<String>,
    ) -> Result<User> {
        bounded(&[("reason", reason.as_deref(), MAX_REASON)])?;
        let target = kit::ids::parse_id(&user_id, "userId")?;
        let service = ctx.data::<UsersService>()?;
        let user = service
            .set_user_status(actor(ctx)?, target, status, reason, &origin(ctx))
            .await?;
        Ok(User::public(user))
    }

    /// Grants a role; its permissions reach the user's next access token. Needs `roles:manage`.
    #[graphql(guard = "RequirePermission::new(Permission::RolesManage)")]
    async fn assign_role(&self, ctx: &Context<'_>, user_id: ID, role: String) -> Result<User> {
        bounded(&[("role", Some(&role), MAX_NAME)])?;
        let target = kit::ids::parse_id(&user_id, "userId")?;
        let service = ctx.data::<UsersService>()?;
        let user = service
            .assign_role(actor(ctx)?, target, &role, &origin(ctx))
            .await?;
        Ok(User::public(user))
    }

    /// Removes a granted role (not the primary one). Needs `roles:manage`.
    #[graphql(guard = "RequirePermission::new(Permission::RolesManage)")]
    async fn revoke_role(&self, ctx: &Context<'_>, user_id: ID, role: String) -> Result<User> {
        bounded(&[("role", Some(&role), MAX_NAME)])?;
        let target = kit::ids::parse_id(&user_id, "userId")?;
        let service = ctx.data::<UsersService>()?;
        let user = service
            .revoke_role(actor(ctx)?, target, &role, &origin(ctx))
            .await?;
        Ok(User::public(user))
    }

    /// Starts signing with a new key; old keys verify until their tokens expire. Needs
    /// `keys:manage`. Returns the new key id.
    #[graphql(guard = "RequirePermission::new(Permission::KeysManage)")]
    async fn rotate_signing_key(&self, ctx: &Context<'_>) -> Result<String> {
        let service = ctx.data::<UsersService>()?;
        Ok(service.tokens().keys().rotate().await?)
    }
}
