//! Keeping matching's read-copies of candidates and jobs current from their events, then
//! recomputing the scores the change affects.

use super::MatchingService;
use chrono::Utc;
use contracts::EventName;
use contracts::events::{CandidateProfileUpdated, JobStatusChanged};
use entities::matching::{candidate_copy, job_copy};
use kit::consumer::payload;
use kit::{ApiResult, Event};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, DatabaseTransaction, EntityTrait};

/// `P`'s payload of `event`, which is one of `P`'s names.
/// The events the read-copies follow.
const FOLLOWED: [EventName; 5] = [
    EventName::CandidateProfileUpdated,
    EventName::JobPublished,
    EventName::JobUpdated,
    EventName::JobClosed,
    EventName::JobArchived,
];

impl MatchingService {
    pub(super) fn follows(event: &Event) -> bool {
        event.name().is_some_and(|name| FOLLOWED.contains(&name))
    }

    /// Applies `event` and returns the `match.completed` events it causes.
    pub(super) async fn apply_event(
        &self,
        txn: &DatabaseTransaction,
        event: &Event,
    ) -> ApiResult<Vec<Event>> {
        match event.name() {
            Some(EventName::CandidateProfileUpdated) => {
                let profile: CandidateProfileUpdated = payload(event)?;
                let user_id = profile.user_id;
                upsert_candidate(txn, profile).await?;
                self.recompute_for_candidate(txn, user_id).await
            }
            Some(
                EventName::JobPublished
                | EventName::JobUpdated
                | EventName::JobClosed
                | EventName::JobArchived,
            ) => {
                let job: JobStatusChanged = payload(event)?;
                let job_id = job.job_id;
                let published = job.status == JobStatusChanged::PUBLISHED;
                upsert_job(txn, job).await?;
                if published {
                    self.recompute_for_job(txn, job_id).await
                } else {
                    Ok(Vec::new())
                }
            }
            _ => Ok(Vec::new()),
        }
    }
}

async fn upsert_candidate(
    txn: &DatabaseTransaction,
    profile: CandidateProfileUpdated,
) -> ApiResult<()> {
    let model = candidate_copy::ActiveModel {
        user_id: Set(profile.user_id),
        skills: Set(serde_json::json!(profile.skills)),
        jlpt_level: Set(profile.jlpt_level),
        visa_status: Set(profile.visa_status),
        years_experience: Set(profile.years_experience),
        updated_at: Set(Utc::now()),
    };
    candidate_copy::Entity::insert(model)
        .on_conflict(
            OnConflict::column(candidate_copy::Column::UserId)
                .update_columns([
                    candidate_copy::Column::Skills,
                    candidate_copy::Column::JlptLevel,
                    candidate_copy::Column::VisaStatus,
                    candidate_copy::Column::YearsExperience,
                    candidate_copy::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    Ok(())
}

async fn upsert_job(txn: &DatabaseTransaction, job: JobStatusChanged) -> ApiResult<()> {
    let model = job_copy::ActiveModel {
        job_id: Set(job.job_id),
        required_skills: Set(serde_json::json!(job.required_skills)),
        min_experience_years: Set(job.min_experience_years),
        jlpt_required: Set(job.jlpt_required),
        status: Set(job.status),
        updated_at: Set(Utc::now()),
    };
    job_copy::Entity::insert(model)
        .on_conflict(
            OnConflict::column(job_copy::Column::JobId)
                .update_columns([
                    job_copy::Column::RequiredSkills,
                    job_copy::Column::MinExperienceYears,
                    job_copy::Column::JlptRequired,
                    job_copy::Column::Status,
                    job_copy::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    Ok(())
}
