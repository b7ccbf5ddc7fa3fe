//! Administration, each field behind a permission guard: user search, status, roles, the
//! audit log, and signing key rotation.

use crate::schema::User;
use crate::schema::request::{bounded, origin};
use crate::service::{AuditFilter, Role, UserFilter, UserStatus, UsersService};
use async_graphql::connection::{Connection, Edge, EmptyFields, query};
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use contracts::Permission;
use entities::users::audit_log;
use kit::ApiError;
use kit::auth::{Caller, CallerOf, RequirePermission};
use uuid::Uuid;

/// Role and action names are short identifiers (`hr_manager`, `login`).
const MAX_NAME: usize = 64;
/// A search term is a name or an address, not a document; each row is matched against it.
const MAX_QUERY: usize = 100;
/// The reason for a status change, kept in the audit log.
const MAX_REASON: usize = 500;

/// Narrows `users`; every condition given must hold.
#[derive(InputObject, Default)]
pub struct UserFilterInput {
    /// Only holders of this role, primary or granted.
    pub role: Option<Role>,
    /// Only accounts in this status.
    pub status: Option<UserStatus>,
    /// Searches names, kana and e-mail, case-insensitively.
    pub query: Option<String>,
}

/// Narrows `auditLogs`; every condition given must hold.
#[derive(InputObject, Default)]
pub struct AuditLogFilterInput {
    /// Rows where the user is the actor or the target.
    pub user_id: Option<ID>,
    /// Only rows of exactly this action, e.g. `login` or `admin.set_user_status`; at most 64
    /// characters.
    pub action: Option<String>,
    /// Only rows written at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Only rows written before this instant (exclusive).
    pub to: Option<DateTime<Utc>>,
}

/// One audit row.
#[derive(SimpleObject)]
pub struct AuditLogEntry {
    /// The row's id.
    pub id: ID,
    /// The user who acted; null when no account is known (e.g. a login with an unknown address)
    /// and for actions of the system itself.
    pub actor_id: Option<ID>,
    /// What happened, e.g. `login`, `logout`, `admin.assign_role` or
    /// `company_invitation_sent`.
    pub action: String,
    /// The id of what was acted on, usually a user; null when nothing was.
    pub target_id: Option<ID>,
    /// The client IP address of the request; null when unknown.
    pub ip: Option<String>,
    /// The request's `User-Agent` header; null when none was sent.
    pub user_agent: Option<String>,
    /// Whether the action succeeded; false for refused attempts such as a wrong password.
    pub success: bool,
    /// Details that depend on the action, as a JSON object, e.g. `{"reason": "bad_credentials"}`.
    pub details: async_graphql::Json<serde_json::Value>,
    /// When it happened.
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
    Ok(kit::pages::page_size(
        first,
        kit::pages::DEFAULT_PAGE,
        kit::pages::MAX_PAGE,
    )?)
}

fn cursor(after: Option<String>) -> Result<Option<Uuid>> {
    Ok(kit::pages::id_after(after)?)
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
        #[graphql(
            desc = "Narrows the list (every condition given must hold); every user when omitted."
        )]
        filter: Option<UserFilterInput>,
        #[graphql(desc = "How many to return: 0 to 100; default 20.")] first: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the last edge already read; omit it for the first page."
        )]
        after: Option<String>,
    ) -> Result<Connection<String, User, EmptyFields, EmptyFields>> {
        let service = ctx.data::<UsersService>()?.clone();
        let filter = filter.unwrap_or_default();
        bounded(&[("filter.query", filter.query.as_deref(), MAX_QUERY)])?;
        query(after, None, first, None, |after, _, first, _| async move {
            let first = page(first)?;
            let after = cursor(after)?;
            let rows = service
                .list_users(
                    UserFilter {
                        role: filter.role.map(|role| role.as_str().to_owned()),
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
        #[graphql(
            desc = "Narrows the log (every condition given must hold); every row when omitted."
        )]
        filter: Option<AuditLogFilterInput>,
        #[graphql(desc = "How many to return: 0 to 100; default 20.")] first: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the last edge already read; omit it for the first page."
        )]
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
        #[graphql(desc = "The account to change; your own only to `ACTIVE`.")] user_id: ID,
        #[graphql(
            desc = "The new status; `DELETED` is refused (owners delete their accounts with \
                    `deleteMyAccount`)."
        )]
        status: UserStatus,
        #[graphql(
            desc = "Why the status changes, kept in the audit log; optional, at most 500 \
                    characters."
        )]
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
    async fn assign_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The user to grant the role to.")] user_id: ID,
        #[graphql(desc = "The role to grant; a role held already is left as it is.")] role: Role,
    ) -> Result<User> {
        let target = kit::ids::parse_id(&user_id, "userId")?;
        let service = ctx.data::<UsersService>()?;
        let user = service
            .assign_role(actor(ctx)?, target, role.as_str(), &origin(ctx))
            .await?;
        Ok(User::public(user))
    }

    /// Removes a granted role (not the primary one). Needs `roles:manage`.
    #[graphql(guard = "RequirePermission::new(Permission::RolesManage)")]
    async fn revoke_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The user to take the role from.")] user_id: ID,
        #[graphql(
            desc = "The granted role to take away; not the user's primary role, nor your own \
                    `ADMIN`."
        )]
        role: Role,
    ) -> Result<User> {
        let target = kit::ids::parse_id(&user_id, "userId")?;
        let service = ctx.data::<UsersService>()?;
        let user = service
            .revoke_role(actor(ctx)?, target, role.as_str(), &origin(ctx))
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
