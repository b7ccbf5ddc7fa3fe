//! One move of an application, the same on every path that makes one (the company's moves, a
//! withdrawal, an offer made or accepted, a deleted account): a conditional update on the
//! status it was read in, the history step, the funnel counters, the `application.status_changed`
//! event and, when the application closes, the cancellation of its interviews still ahead.
//! Each caller decides first whether the move is legal for its actor.

use super::{Step, status_of};
use crate::service::{analytics, interviews};
use chrono::Utc;
use contracts::events::ApplicationStatusChanged;
use contracts::{ApplicationActor, ApplicationStatus, RejectionReason};
use entities::jobs::job_application;
use kit::{ApiResult, Event};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Where an application goes, who moves it and what they say.
pub struct Transition<'a> {
    pub to: ApplicationStatus,
    pub actor: ApplicationActor,
    pub actor_id: Option<Uuid>,
    /// With a rejection.
    pub reason: Option<RejectionReason>,
    /// For the candidate (a rejection's message is also kept on the application).
    pub message: Option<&'a str>,
    /// For the company's members only.
    pub note: Option<&'a str>,
}

impl Transition<'_> {
    /// Moves `application` in the caller's transaction; the events to raise, or `None` when it
    /// moved meanwhile (its status is no longer the one read).
    pub async fn apply(
        self,
        conn: &impl ConnectionTrait,
        application: &job_application::Model,
    ) -> ApiResult<Option<Vec<Event>>> {
        let from = status_of(application);
        let now = Utc::now();
        // The company's first move on it is its first response.
        let responded =
            self.actor == ApplicationActor::Company && application.first_response_at.is_none();
        let mut update = job_application::Entity::update_many()
            .col_expr(
                job_application::Column::Status,
                Expr::value(self.to.as_str()),
            )
            .col_expr(job_application::Column::UpdatedAt, Expr::value(now));
        if responded {
            update = update.col_expr(job_application::Column::FirstResponseAt, Expr::value(now));
        }
        if !self.to.is_open() {
            update = update.col_expr(job_application::Column::ClosedAt, Expr::value(now));
        }
        if self.to == ApplicationStatus::Rejected {
            update = update
                .col_expr(
                    job_application::Column::RejectionReason,
                    Expr::value(self.reason.map(|reason| reason.as_str())),
                )
                .col_expr(
                    job_application::Column::RejectionMessage,
                    Expr::value(self.message.map(str::to_owned)),
                );
        }
        let changed = update
            .filter(job_application::Column::Id.eq(application.id))
            .filter(job_application::Column::Status.eq(from.as_str()))
            .exec(conn)
            .await?
            .rows_affected;
        if changed == 0 {
            return Ok(None);
        }
        Step {
            application_id: application.id,
            from: Some(from),
            to: self.to,
            actor: self.actor,
            actor_id: self.actor_id,
            reason: self.reason,
            message: self.message,
            note: self.note,
        }
        .record(conn)
        .await?;
        analytics::count_move(conn, application, from, self.to, now, responded).await?;
        let mut events = vec![
            Event::of(
                application.id,
                &ApplicationStatusChanged {
                    application_id: application.id,
                    job_id: application.job_id,
                    company_id: application.company_id,
                    candidate_id: application.candidate_id,
                    from,
                    to: self.to,
                    actor: self.actor,
                    reason: self.reason,
                    profile_version: application.profile_version,
                },
            )?
            .with_actor(self.actor_id.map(|id| id.to_string())),
        ];
        if !self.to.is_open() {
            events.extend(interviews::cancel_open(conn, application.id).await?);
        }
        Ok(Some(events))
    }
}
