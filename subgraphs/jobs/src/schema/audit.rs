//! The postings' audit trail for `audit:read` holders, beside the identity audit log
//! (`auditLogs`, where company and membership changes are).

use crate::service::{JobAuditFilter, JobsService};
use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use contracts::Permission;
use entities::jobs::job_audit_log;
use kit::ApiError;
use kit::auth::RequirePermission;
use kit::ids::parse_id;
use kit::pages::PageArgs;
use uuid::Uuid;

const MAX_ACTION: usize = 100;

/// Which audit entries to return; every given condition must hold.
#[derive(InputObject, Default)]
pub struct JobAuditLogFilterInput {
    /// Only changes to this company's postings.
    pub company_id: Option<ID>,
    /// Only changes to this posting.
    pub posting_id: Option<ID>,
    /// Only changes made by this user.
    pub actor_id: Option<ID>,
    /// E.g. `job_posting_published`.
    pub action: Option<String>,
    /// Only entries recorded at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only entries recorded before this time (exclusive).
    pub to: Option<DateTime<Utc>>,
}

/// One change to a posting.
#[derive(SimpleObject)]
pub struct JobAuditLogEntry {
    /// The entry's id.
    pub id: ID,
    /// Who acted; null when the system did (a posting closed at its deadline).
    pub actor_id: Option<ID>,
    /// `job_posting_created`, `job_posting_updated`, `job_posting_published`,
    /// `job_posting_closed`, `job_posting_archived` or `job_posting_deleted`.
    pub action: String,
    /// The posting.
    pub target_id: ID,
    /// The company the posting belongs to.
    pub company_id: ID,
    /// E.g. the changed fields of an edit.
    pub details: async_graphql::Json<serde_json::Value>,
    /// When the change was made.
    pub created_at: DateTime<Utc>,
}

impl From<job_audit_log::Model> for JobAuditLogEntry {
    fn from(row: job_audit_log::Model) -> Self {
        let id = |value: Uuid| ID(value.to_string());
        Self {
            id: id(row.id),
            actor_id: row.actor_id.map(id),
            action: row.action,
            target_id: id(row.target_id),
            company_id: id(row.company_id),
            details: async_graphql::Json(row.details),
            created_at: row.created_at,
        }
    }
}

fn optional_id(value: Option<&ID>, field: &str) -> Result<Option<Uuid>> {
    Ok(value.map(|id| parse_id(id, field)).transpose()?)
}

impl JobAuditLogFilterInput {
    fn parsed(self) -> Result<JobAuditFilter> {
        if self
            .action
            .as_deref()
            .is_some_and(|action| action.chars().nth(MAX_ACTION).is_some())
        {
            return Err(
                ApiError::invalid("filter.action", "must be at most 100 characters").into(),
            );
        }
        Ok(JobAuditFilter {
            company_id: optional_id(self.company_id.as_ref(), "filter.companyId")?,
            posting_id: optional_id(self.posting_id.as_ref(), "filter.postingId")?,
            actor_id: optional_id(self.actor_id.as_ref(), "filter.actorId")?,
            action: self.action,
            from: self.from,
            to: self.to,
        })
    }
}

/// What a page of audit entries adds to its connection.
pub struct JobAuditTotals {
    filter: JobAuditFilter,
}

#[Object]
impl JobAuditTotals {
    /// Every entry the filter keeps, not only this page.
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(ctx
            .data::<JobsService>()?
            .count_audit_logs(&self.filter)
            .await?)
    }
}

#[derive(Default)]
pub struct AuditQueries;

#[Object]
impl AuditQueries {
    /// Changes to postings, newest first, with `totalCount`: `first` (≤ 100) after `after`,
    /// or back with `last` before `before`. Needs `audit:read`.
    #[graphql(guard = "RequirePermission::new(Permission::AuditRead)")]
    async fn job_audit_logs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which entries to return; all when omitted.")] filter: Option<
            JobAuditLogFilterInput,
        >,
        #[graphql(desc = "How many entries to return: 0 to 100, default 20.")] first: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the last edge already received; the page starts after it. \
                    Omit for the first page."
        )]
        after: Option<String>,
        #[graphql(
            desc = "How many entries to return from the end of the list (or before `before`): \
                    0 to 100, default 20. Not with `first` or `after`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the first edge already received; the page ends before it. \
                    Page back with `last`."
        )]
        before: Option<String>,
    ) -> Result<Connection<String, JobAuditLogEntry, JobAuditTotals, EmptyFields>> {
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        let window = kit::pages::id_window(args, kit::pages::DEFAULT_PAGE, kit::pages::MAX_PAGE)?;
        let filter = filter.unwrap_or_default().parsed()?;
        let page = ctx
            .data::<JobsService>()?
            .audit_logs(&filter, &window)
            .await?;
        let mut connection = Connection::with_additional_fields(
            page.has_previous_page,
            page.has_next_page,
            JobAuditTotals { filter },
        );
        connection.edges.extend(
            page.items
                .into_iter()
                .map(|row| Edge::new(row.id.to_string(), JobAuditLogEntry::from(row))),
        );
        Ok(connection)
    }
}
