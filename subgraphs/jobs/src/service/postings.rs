//! Creating and listing postings. A new posting is the changes applied to an empty one and
//! checked whole (`posting_rules`), stored as a draft with `job.posted` raised in the same
//! transaction.

use super::posting_rules::{PostingChanges, PostingData};
use super::{Editor, JobStatus, JobsService, PUBLIC_STATUSES, Viewer, audit, posting_store};
use chrono::Utc;
use contracts::events::JobPosted;
use entities::jobs::job_posting;
use kit::pages::{IdPage, Window};
use kit::{ApiResult, Event};
use sea_orm::sea_query::Condition;
use sea_orm::{ActiveValue::Set, EntityTrait};
use uuid::Uuid;

impl JobsService {
    /// A draft written by `editor`, who must write for `company_id`.
    pub async fn create_job_posting(
        &self,
        editor: Editor,
        company_id: Uuid,
        changes: PostingChanges,
    ) -> ApiResult<job_posting::Model> {
        self.require_company_writer(editor, company_id).await?;
        let now = Utc::now();
        let (data, _) = changes.apply(&PostingData::default(), now)?;
        let mut model = job_posting::ActiveModel {
            id: Set(kit::ids::new_node_id(kit::ids::NodeKind::JobPosting)),
            company_id: Set(company_id),
            posted_by_id: Set(editor.user_id),
            status: Set(JobStatus::Draft.as_str().to_owned()),
            published_at: Set(None),
            closed_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        posting_store::write(&mut model, &data);
        let txn = kit::db::begin_write(self.db()).await?;
        let posting = job_posting::Entity::insert(model)
            .exec_with_returning(&txn)
            .await?;
        let event = Event::of(
            posting.id,
            &JobPosted {
                job_id: posting.id,
                company_id: posting.company_id,
            },
        )?
        .with_actor(Some(posting.posted_by_id.to_string()));
        self.outbox().enqueue(&txn, &event).await?;
        audit::record(
            &txn,
            Some(editor.user_id),
            "job_posting_created",
            &posting,
            serde_json::json!({"title": posting.title}),
        )
        .await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(posting)
    }
}

/// Which postings a list asks for.
#[derive(Clone, Copy, Debug, Default)]
pub struct PostingFilter {
    pub status: Option<JobStatus>,
    pub company_id: Option<Uuid>,
}

impl JobsService {
    /// The page of postings `viewer` may read that `window` asks for, newest first.
    pub async fn list_job_postings(
        &self,
        viewer: Viewer,
        window: &Window<Uuid>,
        filter: PostingFilter,
    ) -> ApiResult<IdPage<job_posting::Model>> {
        let select = self.readable_postings(viewer, filter).await?;
        let rows = kit::pages::select_id_window(select, job_posting::Column::Id, window)
            .all(self.db())
            .await?;
        Ok(kit::pages::id_page(window, rows))
    }

    /// How many postings `viewer` may read that `filter` keeps.
    pub async fn count_job_postings(
        &self,
        viewer: Viewer,
        filter: PostingFilter,
    ) -> ApiResult<u64> {
        use sea_orm::PaginatorTrait;
        Ok(self
            .readable_postings(viewer, filter)
            .await?
            .count(self.db())
            .await?)
    }

    /// The postings `viewer` may read that `filter` keeps: published and closed ones for
    /// everyone, the others for the members of their company and `jobs:manage` holders.
    async fn readable_postings(
        &self,
        viewer: Viewer,
        filter: PostingFilter,
    ) -> ApiResult<sea_orm::Select<job_posting::Entity>> {
        use sea_orm::{ColumnTrait, QueryFilter};
        let public = job_posting::Column::Status.is_in(PUBLIC_STATUSES.map(JobStatus::as_str));
        let visible = match viewer {
            Viewer::Anonymous => Condition::all().add(public),
            Viewer::User { sees_all: true, .. } => Condition::all(),
            Viewer::User { user_id, .. } => {
                let companies = self.member_companies(user_id).await?;
                Condition::any()
                    .add(public)
                    .add(job_posting::Column::CompanyId.is_in(companies))
            }
        };
        let mut select = job_posting::Entity::find().filter(visible);
        if let Some(status) = filter.status {
            select = select.filter(job_posting::Column::Status.eq(status.as_str()));
        }
        if let Some(company_id) = filter.company_id {
            select = select.filter(job_posting::Column::CompanyId.eq(company_id));
        }
        Ok(select)
    }
}
