//! The `CandidateProfile` entity (keyed by the candidate's user id), as `User.candidateProfile`
//! and to other subgraphs through `_entities`.
//!
//! What matching and employers scan (skills, languages, experience, work style, preferences,
//! desired role, experience summary, willingness to relocate) is public. Personal and immigration details (nationality, where the candidate lives, visa
//! status and expiry, work authorisation, salaries, availability) are private: only the
//! candidate and holders of `candidates:read` (administrators) see them;
//! anyone else gets null and a `FORBIDDEN` error for those fields.

use crate::schema::User;
use crate::schema::loaders::UserLoader;
use crate::service::{
    CandidateProfileData, LanguageSkill, SalaryRange, WorkStyle, candidate_profile_data,
};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use contracts::Permission;
use entities::users::candidate_profile;
use kit::ApiError;
use kit::auth::{Caller, CallerOf};
use uuid::Uuid;

/// A candidate's profile (see the module doc for which fields are private).
pub struct CandidateProfile {
    user_id: Uuid,
    updated_at: DateTime<Utc>,
    data: CandidateProfileData,
}

impl From<candidate_profile::Model> for CandidateProfile {
    fn from(model: candidate_profile::Model) -> Self {
        Self {
            user_id: model.user_id,
            updated_at: model.updated_at,
            data: candidate_profile_data(&model),
        }
    }
}

/// A language and the level in it.
#[derive(SimpleObject)]
#[graphql(name = "LanguageSkill")]
pub struct LanguageSkillView {
    /// ISO 639-1 code, e.g. `ja`.
    pub language: String,
    /// `N1`–`N5` (JLPT) for Japanese, `A1`–`C2` (CEFR) for others, or `native`.
    pub level: String,
}

impl From<&LanguageSkill> for LanguageSkillView {
    fn from(skill: &LanguageSkill) -> Self {
        Self {
            language: skill.language.clone(),
            level: skill.level.clone(),
        }
    }
}

/// An annual pay range; either bound may be open.
#[derive(SimpleObject)]
#[graphql(name = "SalaryRange")]
pub struct SalaryRangeView {
    /// The lower bound; null when open.
    pub min: Option<i32>,
    /// The upper bound; null when open.
    pub max: Option<i32>,
    /// Always `JPY`.
    pub currency: &'static str,
}

impl From<SalaryRange> for SalaryRangeView {
    fn from(range: SalaryRange) -> Self {
        Self {
            min: range.min,
            max: range.max,
            currency: "JPY",
        }
    }
}

impl CandidateProfile {
    fn private<T>(&self, ctx: &Context<'_>, value: T) -> Result<T> {
        match Caller::of(ctx) {
            Caller::User(caller)
                if caller.user_id == self.user_id
                    || caller.has_permission(Permission::CandidatesRead) =>
            {
                Ok(value)
            }
            _ => Err(ApiError::Forbidden.into()),
        }
    }
}

#[Object]
impl CandidateProfile {
    /// The candidate's user id.
    async fn id(&self) -> ID {
        ID(self.user_id.to_string())
    }

    /// The candidate.
    async fn user(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let loader = ctx.data::<DataLoader<UserLoader>>()?;
        Ok(loader.load_one(self.user_id).await?.map(User::public))
    }

    /// ISO 3166-1 alpha-2 code. Private.
    async fn nationality(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        self.private(ctx, self.data.nationality.as_deref())
    }

    /// Where the candidate lives now (ISO 3166-1 alpha-2). Private.
    async fn current_country(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        self.private(ctx, self.data.current_country.as_deref())
    }

    /// Private.
    async fn current_city(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        self.private(ctx, self.data.current_city.as_deref())
    }

    /// Status of residence, e.g. `engineer_humanities_international` or `none`. Private.
    async fn visa_status(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        self.private(ctx, self.data.visa_status.as_deref())
    }

    /// When the current status of residence expires. Private.
    async fn visa_expiry_date(&self, ctx: &Context<'_>) -> Result<Option<NaiveDate>> {
        self.private(ctx, self.data.visa_expiry_date)
    }

    /// Whether the candidate may already work in Japan. Private.
    async fn work_authorization(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        self.private(ctx, Some(self.data.work_authorization))
    }

    /// Annual pay now, in JPY. Private.
    async fn current_salary(&self, ctx: &Context<'_>) -> Result<Option<SalaryRangeView>> {
        self.private(ctx, Some(self.data.current_salary.into()))
    }

    /// Annual pay wanted, in JPY. Private.
    async fn desired_salary(&self, ctx: &Context<'_>) -> Result<Option<SalaryRangeView>> {
        self.private(ctx, Some(self.data.desired_salary.into()))
    }

    /// The first day the candidate could start. Private.
    async fn availability_date(&self, ctx: &Context<'_>) -> Result<Option<NaiveDate>> {
        self.private(ctx, self.data.availability_date)
    }

    /// The Japanese level matching scores from: the JLPT level in `languages` (`N1` highest to
    /// `N5`); native speakers count as `N1`.
    async fn jlpt_level(&self) -> Option<String> {
        self.data.jlpt_level()
    }

    /// Years of professional experience.
    async fn years_experience(&self) -> i32 {
        self.data.years_experience
    }

    /// Lower-cased technical skills.
    async fn technical_skills(&self) -> &[String] {
        &self.data.technical_skills
    }

    /// The technical skills, under their earlier name.
    #[graphql(deprecation = "use technicalSkills")]
    async fn skills(&self) -> &[String] {
        &self.data.technical_skills
    }

    /// Soft skills such as `teamwork`, as the candidate wrote them.
    async fn soft_skills(&self) -> &[String] {
        &self.data.soft_skills
    }

    /// The languages the candidate speaks, each with a level.
    async fn languages(&self) -> Vec<LanguageSkillView> {
        self.data.languages.iter().map(Into::into).collect()
    }

    /// Professional certifications, e.g. `AWS Solutions Architect`.
    async fn certifications(&self) -> &[String] {
        &self.data.certifications
    }

    /// Where the candidate would like to work, e.g. `Tokyo`.
    async fn preferred_locations(&self) -> &[String] {
        &self.data.preferred_locations
    }

    /// Industries the candidate would like to work in.
    async fn preferred_industries(&self) -> &[String] {
        &self.data.preferred_industries
    }

    /// Remote, hybrid or in the office.
    async fn work_style(&self) -> Option<WorkStyle> {
        self.data.work_style
    }

    /// The role the candidate looks for, e.g. `Backend engineer`.
    async fn desired_role(&self) -> Option<&str> {
        self.data.desired_role.as_deref()
    }

    /// Free text about past work.
    async fn experience_summary(&self) -> Option<&str> {
        self.data.experience_summary.as_deref()
    }

    /// Whether the candidate would move for a job.
    async fn willing_to_relocate(&self) -> bool {
        self.data.willing_to_relocate
    }

    /// When the profile last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.updated_at
    }
}
