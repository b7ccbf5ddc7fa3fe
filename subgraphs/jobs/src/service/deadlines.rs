//! Closing published postings when their application deadline passes.
//!
//! The deadline is a column, so nothing is lost across restarts: each instance runs one task
//! that closes whatever is overdue, then sleeps until the next deadline (at most a minute, so
//! deadlines set on other instances are seen too; a publish or edit on this instance wakes it
//! at once). Closing is the same conditional update as `closeJobPosting` (`published` →
//! `closed`), so when several instances find the same posting due only one closes it and
//! raises `job.closed`.

use super::lifecycle::status_payload;
use super::{JobStatus, JobsService, audit, search};
use chrono::{DateTime, Utc};
use entities::jobs::job_posting;
use kit::{ApiError, ApiResult, Event};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::time::Duration;
use uuid::Uuid;

/// The longest the task sleeps between looks.
const MAX_SLEEP: Duration = Duration::from_secs(60);
/// Postings closed per look; more wait for the next (immediate) round.
const BATCH: u64 = 100;

impl JobsService {
    /// Closes published postings whose deadline is at or before `now`; returns how many this
    /// call closed.
    pub async fn close_overdue_postings(&self, now: DateTime<Utc>) -> ApiResult<usize> {
        let due: Vec<Uuid> = job_posting::Entity::find()
            .select_only()
            .column(job_posting::Column::Id)
            .filter(job_posting::Column::Status.eq(JobStatus::Published.as_str()))
            .filter(job_posting::Column::ApplicationDeadline.lte(now))
            .order_by_asc(job_posting::Column::ApplicationDeadline)
            .limit(BATCH)
            .into_tuple()
            .all(self.db())
            .await?;
        let mut closed = 0;
        for id in due {
            if self.close_at_deadline(id, now).await? {
                closed += 1;
            }
        }
        Ok(closed)
    }

    /// `false` when another instance (or an editor) changed it first.
    async fn close_at_deadline(&self, id: Uuid, now: DateTime<Utc>) -> ApiResult<bool> {
        let txn = kit::db::begin_write(self.db()).await?;
        let changed = job_posting::Entity::update_many()
            .col_expr(
                job_posting::Column::Status,
                Expr::value(JobStatus::Closed.as_str()),
            )
            .col_expr(job_posting::Column::ClosedAt, Expr::value(now))
            .col_expr(job_posting::Column::UpdatedAt, Expr::value(now))
            .filter(job_posting::Column::Id.eq(id))
            .filter(job_posting::Column::Status.eq(JobStatus::Published.as_str()))
            .filter(job_posting::Column::ApplicationDeadline.lte(now))
            .exec(&txn)
            .await?
            .rows_affected;
        if changed == 0 {
            return Ok(false);
        }
        let posting = job_posting::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("job posting"))?;
        search::index::sync(&txn, &posting).await?;
        // No actor: the deadline closed it, not a person.
        let event = Event::of(posting.id, &status_payload(&posting)?)?;
        self.outbox().enqueue(&txn, &event).await?;
        audit::record(
            &txn,
            None,
            "job_posting_closed",
            &posting,
            serde_json::json!({"from": "published", "reason": "application deadline"}),
        )
        .await?;
        txn.commit().await?;
        self.outbox().wake();
        tracing::info!(posting = %id, "closed at its application deadline");
        Ok(true)
    }

    async fn next_deadline(&self) -> ApiResult<Option<DateTime<Utc>>> {
        Ok(job_posting::Entity::find()
            .select_only()
            .column(job_posting::Column::ApplicationDeadline)
            .filter(job_posting::Column::Status.eq(JobStatus::Published.as_str()))
            .filter(job_posting::Column::ApplicationDeadline.is_not_null())
            .order_by_asc(job_posting::Column::ApplicationDeadline)
            .into_tuple::<Option<DateTime<Utc>>>()
            .one(self.db())
            .await?
            .flatten())
    }

    /// Runs the deadline task until `shutdown`.
    pub fn spawn_deadline_scheduler(
        &self,
        mut shutdown: kit::lifecycle::Shutdown,
    ) -> tokio::task::JoinHandle<()> {
        let service = self.clone();
        tokio::spawn(async move {
            while !shutdown.is_requested() {
                let wait = match service.deadline_round().await {
                    Ok(wait) => wait,
                    Err(err) => {
                        tracing::warn!(error = %err.report(), "closing overdue postings failed");
                        MAX_SLEEP
                    }
                };
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = service.deadlines_changed().notified() => {}
                    () = shutdown.requested() => {}
                }
            }
        })
    }

    /// Closes what is due; how long to sleep before the next round.
    async fn deadline_round(&self) -> ApiResult<Duration> {
        let now = Utc::now();
        // The view hashes of past days are forgotten on the same clock.
        self.forget_old_views().await?;
        if self.close_overdue_postings(now).await? == BATCH as usize {
            return Ok(Duration::ZERO);
        }
        let next = self.next_deadline().await?;
        Ok(next.map_or(MAX_SLEEP, |next| {
            (next - Utc::now())
                .to_std()
                .unwrap_or(Duration::ZERO)
                .min(MAX_SLEEP)
        }))
    }
}
