//! Candidate profiles: skills, Japanese level and visa situation. Every change raises
//! `candidate.profile_updated`, which the matching subgraph scores from.

use super::UsersService;
use chrono::Utc;
use entities::users::candidate_profile;
use kit::{ApiResult, Event};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, EntityTrait};
use uuid::Uuid;

#[derive(Clone, Debug, Default)]
pub struct CandidateProfileInput {
    pub nationality: Option<String>,
    pub current_country: Option<String>,
    pub visa_status: Option<String>,
    pub jlpt_level: Option<String>,
    pub years_experience: i32,
    pub skills: Vec<String>,
}

impl UsersService {
    /// Creates or replaces `user_id`'s candidate profile.
    pub async fn upsert_candidate_profile(
        &self,
        user_id: Uuid,
        input: CandidateProfileInput,
    ) -> ApiResult<candidate_profile::Model> {
        let skills: Vec<String> = input
            .skills
            .iter()
            .map(|skill| skill.trim().to_lowercase())
            .filter(|skill| !skill.is_empty())
            .collect();
        let now = Utc::now();
        let model = candidate_profile::ActiveModel {
            user_id: Set(user_id),
            nationality: Set(input.nationality.clone()),
            current_country: Set(input.current_country.clone()),
            visa_status: Set(input.visa_status.clone()),
            jlpt_level: Set(input.jlpt_level.clone()),
            years_experience: Set(input.years_experience),
            skills: Set(serde_json::json!(skills)),
            created_at: Set(now),
            updated_at: Set(now),
        };
        let txn = kit::db::begin_write(self.db()).await?;
        candidate_profile::Entity::insert(model)
            .on_conflict(
                OnConflict::column(candidate_profile::Column::UserId)
                    .update_columns([
                        candidate_profile::Column::Nationality,
                        candidate_profile::Column::CurrentCountry,
                        candidate_profile::Column::VisaStatus,
                        candidate_profile::Column::JlptLevel,
                        candidate_profile::Column::YearsExperience,
                        candidate_profile::Column::Skills,
                        candidate_profile::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec(&txn)
            .await?;
        let event = Event::new(
            "candidate.profile_updated",
            user_id,
            serde_json::json!({
                "userId": user_id,
                "skills": skills,
                "jlptLevel": input.jlpt_level,
                "visaStatus": input.visa_status,
                "yearsExperience": input.years_experience,
            }),
        );
        self.outbox.enqueue(&txn, &event).await?;
        let stored = candidate_profile::Entity::find_by_id(user_id)
            .one(&txn)
            .await?
            .ok_or(kit::ApiError::NotFound("candidate profile"))?;
        txn.commit().await?;
        self.outbox.wake();
        Ok(stored)
    }
}
