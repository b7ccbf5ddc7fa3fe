//! The posting lifecycle: `draft` → `published` → `closed`. Each step is a conditional update
//! (so two concurrent publishes cannot both win) plus its event in the same transaction;
//! `job.published` carries what matching scores.
//!
//! Only the posting's author changes its status, unless the caller may change any posting
//! ([`MANAGE_ANY_POSTING`]); the author check is part of the conditional update, so it holds
//! under concurrency too.

use super::{JobStatus, JobsService};
use chrono::Utc;
use entities::jobs::job_posting;
use kit::{ApiError, ApiResult, Event};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// The permission to change postings one did not write (administrators hold it through `*`).
pub const MANAGE_ANY_POSTING: &str = "jobs:manage";

/// Who changes a posting's status.
#[derive(Clone, Copy, Debug)]
pub struct Editor {
    pub user_id: Uuid,
    /// Granted [`MANAGE_ANY_POSTING`].
    pub any_posting: bool,
}

impl JobsService {
    pub async fn publish_job_posting(
        &self,
        id: Uuid,
        editor: Editor,
    ) -> ApiResult<job_posting::Model> {
        self.transition(id, editor, JobStatus::Draft, JobStatus::Published)
            .await
    }

    pub async fn close_job_posting(
        &self,
        id: Uuid,
        editor: Editor,
    ) -> ApiResult<job_posting::Model> {
        self.transition(id, editor, JobStatus::Published, JobStatus::Closed)
            .await
    }

    async fn transition(
        &self,
        id: Uuid,
        editor: Editor,
        from: JobStatus,
        to: JobStatus,
    ) -> ApiResult<job_posting::Model> {
        let now = Utc::now();
        let txn = kit::db::begin_write(self.db()).await?;
        let mut update = job_posting::Entity::update_many()
            .col_expr(job_posting::Column::Status, Expr::value(to.as_str()))
            .col_expr(job_posting::Column::UpdatedAt, Expr::value(now));
        update = match to {
            JobStatus::Published => {
                update.col_expr(job_posting::Column::PublishedAt, Expr::value(now))
            }
            JobStatus::Closed => update.col_expr(job_posting::Column::ClosedAt, Expr::value(now)),
            _ => update,
        };
        update = update
            .filter(job_posting::Column::Id.eq(id))
            .filter(job_posting::Column::Status.eq(from.as_str()));
        if !editor.any_posting {
            update = update.filter(job_posting::Column::PostedById.eq(editor.user_id));
        }
        let changed = update.exec(&txn).await?.rows_affected;
        let posting = job_posting::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("job posting"))?;
        if !editor.any_posting && posting.posted_by_id != editor.user_id {
            return Err(ApiError::Forbidden);
        }
        if changed == 0 {
            return Err(ApiError::Conflict(format!(
                "job posting is {}, only a {} posting can become {}",
                posting.status,
                from.as_str(),
                to.as_str()
            )));
        }
        let event = Event::new(event_type(to), posting.id, status_payload(&posting))
            .with_actor(Some(editor.user_id.to_string()));
        self.outbox().enqueue(&txn, &event).await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(posting)
    }
}

fn event_type(status: JobStatus) -> &'static str {
    match status {
        JobStatus::Published => "job.published",
        JobStatus::Closed => "job.closed",
        JobStatus::Archived => "job.archived",
        JobStatus::Draft => "job.updated",
    }
}

/// The fields other subgraphs keep copies of (matching scores from them).
fn status_payload(posting: &job_posting::Model) -> serde_json::Value {
    serde_json::json!({
        "jobId": posting.id,
        "companyId": posting.company_id,
        "status": posting.status,
        "title": posting.title,
        "requiredSkills": posting.required_skills,
        "minExperienceYears": posting.min_experience_years,
        "jlptRequired": posting.jlpt_required,
        "visaSponsorship": posting.visa_sponsorship,
    })
}
