//! Keeping matching's read-copies of candidates and jobs current from their events, then
//! recomputing the scores the change affects.

use super::MatchingService;
use chrono::Utc;
use entities::matching::{candidate_copy, job_copy};
use kit::{ApiError, ApiResult, Event};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, DatabaseTransaction, EntityTrait};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CandidateProfileUpdated {
    user_id: Uuid,
    #[serde(default)]
    skills: Vec<String>,
    jlpt_level: Option<String>,
    visa_status: Option<String>,
    #[serde(default)]
    years_experience: i32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JobChanged {
    job_id: Uuid,
    status: String,
    #[serde(default)]
    required_skills: Vec<String>,
    #[serde(default)]
    min_experience_years: i32,
    jlpt_required: Option<String>,
}

fn payload<T: serde::de::DeserializeOwned>(event: &Event) -> ApiResult<T> {
    serde_json::from_value(event.payload.clone())
        .map_err(|err| ApiError::Internal(format!("malformed {} payload: {err}", event.event_type)))
}

impl MatchingService {
    pub(super) fn interested_in(event_type: &str) -> bool {
        matches!(
            event_type,
            "candidate.profile_updated" | "job.published" | "job.closed" | "job.archived"
        )
    }

    /// Applies `event` and returns the `match.completed` events it causes.
    pub(super) async fn apply(
        &self,
        txn: &DatabaseTransaction,
        event: &Event,
    ) -> ApiResult<Vec<Event>> {
        match event.event_type.as_str() {
            "candidate.profile_updated" => {
                let profile: CandidateProfileUpdated = payload(event)?;
                let user_id = profile.user_id;
                upsert_candidate(txn, profile).await?;
                self.recompute_for_candidate(txn, user_id).await
            }
            "job.published" | "job.closed" | "job.archived" => {
                let job: JobChanged = payload(event)?;
                let job_id = job.job_id;
                let published = job.status == "published";
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

async fn upsert_job(txn: &DatabaseTransaction, job: JobChanged) -> ApiResult<()> {
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
