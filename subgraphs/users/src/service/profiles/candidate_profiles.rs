//! Candidate profiles: skills, languages, visa situation, salary expectations and preferences.
//! Every change raises `candidate.profile_updated`, which the matching subgraph scores from; its
//! payload keeps the fields matching reads (`userId`, `skills`, `jlptLevel`, `visaStatus`,
//! `yearsExperience`) and adds the rest of the profile for later consumers.

use super::candidate_profile_data::{CandidateProfileData, LanguageSkill, SalaryRange, WorkStyle};
use super::candidate_profile_rules::CandidateProfileChanges;
use super::disclosures::CandidateVisibility;
use super::profile_versions;
use crate::service::UsersService;
use crate::service::identity::audit::{self, AuditEntry, Origin};
use chrono::Utc;
use contracts::JlptLevel;
use contracts::events::{CandidateLanguage, CandidateProfileUpdated};
use entities::users::candidate_profile;
use kit::{ApiResult, Event};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde::de::DeserializeOwned;
use uuid::Uuid;

/// A whole profile as the demo seed writes it.
#[derive(Clone, Debug, Default)]
pub struct CandidateProfileInput {
    pub nationality: Option<String>,
    pub current_country: Option<String>,
    pub visa_status: Option<String>,
    pub jlpt_level: Option<JlptLevel>,
    pub years_experience: i32,
    pub skills: Vec<String>,
    pub desired_role: Option<String>,
    pub experience_summary: Option<String>,
    pub willing_to_relocate: bool,
    pub visibility: CandidateVisibility,
}

/// A JSON list column; null or malformed reads as empty.
fn list<T: DeserializeOwned>(value: Option<&serde_json::Value>) -> Vec<T> {
    value
        .and_then(|value| serde_json::from_value(value.clone()).ok())
        .unwrap_or_default()
}

/// The stored profile's values.
pub fn data_of(model: &candidate_profile::Model) -> CandidateProfileData {
    CandidateProfileData {
        nationality: model.nationality.clone(),
        current_country: model.current_country.clone(),
        current_city: model.current_city.clone(),
        visa_status: model.visa_status.clone(),
        visa_expiry_date: model.visa_expiry_date,
        work_authorization: model.work_authorization,
        years_experience: model.years_experience,
        current_salary: SalaryRange {
            min: model.current_salary_min,
            max: model.current_salary_max,
        },
        desired_salary: SalaryRange {
            min: model.desired_salary_min,
            max: model.desired_salary_max,
        },
        availability_date: model.availability_date,
        technical_skills: list(Some(&model.skills)),
        soft_skills: list(model.soft_skills.as_ref()),
        languages: list(model.languages.as_ref()),
        certifications: list(model.certifications.as_ref()),
        preferred_locations: list(model.preferred_locations.as_ref()),
        preferred_industries: list(model.preferred_industries.as_ref()),
        work_style: model.work_style.as_deref().and_then(WorkStyle::parse),
        desired_role: model.desired_role.clone(),
        experience_summary: model.experience_summary.clone(),
        willing_to_relocate: model.willing_to_relocate,
        visibility: CandidateVisibility::parse(&model.visibility),
    }
}

fn active_model(user_id: Uuid, data: &CandidateProfileData) -> candidate_profile::ActiveModel {
    let now = Utc::now();
    candidate_profile::ActiveModel {
        user_id: Set(user_id),
        nationality: Set(data.nationality.clone()),
        current_country: Set(data.current_country.clone()),
        visa_status: Set(data.visa_status.clone()),
        jlpt_level: Set(data.jlpt_level().map(|level| level.as_str().to_owned())),
        years_experience: Set(data.years_experience),
        skills: Set(serde_json::json!(data.technical_skills)),
        created_at: Set(now),
        updated_at: Set(now),
        current_city: Set(data.current_city.clone()),
        visa_expiry_date: Set(data.visa_expiry_date),
        work_authorization: Set(data.work_authorization),
        current_salary_min: Set(data.current_salary.min),
        current_salary_max: Set(data.current_salary.max),
        desired_salary_min: Set(data.desired_salary.min),
        desired_salary_max: Set(data.desired_salary.max),
        availability_date: Set(data.availability_date),
        soft_skills: Set(Some(serde_json::json!(data.soft_skills))),
        languages: Set(Some(serde_json::json!(data.languages))),
        certifications: Set(Some(serde_json::json!(data.certifications))),
        preferred_locations: Set(Some(serde_json::json!(data.preferred_locations))),
        preferred_industries: Set(Some(serde_json::json!(data.preferred_industries))),
        work_style: Set(data.work_style.map(|style| style.as_str().to_owned())),
        desired_role: Set(data.desired_role.clone()),
        experience_summary: Set(data.experience_summary.clone()),
        willing_to_relocate: Set(data.willing_to_relocate),
        visibility: Set(data.visibility.as_str().to_owned()),
        version: Set(1),
    }
}

