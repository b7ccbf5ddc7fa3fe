//! The audit trail of postings: every change is recorded in the transaction that makes it, so
//! a change without its row (or a row without its change) cannot happen. Company and
//! membership changes are audited by the users subgraph, which owns them.

use super::JobsService;
use chrono::{DateTime, Utc};
use entities::jobs::{job_audit_log, job_posting};
use kit::ApiResult;
use kit::pages::{IdPage, Window};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    Select,
};
use uuid::Uuid;

/// `actor` (none: the system) did `action` to `posting`.
pub async fn record(
    conn: &impl ConnectionTrait,
    actor: Option<Uuid>,
    action: &str,
    posting: &job_posting::Model,
    details: serde_json::Value,
) -> ApiResult<()> {
    job_audit_log::Entity::insert(job_audit_log::ActiveModel {
        id: Set(kit::ids::new_id()),
        actor_id: Set(actor),
        action: Set(action.to_owned()),
        target_id: Set(posting.id),
        company_id: Set(posting.company_id),
        details: Set(details),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Which audit rows to read.
#[derive(Clone, Debug, Default)]
pub struct JobAuditFilter {
    pub company_id: Option<Uuid>,
    pub posting_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub action: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

impl JobsService {
    /// The page of rows `window` asks for, newest first.
    pub async fn audit_logs(
        &self,
        filter: &JobAuditFilter,
        window: &Window<Uuid>,
    ) -> ApiResult<IdPage<job_audit_log::Model>> {
        let rows =
            kit::pages::select_id_window(audit_rows(filter), job_audit_log::Column::Id, window)
                .all(self.db())
                .await?;
        Ok(kit::pages::id_page(window, rows))
    }

    /// How many rows `filter` keeps.
    pub async fn count_audit_logs(&self, filter: &JobAuditFilter) -> ApiResult<u64> {
        Ok(audit_rows(filter).count(self.db()).await?)
    }
}

/// The rows `filter` keeps.
fn audit_rows(filter: &JobAuditFilter) -> Select<job_audit_log::Entity> {
    use job_audit_log::Column;
    let mut select = job_audit_log::Entity::find();
    if let Some(company) = filter.company_id {
        select = select.filter(Column::CompanyId.eq(company));
    }
    if let Some(posting) = filter.posting_id {
        select = select.filter(Column::TargetId.eq(posting));
    }
    if let Some(actor) = filter.actor_id {
        select = select.filter(Column::ActorId.eq(actor));
    }
    if let Some(action) = &filter.action {
        select = select.filter(Column::Action.eq(action.as_str()));
    }
    if let Some(from) = filter.from {
        select = select.filter(Column::CreatedAt.gte(from));
    }
    if let Some(to) = filter.to {
        select = select.filter(Column::CreatedAt.lt(to));
    }
    select
}
