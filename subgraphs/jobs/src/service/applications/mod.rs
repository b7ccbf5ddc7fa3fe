//! Applications: a candidate applies to a published posting (cover letter, answers to its
//! screening questions), the company moves it through the pipeline (`SUBMITTED` → `SCREENING`
//! → `INTERVIEW` → `OFFER` → `HIRED`, or `REJECTED`), the candidate may withdraw it. Every step
//! is one transaction holding the change, its history row and its event
//! (`application.submitted`, `application.status_changed`), so the users subgraph (who reads
//! the candidate's private fields), notifications and analytics follow every change.
//!
//! Who reads an application:
//! - the candidate who sent it: its status, the messages meant for them and the rejection
//!   reason in their language, never the company's internal notes;
//! - the members of the posting's company, in any role (employers, HR managers and recruiters
//!   all work the pipeline), and `jobs:manage` holders: all of it;
//! - nobody else: to them it does not exist (`null`, never `FORBIDDEN`, so its existence stays
//!   private too).

mod history;
mod listing;
mod pipeline;
mod submit;
mod transition;

pub use history::Step;
pub use listing::{ApplicationFilter, ApplicationOrder, ApplicationPage};
pub use pipeline::{MAX_BULK, Move};
pub(crate) use submit::withdraw_all_of;
pub use submit::{MAX_COVER_LETTER, Submission};
pub use transition::Transition;

use super::{JobsService, Viewer};
use contracts::ApplicationStatus;
use entities::jobs::job_application;
use kit::ApiResult;
use sea_orm::EntityTrait;
use uuid::Uuid;

/// From which side a reader sees an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The candidate who sent it.
    Candidate,
    /// A member of the posting's company, or a `jobs:manage` holder.
    Company,
}

/// The language a candidate reads the company's messages in.
#[derive(async_graphql::Enum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ApplicationLanguage {
    /// English.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl ApplicationLanguage {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ja => "ja",
        }
    }

    pub fn parse(stored: &str) -> Self {
        if stored == "ja" { Self::Ja } else { Self::En }
    }
}

/// The stored status of `application` (only statuses this version wrote are stored).
pub fn status_of(application: &job_application::Model) -> ApplicationStatus {
    ApplicationStatus::parse(&application.status).unwrap_or(ApplicationStatus::Submitted)
}

impl JobsService {
    /// The side `viewer` reads `application` from, or `None` when they may not read it.
    pub async fn application_side(
        &self,
        viewer: Viewer,
        application: &job_application::Model,
    ) -> ApiResult<Option<Side>> {
        if let Viewer::User { user_id, .. } = viewer
            && user_id == application.candidate_id
        {
            return Ok(Some(Side::Candidate));
        }
        Ok(self
            .is_member_view(viewer, application.company_id)
            .await?
            .then_some(Side::Company))
    }

    /// One application by id with the side `viewer` reads it from; `None` when it does not
    /// exist or they may not read it.
    pub async fn application(
        &self,
        viewer: Viewer,
        id: Uuid,
    ) -> ApiResult<Option<(job_application::Model, Side)>> {
        let Some(application) = job_application::Entity::find_by_id(id)
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        Ok(self
            .application_side(viewer, &application)
            .await?
            .map(|side| (application, side)))
    }
}
