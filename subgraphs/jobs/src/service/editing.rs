//! Editing and deleting postings. An edit applies the changes to the stored posting, checks it
//! whole and writes it only if nobody changed it meanwhile (its `updated_at` is part of the
//! update's condition), raising `job.updated` with the changed fields so matching rescores.
//! Drafts and published postings are edited; closed and archived ones are history. Only drafts
//! are deleted: a published posting has been seen, so it is closed instead.

use super::lifecycle::{check_publishable, status_payload};
use super::posting_rules::PostingChanges;
use super::{Editor, JobStatus, JobsService, audit, posting_store, search};
use chrono::Utc;
use entities::jobs::job_posting;
use kit::{ApiError, ApiResult, Event};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

const EDITABLE: [JobStatus; 2] = [JobStatus::Draft, JobStatus::Published];

impl JobsService {
    /// The posting `editor` may write, or `NOT_FOUND` (also when they may not even see it) or
    /// `FORBIDDEN`.
    async fn writable_posting(&self, editor: Editor, id: Uuid) -> ApiResult<job_posting::Model> {
        let posting = job_posting::Entity::find_by_id(id).one(self.db()).await?;
        let posting = self
            .visible(editor.viewer(), posting)
            .await?
            .ok_or(ApiError::NotFound("job posting"))?;
        self.require_writer(editor, posting.company_id).await?;
        Ok(posting)
    }

    pub async fn update_job_posting(
        &self,
        editor: Editor,
        id: Uuid,
        changes: PostingChanges,
    ) -> ApiResult<job_posting::Model> {
        let current = self.writable_posting(editor, id).await?;
        if !EDITABLE
            .iter()
            .any(|status| status.as_str() == current.status)
        {
            return Err(ApiError::Conflict(format!(
                "job posting is {}; only draft and published postings can be edited",
                current.status
            )));
        }
        let now = Utc::now();
        let (data, changed) = changes.apply(&posting_store::data_of(&current), now)?;
        if changed.is_empty() {
            return Ok(current);
        }
        // A published posting stays publishable: the edit is refused, the posting unchanged.
        if current.status == JobStatus::Published.as_str() {
            check_publishable(&data)?;
        }
        let mut row = job_posting::ActiveModel {
            updated_at: Set(now),
            ..Default::default()
        };
        posting_store::write(&mut row, &data);
        let txn = kit::db::begin_write(self.db()).await?;
        let written = job_posting::Entity::update_many()
            .set(row)
            .filter(job_posting::Column::Id.eq(id))
            .filter(job_posting::Column::UpdatedAt.eq(current.updated_at))
            // The status it was checked under (a draft published meanwhile is not edited
            // unchecked).
            .filter(job_posting::Column::Status.eq(current.status.clone()))
            .exec(&txn)
            .await?
            .rows_affected;
        if written == 0 {
            return Err(ApiError::Conflict(
                "the posting changed meanwhile; read it again and retry".into(),
            ));
        }
        let posting = job_posting::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("job posting"))?;
        search::index::sync(&txn, &posting).await?;
        let mut payload = status_payload(&posting)?;
        payload.changed_fields = changed.iter().map(|field| field.to_string()).collect();
        audit::record(
            &txn,
            Some(editor.user_id),
            "job_posting_updated",
            &posting,
            serde_json::json!({"changedFields": payload.changed_fields}),
        )
        .await?;
        let event = Event::of(posting.id, &payload)?.with_actor(Some(editor.user_id.to_string()));
        self.outbox().enqueue(&txn, &event).await?;
        txn.commit().await?;
        self.outbox().wake();
        if changed.contains(&"applicationDeadline") {
            self.deadlines_changed().notify_one();
        }
        Ok(posting)
    }

    /// Deletes a draft; any other status is `CONFLICT`.
    pub async fn delete_job_posting(&self, editor: Editor, id: Uuid) -> ApiResult<()> {
        let posting = self.writable_posting(editor, id).await?;
        let txn = kit::db::begin_write(self.db()).await?;
        let deleted = job_posting::Entity::delete_many()
            .filter(job_posting::Column::Id.eq(id))
            .filter(job_posting::Column::Status.eq(JobStatus::Draft.as_str()))
            .exec(&txn)
            .await?
            .rows_affected;
        if deleted == 0 {
            return Err(ApiError::Conflict(format!(
                "job posting is {}; only drafts can be deleted (close a published posting)",
                posting.status
            )));
        }
        search::index::remove(&txn, id).await?;
        audit::record(
            &txn,
            Some(editor.user_id),
            "job_posting_deleted",
            &posting,
            serde_json::json!({"title": posting.title}),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }
}
