//! Who may write and who may see a company's postings, decided from the local copy of
//! memberships (`copies`):
//!
//! - writing (create, edit, publish, close, archive, delete) needs the permission for the act,
//!   checked by the schema's guards, and membership of the posting's company as employer or HR
//!   manager; `jobs:manage` holders (administrators) may act on any company's postings;
//! - drafts and archived postings are seen only by the company's members (any member role,
//!   recruiters included) and `jobs:manage` holders; published and closed postings by anyone.

use super::{JobStatus, JobsService};
use contracts::CompanyMemberRole;
use entities::jobs::{company, company_member, job_posting};
use kit::{ApiError, ApiResult};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// Who changes postings: the signed-in user, and whether they may change any company's
/// (`jobs:manage`; administrators hold it through `*`).
#[derive(Clone, Copy, Debug)]
pub struct Editor {
    pub user_id: Uuid,
    pub any_posting: bool,
}

impl Editor {
    /// The editor as a reader.
    pub fn viewer(self) -> Viewer {
        Viewer::User {
            user_id: self.user_id,
            sees_all: self.any_posting,
        }
    }
}

/// Who reads postings.
#[derive(Clone, Copy, Debug)]
pub enum Viewer {
    Anonymous,
    User {
        user_id: Uuid,
        /// `jobs:manage`: sees every posting.
        sees_all: bool,
    },
}

/// Statuses anyone may read.
pub const PUBLIC_STATUSES: [JobStatus; 2] = [JobStatus::Published, JobStatus::Closed];

pub fn is_public(status: &str) -> bool {
    PUBLIC_STATUSES
        .iter()
        .any(|public| public.as_str() == status)
}

impl JobsService {
    async fn member_role(
        &self,
        company_id: Uuid,
        user_id: Uuid,
    ) -> ApiResult<Option<CompanyMemberRole>> {
        Ok(company_member::Entity::find_by_id((company_id, user_id))
            .one(self.db())
            .await?
            .and_then(|member| CompanyMemberRole::parse(&member.role)))
    }

    /// The companies `user_id` is a member of, in any role.
    pub async fn member_companies(&self, user_id: Uuid) -> ApiResult<Vec<Uuid>> {
        Ok(company_member::Entity::find()
            .select_only()
            .column(company_member::Column::CompanyId)
            .filter(company_member::Column::UserId.eq(user_id))
            .into_tuple()
            .all(self.db())
            .await?)
    }

    /// `FORBIDDEN` unless `editor` may write `company_id`'s postings.
    pub async fn require_writer(&self, editor: Editor, company_id: Uuid) -> ApiResult<()> {
        if editor.any_posting {
            return Ok(());
        }
        let role = self.member_role(company_id, editor.user_id).await?;
        if role.is_some_and(CompanyMemberRole::writes_postings) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }

    /// `companyId` must name a company the jobs subgraph knows, and `editor` must write for it.
    pub async fn require_company_writer(&self, editor: Editor, company_id: Uuid) -> ApiResult<()> {
        self.require_writer(editor, company_id).await?;
        if company::Entity::find_by_id(company_id)
            .one(self.db())
            .await?
            .is_none()
        {
            return Err(ApiError::invalid("companyId", "does not name a company"));
        }
        Ok(())
    }

    /// Whether `viewer` may read `posting`.
    pub async fn may_see(&self, viewer: Viewer, posting: &job_posting::Model) -> ApiResult<bool> {
        if is_public(&posting.status) {
            return Ok(true);
        }
        self.is_member_view(viewer, posting.company_id).await
    }

    /// Whether `viewer` sees `company_id` from the inside: a member in any role, or a
    /// `jobs:manage` holder.
    pub async fn is_member_view(&self, viewer: Viewer, company_id: Uuid) -> ApiResult<bool> {
        match viewer {
            Viewer::Anonymous => Ok(false),
            Viewer::User { sees_all: true, .. } => Ok(true),
            Viewer::User { user_id, .. } => {
                Ok(self.member_role(company_id, user_id).await?.is_some())
            }
        }
    }

    /// `posting` when `viewer` may read it.
    pub async fn visible(
        &self,
        viewer: Viewer,
        posting: Option<job_posting::Model>,
    ) -> ApiResult<Option<job_posting::Model>> {
        match posting {
            Some(posting) if self.may_see(viewer, &posting).await? => Ok(Some(posting)),
            _ => Ok(None),
        }
    }
}
