//! The history of an application: one row per step, written in the step's transaction, read
//! oldest first. The candidate reads every step of their own application but not the notes
//! the company keeps for itself.

use super::Side;
use crate::service::JobsService;
use chrono::Utc;
use contracts::{ApplicationActor, ApplicationStatus, RejectionReason};
use entities::jobs::job_application_history;
use kit::ApiResult;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

/// One step as it is written.
pub struct Step<'a> {
    pub application_id: Uuid,
    pub from: Option<ApplicationStatus>,
    pub to: ApplicationStatus,
    pub actor: ApplicationActor,
    pub actor_id: Option<Uuid>,
    pub reason: Option<RejectionReason>,
    /// For the candidate.
    pub message: Option<&'a str>,
    /// For the company only.
    pub note: Option<&'a str>,
}

impl Step<'_> {
    pub async fn record(self, conn: &impl ConnectionTrait) -> ApiResult<()> {
        job_application_history::Entity::insert(job_application_history::ActiveModel {
            id: Set(kit::ids::new_id()),
            application_id: Set(self.application_id),
            from_status: Set(self.from.map(|status| status.as_str().to_owned())),
            to_status: Set(self.to.as_str().to_owned()),
            actor: Set(self.actor.as_str().to_owned()),
            actor_id: Set(self.actor_id),
            reason: Set(self.reason.map(|reason| reason.as_str().to_owned())),
            message: Set(self.message.map(str::to_owned)),
            note: Set(self.note.map(str::to_owned)),
            created_at: Set(Utc::now()),
        })
        .exec_without_returning(conn)
        .await?;
        Ok(())
    }
}

impl JobsService {
    /// The steps of `application_id`, oldest first; internal notes are dropped for the
    /// candidate's side.
    pub async fn application_history(
        &self,
        application_id: Uuid,
        side: Side,
    ) -> ApiResult<Vec<job_application_history::Model>> {
        let mut steps = job_application_history::Entity::find()
            .filter(job_application_history::Column::ApplicationId.eq(application_id))
            .order_by_asc(job_application_history::Column::Id)
            .all(self.db())
            .await?;
        if side == Side::Candidate {
            for step in &mut steps {
                step.note = None;
                // Who in the company moved it is the company's to know.
                if step.actor != ApplicationActor::Candidate.as_str() {
                    step.actor_id = None;
                }
            }
        }
        Ok(steps)
    }
}
