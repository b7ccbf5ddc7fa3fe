//! Reading candidate profiles by id (the federation entity resolver) and editing one's own.

use super::candidate_access::shown_profile;
use super::candidate_profile::CandidateProfile;
use super::loaders::CandidateProfileLoader;
use crate::schema::request::{origin, signed_in};
use crate::service::{
    CandidateProfileChanges, CandidateVisibility, LanguageSkill, SalaryRange, UsersService,
    WorkStyle,
};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use chrono::NaiveDate;
use contracts::Permission;
use kit::auth::RequirePermission;

/// A language and the level in it.
#[derive(InputObject)]
pub struct LanguageSkillInput {
    /// ISO 639-1 code, e.g. `ja`, `en`, `vi`.
    pub language: String,
    /// `N1`–`N5` for Japanese, `A1`–`C2` for other languages, or `NATIVE`.
    pub level: contracts::LanguageSkillLevel,
}

/// Annual pay in JPY, 0 to 1,000,000,000; `min` must not exceed `max`.
#[derive(InputObject)]
pub struct SalaryRangeInput {
    /// The lower bound; null leaves it open.
    pub min: Option<i32>,
    /// The upper bound; null leaves it open.
    pub max: Option<i32>,
}

/// Changes to the caller's candidate profile. Omitted fields stay as they are; `null` clears a
/// field; lists and salary ranges are replaced whole (`null` clears them).
#[derive(InputObject, Default)]
pub struct UpdateCandidateProfileInput {
    /// ISO 3166-1 alpha-2 code, e.g. `VN`.
    pub nationality: MaybeUndefined<String>,
    /// ISO 3166-1 alpha-2 code of the country the candidate lives in.
    pub current_country: MaybeUndefined<String>,
    /// The city the candidate lives in.
    pub current_city: MaybeUndefined<String>,
    /// A status of residence such as `engineer_humanities_international`,
    /// `specified_skilled_worker_i`, `student` or `none`.
    pub visa_status: MaybeUndefined<String>,
    /// When the current status of residence expires.
    pub visa_expiry_date: MaybeUndefined<NaiveDate>,
    /// Whether the candidate may already work in Japan.
    pub work_authorization: Option<bool>,
    /// 0 to 60.
    pub years_experience: Option<i32>,
    /// Annual pay now, in JPY.
    pub current_salary: MaybeUndefined<SalaryRangeInput>,
    /// Annual pay wanted, in JPY.
    pub desired_salary: MaybeUndefined<SalaryRangeInput>,
    /// The first day the candidate could start.
    pub availability_date: MaybeUndefined<NaiveDate>,
    /// At most 100; stored lower-cased, duplicates dropped.
    pub technical_skills: MaybeUndefined<Vec<String>>,
    /// At most 50, duplicates dropped.
    pub soft_skills: MaybeUndefined<Vec<String>>,
    /// Each language once; the Japanese entry sets `jlptLevel`.
    pub languages: MaybeUndefined<Vec<LanguageSkillInput>>,
    /// At most 50.
    pub certifications: MaybeUndefined<Vec<String>>,
    /// At most 20 places the candidate would like to work.
    pub preferred_locations: MaybeUndefined<Vec<String>>,
    /// At most 20 industries.
    pub preferred_industries: MaybeUndefined<Vec<String>>,
    /// Remote, hybrid or in the office.
    pub work_style: MaybeUndefined<WorkStyle>,
    /// The role the candidate looks for, e.g. `Backend engineer`; at most 120 characters.
    pub desired_role: MaybeUndefined<String>,
    /// Free text about past work; at most 2000 characters.
    pub experience_summary: MaybeUndefined<String>,
    /// Whether the candidate would move for a job.
    pub willing_to_relocate: Option<bool>,
    /// Who may see you: `HIDDEN`, `ANONYMOUS` (the default) or `VISIBLE` (see
    /// `CandidateProfile.visibility`).
    pub visibility: Option<CandidateVisibility>,
}

fn list<T>(value: MaybeUndefined<Vec<T>>) -> Option<Vec<T>> {
    Option::<Option<Vec<T>>>::from(value).map(Option::unwrap_or_default)
}

fn salary(value: MaybeUndefined<SalaryRangeInput>) -> Option<SalaryRange> {
    Option::<Option<SalaryRangeInput>>::from(value).map(|range| {
        range.map_or_else(SalaryRange::default, |range| SalaryRange {
            min: range.min,
            max: range.max,
        })
    })
}

impl From<UpdateCandidateProfileInput> for CandidateProfileChanges {
    fn from(input: UpdateCandidateProfileInput) -> Self {
        Self {
            nationality: input.nationality.into(),
            current_country: input.current_country.into(),
            current_city: input.current_city.into(),
            visa_status: input.visa_status.into(),
            visa_expiry_date: input.visa_expiry_date.into(),
            work_authorization: input.work_authorization,
            years_experience: input.years_experience,
            current_salary: salary(input.current_salary),
            desired_salary: salary(input.desired_salary),
            availability_date: input.availability_date.into(),
            technical_skills: list(input.technical_skills),
            soft_skills: list(input.soft_skills),
            languages: list(input.languages).map(|skills| {
                skills
                    .into_iter()
                    .map(|skill| LanguageSkill {
                        language: skill.language,
                        level: skill.level,
                    })
                    .collect()
            }),
            certifications: list(input.certifications),
            preferred_locations: list(input.preferred_locations),
            preferred_industries: list(input.preferred_industries),
            work_style: input.work_style.into(),
            desired_role: input.desired_role.into(),
            experience_summary: input.experience_summary.into(),
            willing_to_relocate: input.willing_to_relocate,
            visibility: input.visibility,
        }
    }
}

#[derive(Default)]
pub struct CandidateProfileQueries;

#[Object]
impl CandidateProfileQueries {
    /// Resolves `CandidateProfile` references from other subgraphs (`id` is the user id).
    #[graphql(entity)]
    async fn find_candidate_profile_by_id(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<Option<CandidateProfile>> {
        let id = kit::ids::parse_id(&id, "id")?;
        let loader = ctx.data::<DataLoader<CandidateProfileLoader>>()?;
        shown_profile(ctx, loader.load_one(id).await?).await
    }
}

#[derive(Default)]
pub struct CandidateProfileMutations;

#[Object]
impl CandidateProfileMutations {
    /// Edits the caller's candidate profile, creating it on first use. Needs `profile:update`
    /// (candidates). Every invalid field is reported at once (`BAD_USER_INPUT` with
    /// `extensions.fields`). Raises `candidate.profile_updated`, which rescoring matches follow.
    #[graphql(guard = "RequirePermission::new(Permission::ProfileUpdate)")]
    async fn update_candidate_profile(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The fields to change.")] input: UpdateCandidateProfileInput,
    ) -> Result<CandidateProfile> {
        let caller = signed_in(ctx)?;
        let service = ctx.data::<UsersService>()?;
        let profile = service
            .update_candidate_profile(caller.user_id, input.into(), &origin(ctx))
            .await?;
        Ok(profile.into())
    }
}
