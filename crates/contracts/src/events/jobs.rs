//! Events of job postings (owned by the jobs subgraph).

use super::{EventName, one_name};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `job.posted`: a draft posting was created.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobPosted {
    pub job_id: Uuid,
    pub company_id: Uuid,
}

one_name! {
    JobPosted => JobPosted,
}

/// A posting changed: `job.updated` when it was edited (`changed_fields` names what changed),
/// else by the status it reached: `job.published`, `job.closed`, `job.archived` (`job.updated`
/// for a draft). Carries the fields matching keeps a copy of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobStatusChanged {
    pub job_id: Uuid,
    pub company_id: Uuid,
    pub status: crate::JobStatus,
    pub title: String,
    #[serde(default)]
    pub required_skills: Vec<String>,
    #[serde(default)]
    pub min_experience_years: i32,
    pub jlpt_required: Option<crate::JlptLevel>,
    #[serde(default)]
    pub visa_sponsorship: bool,
    /// What matching embeds, gates and scores on besides the fields above; absent in events
    /// written before it existed.
    #[serde(default)]
    pub details: JobDetails,
    /// The GraphQL names of the edited fields; empty for a status change.
    #[serde(default)]
    pub changed_fields: Vec<String>,
}

/// The rest of a posting as matching reads it: its texts, the facts the visa rule needs,
/// salary and place. Codes are the jobs subgraph's stored values.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JobDetails {
    pub title_ja: Option<String>,
    pub description: String,
    pub description_ja: Option<String>,
    pub preferred_skills: Vec<String>,
    pub job_category: Option<String>,
    pub employment_type: String,
    pub remote_option: String,
    pub prefecture: Option<String>,
    pub relocation_support: bool,
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    /// `hourly`, `monthly` or `yearly`.
    pub salary_period: String,
    /// Empty in copies written before it was carried: read as the yen.
    #[serde(deserialize_with = "crate::Currency::deserialize_or_yen")]
    pub currency: crate::Currency,
    pub weekly_hours: Option<f64>,
    pub supported_visa_types: Vec<String>,
    pub education: Option<String>,
}

impl super::EventPayload for JobStatusChanged {
    const NAMES: &'static [EventName] = &[
        EventName::JobPublished,
        EventName::JobClosed,
        EventName::JobArchived,
        EventName::JobUpdated,
    ];

    fn name(&self) -> EventName {
        if !self.changed_fields.is_empty() {
            return EventName::JobUpdated;
        }
        match self.status {
            crate::JobStatus::Published => EventName::JobPublished,
            crate::JobStatus::Closed => EventName::JobClosed,
            crate::JobStatus::Archived => EventName::JobArchived,
            crate::JobStatus::Draft => EventName::JobUpdated,
        }
    }
}
