//! The posting lifecycle: `draft` → `published` → `closed`. Each step is a conditional update
//! (so two concurrent publishes cannot both win) plus its event in the same transaction;
//! `job.published` carries what matching scores.

use super::{JobStatus, JobsService};
use chrono::Utc;
use entities::jobs::job_posting;
use kit::{ApiError, ApiResult, Event};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

impl JobsService {
    pub async fn publish_job_posting(&self, id: Uuid) -> ApiResult<job_posting::Model> {
        self.transition(id, JobStatus::Draft, JobStatus::Published)
            .await
    }

    pub async fn close_job_posting(&self, id: Uuid) -> ApiResult<job_posting::Model> {
        self.transition(id, JobStatus::Published, JobStatus::Closed)
            .await
    }

    async fn transition(
        &self,
        id: Uuid,
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
        let changed = update
            .filter(job_posting::Column::Id.eq(id))
            .filter(job_posting::Column::Status.eq(from.as_str()))
            .exec(&txn)
            .await?
            .rows_affected;
        let posting = job_posting::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("job posting"))?;
        if changed == 0 {
            return Err(ApiError::Conflict(format!(
                "job posting is {}, only a {} posting can become {}",
                posting.status,
                from.as_str(),
                to.as_str()
            )));
        }
        let event = Event::new(event_type(to), posting.id, status_payload(&posting));
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
