//! The `CandidateProfile` entity (keyed by the candidate's user id), as `User.candidateProfile`
//! and to other subgraphs through `_entities`.
//!
//! What matching and employers scan (skills, languages, experience, work style, preferences,
//! desired role, experience summary, willingness to relocate) is the anonymous summary. Personal
//! and immigration details (nationality, where the candidate lives, visa status and expiry,
//! work authorisation, salaries, availability) are private: only the candidate,
//! administrators (`candidates:read`) and the verified companies the candidate disclosed them
//! to see them (`service::profiles::disclosures`); anyone else gets null and a `FORBIDDEN`
//! error for those fields. A candidate who chose `HIDDEN` resolves to null for those who may
//! not see them.

use super::candidate_access::candidate_access;
use crate::schema::User;
use crate::schema::loaders::UserLoader;
use crate::service::{
    CandidateAccess, CandidateProfileData, CandidateVisibility, LanguageSkill, SalaryRange,
    WorkStyle, candidate_profile_data, data_of_version,
};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use contracts::Permission;
use contracts::{JlptLevel, LanguageSkillLevel, StatusOfResidence};
use entities::users::{candidate_profile, candidate_profile_version};
use kit::auth::{Caller, CallerOf};
use uuid::Uuid;

/// A candidate's profile (see the module doc for which fields are private).
pub struct CandidateProfile {
    user_id: Uuid,
    updated_at: DateTime<Utc>,
    data: CandidateProfileData,
    /// The saved version this is; 0 for a profile not saved since versions were kept.
    version: i32,
}

impl From<candidate_profile::Model> for CandidateProfile {
    fn from(model: candidate_profile::Model) -> Self {
        Self {
            user_id: model.user_id,
            updated_at: model.updated_at,
            data: candidate_profile_data(&model),
            version: model.version,
        }
    }
}

impl From<&candidate_profile_version::Model> for CandidateProfile {
    /// The profile as it was saved in that version, read under the same rules as the live one.
    fn from(saved: &candidate_profile_version::Model) -> Self {
        Self {
            user_id: saved.user_id,
            updated_at: saved.saved_at,
            data: data_of_version(saved),
            version: saved.version,
        }
    }
}

/// A language and the level in it.
#[derive(SimpleObject)]
#[graphql(name = "LanguageSkill")]
pub struct LanguageSkillView {
    /// ISO 639-1 code, e.g. `ja`.
    pub language: String,
    /// JLPT for Japanese, CEFR for others, or native.
    pub level: LanguageSkillLevel,
}

impl From<&LanguageSkill> for LanguageSkillView {
    fn from(skill: &LanguageSkill) -> Self {
        Self {
            language: skill.language.clone(),
            level: skill.level,
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
    /// `value` when the caller reads the whole profile, else null: what the candidate keeps to
    /// themselves is their choice, not a refusal, so it carries no error (`disclosed` says
    /// which view the caller has).
    async fn private<T>(&self, ctx: &Context<'_>, value: Option<T>) -> Result<Option<T>> {
        let disclosed = candidate_access(ctx, self.user_id).await? == CandidateAccess::Full;
        Ok(value.filter(|_| disclosed))
    }

    /// Whether the caller is the candidate or an administrator.
    fn own(&self, ctx: &Context<'_>) -> bool {
        matches!(Caller::of(ctx), Caller::User(caller)
            if caller.user_id == self.user_id || caller.has_permission(Permission::CandidatesRead))
    }
}

/// A candidate's profile, keyed by the candidate's user id. Skills, languages, experience and
/// preferences are the anonymous summary that companies and matching read; the fields marked
/// private read null unless `disclosed` is true. A candidate who chose `HIDDEN` reads as null to
/// those it is hidden from.
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

    /// Whether the caller reads the whole profile: the candidate, an administrator, or a
    /// verified company the candidate disclosed it to (by answering "interested" to its match,
    /// or by being `VISIBLE` to verified companies whose postings match). When false the
    /// fields marked private, and the candidate's names, contact, bio and web site, read null.
    async fn disclosed(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(candidate_access(ctx, self.user_id).await? == CandidateAccess::Full)
    }

    /// ISO 3166-1 alpha-2 code. Private.
    async fn nationality(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        self.private(ctx, self.data.nationality.as_deref()).await
    }

    /// Where the candidate lives now (ISO 3166-1 alpha-2). Private.
    async fn current_country(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        self.private(ctx, self.data.current_country.as_deref())
            .await
    }

    /// Private.
    async fn current_city(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        self.private(ctx, self.data.current_city.as_deref()).await
    }

    /// Who may see the candidate: `HIDDEN` (no company, unless the candidate answers
    /// "interested" to its match), `ANONYMOUS` (the default: companies see this summary; a
    /// verified company sees the rest once the candidate answers "interested") or `VISIBLE`
    /// (every verified company whose posting matches the candidate sees the rest). Only the
    /// candidate and administrators read it; others read null (no error), like the private
    /// fields.
    async fn visibility(&self, ctx: &Context<'_>) -> Option<CandidateVisibility> {
        self.own(ctx).then_some(self.data.visibility)
    }

    /// Status of residence, e.g. `engineer_humanities_international` or `none`. Private.
    async fn visa_status(&self, ctx: &Context<'_>) -> Result<Option<StatusOfResidence>> {
        let status = self.data.visa_status.as_deref();
        self.private(ctx, status.and_then(StatusOfResidence::parse))
            .await
    }

    /// When the current status of residence expires. Private.
    async fn visa_expiry_date(&self, ctx: &Context<'_>) -> Result<Option<NaiveDate>> {
        self.private(ctx, self.data.visa_expiry_date).await
    }

    /// Whether the candidate may already work in Japan. Private.
    async fn work_authorization(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        self.private(ctx, Some(self.data.work_authorization)).await
    }

    /// Annual pay now, in JPY. Private.
    async fn current_salary(&self, ctx: &Context<'_>) -> Result<Option<SalaryRangeView>> {
        self.private(ctx, Some(self.data.current_salary.into()))
            .await
    }

    /// Annual pay wanted, in JPY. Private.
    async fn desired_salary(&self, ctx: &Context<'_>) -> Result<Option<SalaryRangeView>> {
        self.private(ctx, Some(self.data.desired_salary.into()))
            .await
    }

    /// The first day the candidate could start. Private.
    async fn availability_date(&self, ctx: &Context<'_>) -> Result<Option<NaiveDate>> {
        self.private(ctx, self.data.availability_date).await
    }

    /// The Japanese level matching scores from: the JLPT level in `languages` (`N1` highest to
    /// `N5`); native speakers count as `N1`.
    async fn jlpt_level(&self) -> Option<JlptLevel> {
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

    /// When the profile last changed (for a saved version, when that version was saved).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.updated_at
    }

    /// Which saved version of the profile this is (1, 2, …; each change saves a new one); null
    /// for a profile not changed since versions were kept. An application sends one version
    /// (`applyToJob(profileVersion:)`) and shows it as `sentProfile`.
    async fn version(&self) -> Option<i32> {
        (self.version > 0).then_some(self.version)
    }
}
