//! The posting lifecycle: `draft` → `published` → `closed` → `archived`. Each step is a
//! conditional update (so two concurrent publishes cannot both win) plus its event in the same
//! transaction; `job.published` carries what matching scores.
//!
//! Only the company's employers and HR managers change a posting's status, unless the caller
//! may change any posting (`jobs:manage`). Publishing first checks the posting against the
//! immigration and labour rules (`compliance`): a rule that blocks answers `COMPLIANCE_FAILED`.

use super::{Editor, JobStatus, JobsService, PostingData, audit, posting_store, search};
use chrono::Utc;
use contracts::JlptLevel;
use contracts::events::{JobDetails, JobStatusChanged};
use entities::jobs::job_posting;
use kit::{ApiError, ApiResult, Event};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

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

    /// A closed posting leaves every public list; its members still read it.
    pub async fn archive_job_posting(
        &self,
        id: Uuid,
        editor: Editor,
    ) -> ApiResult<job_posting::Model> {
        self.transition(id, editor, JobStatus::Closed, JobStatus::Archived)
            .await
    }

    async fn transition(
        &self,
        id: Uuid,
        editor: Editor,
        from: JobStatus,
        to: JobStatus,
    ) -> ApiResult<job_posting::Model> {
        let current = job_posting::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or(ApiError::NotFound("job posting"))?;
        if !self.may_see(editor.viewer(), &current).await? {
            return Err(ApiError::NotFound("job posting"));
        }
        self.require_writer(editor, current.company_id).await?;
        if to == JobStatus::Published {
            check_compliance(&current)?;
        }
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
        // Unchanged since it was checked: an edit in between makes this a conflict.
        let changed = update
            .filter(job_posting::Column::Id.eq(id))
            .filter(job_posting::Column::Status.eq(from.as_str()))
            .filter(job_posting::Column::UpdatedAt.eq(current.updated_at))
            .exec(&txn)
            .await?
            .rows_affected;
        let posting = job_posting::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("job posting"))?;
        if changed == 0 && posting.status == from.as_str() {
            return Err(ApiError::Conflict(
                "the posting changed meanwhile; read it again and retry".into(),
            ));
        }
        if changed == 0 {
            return Err(ApiError::Conflict(format!(
                "job posting is {}, only a {} posting can become {}",
                posting.status,
                from.as_str(),
                to.as_str()
            )));
        }
        search::index::sync(&txn, &posting).await?;
        let event = Event::of(posting.id, &status_payload(&posting)?)?
            .with_actor(Some(editor.user_id.to_string()));
        self.outbox().enqueue(&txn, &event).await?;
        audit::record(
            &txn,
            Some(editor.user_id),
            &format!("job_posting_{}", to.as_str()),
            &posting,
            serde_json::json!({"from": from.as_str()}),
        )
        .await?;
        txn.commit().await?;
        self.outbox().wake();
        if to == JobStatus::Published && posting.application_deadline.is_some() {
            self.deadlines_changed().notify_one();
        }
        Ok(posting)
    }
}

/// `COMPLIANCE_FAILED` with every finding when the posting breaks a rule that blocks
/// publishing (warnings alone do not).
fn check_compliance(posting: &job_posting::Model) -> ApiResult<()> {
    check_publishable(&posting_store::data_of(posting))
}

/// The publication rule on a posting's values: publishing checks it, and so does every edit of
/// a published posting, so an edit never makes a public posting unlawful.
pub(super) fn check_publishable(data: &PostingData) -> ApiResult<()> {
    let findings = compliance::check_posting(&posting_store::compliance_facts(data));
    if !compliance::has_errors(&findings) {
        return Ok(());
    }
    let errors = findings.iter().filter(|finding| finding.is_error()).count();
    Err(ApiError::WithFindings {
        code: contracts::ErrorCode::ComplianceFailed,
        message: format!(
            "the posting breaks {errors} immigration or labour rule(s); see extensions.findings"
        ),
        findings: serde_json::to_value(&findings)?,
    })
}

/// The fields other subgraphs keep copies of (matching scores from them). The event's name
/// follows the status: `job.published`, `job.closed`, `job.archived`, else `job.updated`
/// (an edit sets `changed_fields`, which makes it `job.updated` whatever the status).
pub(super) fn status_payload(posting: &job_posting::Model) -> ApiResult<JobStatusChanged> {
    let data = posting_store::data_of(posting);
    let details = JobDetails {
        title_ja: data.title_ja,
        description: data.description,
        description_ja: data.description_ja,
        preferred_skills: data.preferred_skills,
        job_category: data.job_category,
        employment_type: data.employment_type.as_str().to_owned(),
        remote_option: data.remote_option.as_str().to_owned(),
        prefecture: data.prefecture,
        relocation_support: data.relocation_support,
        salary_min: data.salary_min,
        salary_max: data.salary_max,
        salary_period: data.salary_period.as_str().to_owned(),
        currency: data.currency,
        weekly_hours: data.weekly_hours,
        supported_visa_types: data.supported_visa_types,
        education: data.education.map(|level| level.as_str().to_owned()),
    };
    Ok(JobStatusChanged {
        job_id: posting.id,
        company_id: posting.company_id,
        status: JobStatus::parse(&posting.status).unwrap_or(JobStatus::Draft),
        title: posting.title.clone(),
        required_skills: serde_json::from_value(posting.required_skills.clone())?,
        min_experience_years: posting.min_experience_years,
        jlpt_required: posting.jlpt_required.as_deref().and_then(JlptLevel::parse),
        visa_sponsorship: posting.visa_sponsorship,
        details,
        changed_fields: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use contracts::{EventName, EventPayload};

    #[test]
    fn each_status_is_published_under_its_event_name() {
        let named = |status: JobStatus| {
            JobStatusChanged {
                job_id: Uuid::nil(),
                company_id: Uuid::nil(),
                status,
                title: String::new(),
                required_skills: Vec::new(),
                min_experience_years: 0,
                jlpt_required: None,
                visa_sponsorship: false,
                details: Default::default(),
                changed_fields: Vec::new(),
            }
            .name()
        };
        assert_eq!(named(JobStatus::Published), EventName::JobPublished);
        assert_eq!(named(JobStatus::Closed), EventName::JobClosed);
        assert_eq!(named(JobStatus::Archived), EventName::JobArchived);
        assert_eq!(named(JobStatus::Draft), EventName::JobUpdated);
    }
}