/// The `candidate.profile_updated` event.
fn profile_event(
    user_id: Uuid,
    data: &CandidateProfileData,
    changed: &[&str],
    version: i32,
) -> ApiResult<Event> {
    let payload = CandidateProfileUpdated {
        user_id,
        skills: data.technical_skills.clone(),
        jlpt_level: data.jlpt_level(),
        visa_status: data.visa_status.clone(),
        years_experience: data.years_experience,
        soft_skills: data.soft_skills.clone(),
        languages: data
            .languages
            .iter()
            .map(|skill| CandidateLanguage {
                language: skill.language.clone(),
                level: skill.level,
            })
            .collect(),
        work_authorization: data.work_authorization,
        work_style: data.work_style.map(|style| style.as_str().to_owned()),
        desired_salary_min: data.desired_salary.min,
        desired_salary_max: data.desired_salary.max,
        preferred_locations: data.preferred_locations.clone(),
        preferred_industries: data.preferred_industries.clone(),
        current_city: data.current_city.clone(),
        desired_role: data.desired_role.clone(),
        experience_summary: data.experience_summary.clone(),
        willing_to_relocate: data.willing_to_relocate,
        visibility: Some(data.visibility.as_str().to_owned()),
        changed_fields: changed.iter().map(|field| field.to_string()).collect(),
        profile_version: Some(version),
    };
    Ok(Event::of(user_id, &payload)?)
}

/// Every column but the key, `created_at` and `version` (which counts up): an upsert replaces
/// the profile's values.
const UPDATED_COLUMNS: [candidate_profile::Column; 25] = [
    candidate_profile::Column::Nationality,
    candidate_profile::Column::CurrentCountry,
    candidate_profile::Column::VisaStatus,
    candidate_profile::Column::JlptLevel,
    candidate_profile::Column::YearsExperience,
    candidate_profile::Column::Skills,
    candidate_profile::Column::UpdatedAt,
    candidate_profile::Column::CurrentCity,
    candidate_profile::Column::VisaExpiryDate,
    candidate_profile::Column::WorkAuthorization,
    candidate_profile::Column::CurrentSalaryMin,
    candidate_profile::Column::CurrentSalaryMax,
    candidate_profile::Column::DesiredSalaryMin,
    candidate_profile::Column::DesiredSalaryMax,
    candidate_profile::Column::AvailabilityDate,
    candidate_profile::Column::SoftSkills,
    candidate_profile::Column::Languages,
    candidate_profile::Column::Certifications,
    candidate_profile::Column::PreferredLocations,
    candidate_profile::Column::PreferredIndustries,
    candidate_profile::Column::WorkStyle,
    candidate_profile::Column::DesiredRole,
    candidate_profile::Column::ExperienceSummary,
    candidate_profile::Column::WillingToRelocate,
    candidate_profile::Column::Visibility,
];

