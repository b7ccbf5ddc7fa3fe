//! Events of applications (owned by the jobs subgraph). The users subgraph reads them to decide
//! which companies read a candidate's private fields; notifications and analytics follow them.

use super::one_name;
use crate::{ApplicationActor, ApplicationSource, ApplicationStatus, RejectionReason};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `application.submitted`: a candidate applied to a posting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationSubmitted {
    pub application_id: Uuid,
    pub job_id: Uuid,
    pub company_id: Uuid,
    pub candidate_id: Uuid,
    pub source: ApplicationSource,
    /// The match the candidate applied from, when they did.
    #[serde(default)]
    pub match_id: Option<Uuid>,
    /// The saved version of the candidate's profile the application sends, when there is one.
    #[serde(default)]
    pub profile_version: Option<i32>,
}

/// `application.status_changed`: an application moved (screened, interviewed, rejected,
/// withdrawn, hired…).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationStatusChanged {
    pub application_id: Uuid,
    pub job_id: Uuid,
    pub company_id: Uuid,
    pub candidate_id: Uuid,
    pub from: ApplicationStatus,
    pub to: ApplicationStatus,
    pub actor: ApplicationActor,
    /// Set when the company turned it down.
    #[serde(default)]
    pub reason: Option<RejectionReason>,
    /// The saved version of the candidate's profile the application sent (as in
    /// `application.submitted`, so a copy that sees this event first still knows it).
    #[serde(default)]
    pub profile_version: Option<i32>,
}

one_name! {
    ApplicationSubmitted => ApplicationSubmitted,
    ApplicationStatusChanged => ApplicationStatusChanged,
}

/// `offer.made`: a company made an offer on an application.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferMade {
    pub offer_id: Uuid,
    pub application_id: Uuid,
    pub job_id: Uuid,
    pub company_id: Uuid,
    pub candidate_id: Uuid,
    /// The status of residence the company sponsors or relies on.
    pub status_of_residence: String,
}

/// `offer.answered`: the candidate accepted or declined an offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferAnswered {
    pub offer_id: Uuid,
    pub application_id: Uuid,
    pub job_id: Uuid,
    pub company_id: Uuid,
    pub candidate_id: Uuid,
    pub accepted: bool,
}

one_name! {
    OfferMade => OfferMade,
    OfferAnswered => OfferAnswered,
}

/// `interview.scheduled` (an interview got a time both sides agreed to) and `interview.changed`
/// (proposed, rescheduled, declined, cancelled, or a new time asked for).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InterviewChanged {
    pub interview_id: Uuid,
    pub application_id: Uuid,
    pub job_id: Uuid,
    pub company_id: Uuid,
    pub candidate_id: Uuid,
    /// `proposed`, `scheduled`, `declined` or `cancelled`.
    pub status: String,
    /// The start, once scheduled.
    #[serde(default)]
    pub starts_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Whether this change scheduled it (`interview.scheduled`).
    #[serde(default)]
    pub scheduled_now: bool,
}

impl super::EventPayload for InterviewChanged {
    const NAMES: &'static [super::EventName] = &[
        super::EventName::InterviewScheduled,
        super::EventName::InterviewChanged,
    ];

    fn name(&self) -> super::EventName {
        if self.scheduled_now {
            super::EventName::InterviewScheduled
        } else {
            super::EventName::InterviewChanged
        }
    }
}
