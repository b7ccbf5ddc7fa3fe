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
