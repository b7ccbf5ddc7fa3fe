//! The `User` entity and the candidate profile shown on it.

use super::loaders::CandidateProfileLoader;
use crate::service::{Language, Role, UserStatus};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use entities::users::{candidate_profile, user};

pub struct User(pub user::Model);

#[Object]
impl User {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn email(&self) -> &str {
        &self.0.email
    }

    async fn first_name(&self) -> &str {
        &self.0.first_name
    }

    async fn last_name(&self) -> &str {
        &self.0.last_name
    }

    /// Reading of the first name in kana, for Japanese sorting and forms.
    async fn first_name_kana(&self) -> Option<&str> {
        self.0.first_name_kana.as_deref()
    }

    async fn last_name_kana(&self) -> Option<&str> {
        self.0.last_name_kana.as_deref()
    }

    async fn role(&self) -> Role {
        Role::parse(&self.0.role).unwrap_or(Role::Candidate)
    }

    async fn status(&self) -> UserStatus {
        UserStatus::parse(&self.0.status).unwrap_or(UserStatus::Inactive)
    }

    async fn language(&self) -> Language {
        Language::parse(&self.0.language).unwrap_or_default()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Skills, Japanese level and visa situation; null for non-candidates.
    async fn candidate_profile(&self, ctx: &Context<'_>) -> Result<Option<CandidateProfile>> {
        let loader = ctx.data::<DataLoader<CandidateProfileLoader>>()?;
        Ok(loader
            .load_one(self.0.id)
            .await?
            .map(CandidateProfile::from))
    }
}

#[derive(SimpleObject)]
pub struct CandidateProfile {
    pub nationality: Option<String>,
    pub current_country: Option<String>,
    pub visa_status: Option<String>,
    /// JLPT level `N1` (highest) to `N5`.
    pub jlpt_level: Option<String>,
    pub years_experience: i32,
    pub skills: Vec<String>,
}

impl From<candidate_profile::Model> for CandidateProfile {
    fn from(model: candidate_profile::Model) -> Self {
        Self {
            nationality: model.nationality,
            current_country: model.current_country,
            visa_status: model.visa_status,
            jlpt_level: model.jlpt_level,
            years_experience: model.years_experience,
            skills: serde_json::from_value(model.skills).unwrap_or_default(),
        }
    }
}
