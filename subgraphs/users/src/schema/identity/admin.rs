//! Administration, each field behind a permission guard: user search, status, roles, the
//! audit log, and signing key rotation. The user and audit lists page both ways by id
//! (`kit::pages`); their `totalCount` runs its count only when a client asks for it, so pages
//! that do not ask pay nothing for it.

use crate::schema::User;
use crate::schema::request::{bounded, origin};
use crate::service::{AuditFilter, Role, UserFilter, UserStatus, UsersService};
use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{
    Context, ID, InputObject, Object, ObjectType, OutputType, Result, SimpleObject,
};
use chrono::{DateTime, Utc};
use contracts::Permission;
use entities::users::audit_log;
use kit::ApiError;
use kit::auth::{Caller, CallerOf, RequirePermission};
use kit::pages::{IdPage, PageArgs, Window};
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

/// The window of an id-paged admin list the four paging arguments ask for.
fn window(args: PageArgs) -> Result<Window<Uuid>> {
    Ok(kit::pages::id_window(
        args,
        kit::pages::DEFAULT_PAGE,
        kit::pages::MAX_PAGE,
    )?)
}

/// A connection of `page`, each edge's cursor its item's id.
fn connection<T, N, E>(
    page: IdPage<T>,
    totals: E,
    id: impl Fn(&T) -> Uuid,
    node: impl Fn(T) -> N,
) -> Connection<String, N, E, EmptyFields>
where
    N: OutputType,
    E: ObjectType,
{
    let mut connection =
        Connection::with_additional_fields(page.has_previous_page, page.has_next_page, totals);
    connection.edges.extend(
        page.items
            .into_iter()
            .map(|item| Edge::new(id(&item).to_string(), node(item))),
    );
    connection
}

/// What `users` adds to its connection: the count, run only when asked for.
pub struct UserTotals(UserFilter);

#[Object]
impl UserTotals {
    /// Every user the filter keeps, not only this page.
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(ctx.data::<UsersService>()?.count_users(&self.0).await?)
    }
}

/// What `auditLogs` adds to its connection: the count, run only when asked for.
pub struct AuditLogTotals(AuditFilter);

#[Object]
impl AuditLogTotals {
    /// Every row the filter keeps, not only this page.
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(ctx
            .data::<UsersService>()?
            .count_audit_logs(&self.0)
            .await?)
    }
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
    /// Users, newest first, as a cursor connection with `totalCount` (`first` or `last` ≤ 100);
    /// page with `after`, or back with `last` and `before`. Needs `users:read`.
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
        #[graphql(
            desc = "How many to return from the end of the list (or before `before`), 0 to \
                    100; page back with `before`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the first edge already received: the page ends before it."
        )]
        before: Option<String>,
    ) -> Result<Connection<String, User, UserTotals, EmptyFields>> {
        let filter = filter.unwrap_or_default();
        bounded(&[("filter.query", filter.query.as_deref(), MAX_QUERY)])?;
        let window = window(PageArgs {
            first,
            after,
            last,
            before,
        })?;
        let filter = UserFilter {
            role: filter.role.map(|role| role.as_str().to_owned()),
            status: filter.status,
            query: filter.query,
        };
        let page = ctx
            .data::<UsersService>()?
            .list_users(&filter, &window)
            .await?;
        Ok(connection(
            page,
            UserTotals(filter),
            |row| row.id,
            User::public,
        ))
    }

    /// The audit log, newest first, with `totalCount` (`first` or `last` ≤ 100); page with
    /// `after`, or back with `last` and `before`. Needs `audit:read`.
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
        #[graphql(
            desc = "How many to return from the end of the list (or before `before`), 0 to \
                    100; page back with `before`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the first edge already received: the page ends before it."
        )]
        before: Option<String>,
    ) -> Result<Connection<String, AuditLogEntry, AuditLogTotals, EmptyFields>> {
        let filter = filter.unwrap_or_default();
        bounded(&[("filter.action", filter.action.as_deref(), MAX_NAME)])?;
        let user_id = filter
            .user_id
            .as_ref()
            .map(|id| kit::ids::parse_id(id, "filter.userId"))
            .transpose()?;
        let window = window(PageArgs {
            first,
            after,
            last,
            before,
        })?;
        let filter = AuditFilter {
            user_id,
            action: filter.action,
            from: filter.from,
            to: filter.to,
        };
        let page = ctx
            .data::<UsersService>()?
            .audit_logs(&filter, &window)
            .await?;
        Ok(connection(
            page,
            AuditLogTotals(filter),
            |row| row.id,
            AuditLogEntry::from,
        ))
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
