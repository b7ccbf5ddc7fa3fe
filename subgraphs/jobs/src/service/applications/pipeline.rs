//! The company moves applications: forward to `SCREENING` or `INTERVIEW`, or `REJECTED` with a
//! reason (and a message the candidate reads), one at a time or up to [`MAX_BULK`] at once.
//! `OFFER` comes with an offer and `HIRED` with its acceptance, never by hand
//! (`ApplicationStatus::company_may_move` is the rule). Each move is a conditional update on the
//! status it was read in, so two members moving one application at once cannot both win.

use super::{Side, Transition, status_of};
use crate::service::{Editor, JobsService};
use contracts::{ApplicationActor, ApplicationStatus, RejectionReason};
use entities::jobs::job_application;
use kit::{ApiError, ApiResult};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// The most applications one bulk move takes.
pub const MAX_BULK: usize = 100;
const MAX_TEXT: usize = 2_000;

/// A move as the company asks it.
#[derive(Clone, Debug)]
pub struct Move {
    pub to: ApplicationStatus,
    /// Required with `REJECTED`, refused otherwise.
    pub reason: Option<RejectionReason>,
    /// For the candidate.
    pub message: Option<String>,
    /// For the company's members only.
    pub note: Option<String>,
}

impl Move {
    /// Checks the move's own fields (texts trimmed and bounded, a reason with a rejection only).
    fn checked(mut self) -> ApiResult<Self> {
        self.message = kit::error::optional_text(self.message, "message", MAX_TEXT)?;
        self.note = kit::error::optional_text(self.note, "note", MAX_TEXT)?;
        match (self.to, self.reason) {
            (ApplicationStatus::Rejected, None) => {
                Err(ApiError::invalid("reason", "is required to reject"))
            }
            (ApplicationStatus::Rejected, Some(_)) => Ok(self),
            (_, Some(_)) => Err(ApiError::invalid("reason", "is given only to reject")),
            (ApplicationStatus::Screening | ApplicationStatus::Interview, None) => Ok(self),
            (ApplicationStatus::Offer | ApplicationStatus::Hired, None) => Err(ApiError::invalid(
                "to",
                "an application reaches OFFER when an offer is made, and HIRED when it is accepted",
            )),
            (_, None) => Err(ApiError::invalid(
                "to",
                "the company moves applications to SCREENING, INTERVIEW or REJECTED",
            )),
        }
    }
}

impl JobsService {
    /// Moves one application of a company `editor` works for.
    pub async fn move_application(
        &self,
        editor: Editor,
        id: Uuid,
        step: Move,
    ) -> ApiResult<job_application::Model> {
        let step = step.checked()?;
        let application = self.company_application(editor, id).await?;
        self.apply_move(editor, &application, &step).await
    }

    /// Moves each of `ids` (at most [`MAX_BULK`]) the same way; each one on its own, so one
    /// that cannot move (withdrawn meanwhile, not found) leaves the others moved. The outcome
    /// of each, in the order given.
    pub async fn move_applications(
        &self,
        editor: Editor,
        ids: &[Uuid],
        step: Move,
    ) -> ApiResult<Vec<(Uuid, ApiResult<job_application::Model>)>> {
        if ids.len() > MAX_BULK {
            return Err(ApiError::invalid(
                "ids",
                &format!("at most {MAX_BULK} applications at once"),
            ));
        }
        let step = step.checked()?;
        let found: HashMap<Uuid, job_application::Model> = job_application::Entity::find()
            .filter(job_application::Column::Id.is_in(ids.iter().copied()))
            .all(self.db())
            .await?
            .into_iter()
            .map(|application| (application.id, application))
            .collect();
        // One membership check per company, however many of its applications are moved.
        let mut works_for: HashMap<Uuid, bool> = HashMap::new();
        let mut outcomes = Vec::with_capacity(ids.len());
        for id in ids {
            let outcome = match found.get(id) {
                None => Err(ApiError::NotFound("application")),
                Some(application) => {
                    let member = match works_for.get(&application.company_id) {
                        Some(member) => *member,
                        None => {
                            let member = self
                                .is_member_view(editor.viewer(), application.company_id)
                                .await?;
                            works_for.insert(application.company_id, member);
                            member
                        }
                    };
                    if member {
                        self.apply_move(editor, application, &step).await
                    } else {
                        Err(ApiError::NotFound("application"))
                    }
                }
            };
            outcomes.push((*id, outcome));
        }
        Ok(outcomes)
    }

    /// The application `id` when `editor` works for its company (else `NOT_FOUND`, as if it
    /// did not exist).
    pub(crate) async fn company_application(
        &self,
        editor: Editor,
        id: Uuid,
    ) -> ApiResult<job_application::Model> {
        match self.application(editor.viewer(), id).await? {
            Some((application, Side::Company)) => Ok(application),
            _ => Err(ApiError::NotFound("application")),
        }
    }

    async fn apply_move(
        &self,
        editor: Editor,
        application: &job_application::Model,
        step: &Move,
    ) -> ApiResult<job_application::Model> {
        let from = status_of(application);
        if !from.company_may_move(step.to) {
            return Err(ApiError::Conflict(format!(
                "the application is {}; it cannot move to {}",
                from.as_str(),
                step.to.as_str()
            )));
        }
        let txn = kit::db::begin_write(self.db()).await?;
        let events = Transition {
            to: step.to,
            actor: ApplicationActor::Company,
            actor_id: Some(editor.user_id),
            reason: step.reason,
            message: step.message.as_deref(),
            note: step.note.as_deref(),
        }
        .apply(&txn, application)
        .await?
        .ok_or_else(|| {
            ApiError::Conflict("the application moved meanwhile; read it again and retry".into())
        })?;
        for event in &events {
            self.outbox().enqueue(&txn, event).await?;
        }
        let moved = job_application::Entity::find_by_id(application.id)
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("application"))?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(moved)
    }
}