/// Writes the profile as a new saved version (the upsert counts the version up in the row it
/// locks, so two saves at once get two versions) and its `candidate.profile_updated` event.
async fn save<C: ConnectionTrait>(
    conn: &C,
    outbox: &kit::outbox::Outbox,
    user_id: Uuid,
    data: &CandidateProfileData,
    changed: &[&str],
) -> ApiResult<candidate_profile::Model> {
    let version = Expr::col((
        candidate_profile::Entity,
        candidate_profile::Column::Version,
    ))
    .add(1);
    candidate_profile::Entity::insert(active_model(user_id, data))
        .on_conflict(
            OnConflict::column(candidate_profile::Column::UserId)
                .update_columns(UPDATED_COLUMNS)
                .value(candidate_profile::Column::Version, version)
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    let stored = candidate_profile::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .ok_or(kit::ApiError::NotFound("candidate profile"))?;
    profile_versions::keep(conn, &stored, data, changed).await?;
    outbox
        .enqueue(
            conn,
            &profile_event(user_id, data, changed, stored.version)?,
        )
        .await?;
    Ok(stored)
}

impl UsersService {
    pub async fn candidate_profile(
        &self,
        user_id: Uuid,
    ) -> ApiResult<Option<candidate_profile::Model>> {
        Ok(candidate_profile::Entity::find_by_id(user_id)
            .one(self.db())
            .await?)
    }

    /// Applies `changes` to the caller's profile (creating it on first use); audited as
    /// `candidate_profile_updated`. Nothing is written when nothing changes.
    pub async fn update_candidate_profile(
        &self,
        user_id: Uuid,
        changes: CandidateProfileChanges,
        origin: &Origin,
    ) -> ApiResult<candidate_profile::Model> {
        self.live_user(user_id).await?;
        let existing = self.candidate_profile(user_id).await?;
        let current = existing.as_ref().map(data_of).unwrap_or_default();
        let (next, changed) = changes.apply(&current)?;
        if let Some(existing) = existing
            && changed.is_empty()
        {
            return Ok(existing);
        }
        let txn = kit::db::begin_write(self.db()).await?;
        let stored = save(&txn, self.outbox(), user_id, &next, &changed).await?;
        audit::record(
            &txn,
            AuditEntry::own("candidate_profile_updated", user_id)
                .details(serde_json::json!({"changedFields": changed})),
            origin,
        )
        .await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(stored)
    }

    /// Creates or replaces `user_id`'s candidate profile wholesale (the demo seed); the JLPT
    /// level becomes the profile's Japanese entry.
    pub async fn upsert_candidate_profile(
        &self,
        user_id: Uuid,
        input: CandidateProfileInput,
    ) -> ApiResult<candidate_profile::Model> {
        let changes = CandidateProfileChanges {
            nationality: Some(input.nationality),
            current_country: Some(input.current_country),
            visa_status: Some(input.visa_status),
            years_experience: Some(input.years_experience),
            technical_skills: Some(input.skills),
            desired_role: Some(input.desired_role),
            experience_summary: Some(input.experience_summary),
            willing_to_relocate: Some(input.willing_to_relocate),
            visibility: Some(input.visibility),
            languages: Some(
                input
                    .jlpt_level
                    .map(|level| LanguageSkill {
                        language: "ja".into(),
                        level: level.into(),
                    })
                    .into_iter()
                    .collect(),
            ),
            ..Default::default()
        };
        let (data, changed) = changes.apply(&CandidateProfileData::default())?;
        let txn = kit::db::begin_write(self.db()).await?;
        let stored = save(&txn, self.outbox(), user_id, &data, &changed).await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(stored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{Iterable, TryIntoModel};

    fn sample() -> CandidateProfileData {
        CandidateProfileData {
            current_city: Some("Osaka".into()),
            technical_skills: vec!["rust".into()],
            preferred_industries: vec!["fintech".into(), "logistics".into()],
            desired_role: Some("Backend engineer".into()),
            experience_summary: Some("Built payment APIs. Led a team of four.".into()),
            willing_to_relocate: true,
            ..Default::default()
        }
    }

    #[test]
    fn the_profile_event_carries_what_matching_embeds_and_filters_on() {
        let user_id = Uuid::new_v4();
        let event = profile_event(user_id, &sample(), &["desiredRole", "willingToRelocate"], 3)
            .expect("event");
        assert_eq!(event.event_type, "candidate.profile_updated");
        assert_eq!(event.payload["desiredRole"], "Backend engineer");
        assert_eq!(
            event.payload["experienceSummary"],
            "Built payment APIs. Led a team of four."
        );
        assert_eq!(event.payload["willingToRelocate"], true);
        assert_eq!(event.payload["currentCity"], "Osaka");
        assert_eq!(
            event.payload["preferredIndustries"],
            serde_json::json!(["fintech", "logistics"])
        );
        let decoded: CandidateProfileUpdated = kit::consumer::payload(&event).expect("decodes");
        assert_eq!(decoded.user_id, user_id);
        assert_eq!(decoded.desired_role.as_deref(), Some("Backend engineer"));
        assert!(decoded.willing_to_relocate);
        assert_eq!(decoded.changed_fields, ["desiredRole", "willingToRelocate"]);
        assert_eq!(decoded.profile_version, Some(3));
    }

    #[test]
    fn every_value_is_stored_and_read_back() {
        let data = sample();
        let model = active_model(Uuid::new_v4(), &data)
            .try_into_model()
            .expect("every column set");
        assert_eq!(model.desired_role.as_deref(), Some("Backend engineer"));
        assert!(model.willing_to_relocate);
        assert_eq!(data_of(&model), data);
        // An upsert replaces every column but the key, `created_at` and `version`.
        assert_eq!(
            UPDATED_COLUMNS.len(),
            candidate_profile::Column::iter().count() - 3
        );
    }
}
