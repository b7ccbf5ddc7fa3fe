//! The posting inputs of `createJobPosting` and `updateJobPosting`, turned into the service's
//! `PostingChanges`. Creating sets every field (omitted ones take their defaults); updating
//! changes what is given: an omitted field stays, `null` clears a clearable one, lists are
//! replaced whole.

use crate::service::{
    Education, EmploymentType, JobLevel, LanguageLevel, PostingChanges, RemoteOption, SalaryPeriod,
    ScreeningQuestion, ScreeningQuestionKind,
};
use async_graphql::{ID, InputObject, MaybeUndefined};
use chrono::{DateTime, NaiveDate, Utc};
use contracts::{Currency, JlptLevel};

/// A language other than Japanese the job needs (Japanese is `jlptRequired`).
#[derive(InputObject, Clone)]
pub struct LanguageRequirementInput {
    /// ISO 639-1 code, e.g. `en`.
    pub language: String,
    /// How well the job needs it spoken.
    pub level: LanguageLevel,
}

/// A question every applicant answers.
#[derive(InputObject, Clone)]
pub struct ScreeningQuestionInput {
    /// The question's id: send back the id of a question kept from before, so answers already
    /// given stay attached to it; omit for a new question (an id is given).
    pub id: Option<String>,
    /// How it is answered.
    pub kind: ScreeningQuestionKind,
    /// The question, 1 to 300 characters, e.g. `Do you live in Japan now?`.
    pub prompt: String,
    /// The question in Japanese, at most 300 characters.
    pub prompt_ja: Option<String>,
    /// Whether an application must answer it; default true.
    #[graphql(default = true)]
    pub required: bool,
    /// The options of a `CHOICE` question: 2 to 10, each 1 to 100 characters; none for the
    /// other kinds.
    #[graphql(default)]
    pub options: Vec<String>,
}

fn questions(list: Vec<ScreeningQuestionInput>) -> Vec<ScreeningQuestion> {
    list.into_iter()
        .map(|question| ScreeningQuestion {
            id: question.id.unwrap_or_default(),
            kind: question.kind,
            prompt: question.prompt,
            prompt_ja: question.prompt_ja,
            required: question.required,
            options: question.options,
        })
        .collect()
}

fn languages(list: Vec<LanguageRequirementInput>) -> Vec<(String, LanguageLevel)> {
    list.into_iter()
        .map(|entry| (entry.language, entry.level))
        .collect()
}

/// A new job posting, created as a `DRAFT`. Omitted optional fields take the defaults stated.
#[derive(InputObject)]
pub struct CreateJobPostingInput {
    /// The company offering the job; the caller must be its employer or HR manager (or hold
    /// `jobs:manage`).
    pub company_id: ID,
    /// At most 200 characters.
    pub title: String,
    /// The title in Japanese; at most 200 characters.
    pub title_ja: Option<String>,
    /// At most 20,000 characters.
    pub description: String,
    /// The description in Japanese; at most 20,000 characters.
    pub description_ja: Option<String>,
    /// E.g. `Platform team`.
    pub department: Option<String>,
    /// The seniority of the job.
    pub job_level: Option<JobLevel>,
    /// A job category the compliance rules know, e.g. `software_engineering`, `nursing_care`
    /// (see `jobCategories`).
    pub job_category: Option<String>,
    /// How the location reads, e.g. `Shibuya, Tokyo`.
    pub location: String,
    /// The location in Japanese, e.g. `東京都渋谷区`; at most 200 characters.
    pub location_ja: Option<String>,
    /// A prefecture of Japan: code (`tokyo`), ISO code (`JP-13`) or name (`Tokyo`, `東京都`).
    pub prefecture: Option<String>,
    /// The city or ward, e.g. `Shibuya`; at most 100 characters (search matches it exactly,
    /// ignoring case).
    pub city: Option<String>,
    /// The kind of employment; default `FULL_TIME`.
    #[graphql(default_with = "EmploymentType::FullTime")]
    pub employment_type: EmploymentType,
    /// How much of the work can be remote; default `NONE`.
    #[graphql(default_with = "RemoteOption::None")]
    pub remote_option: RemoteOption,
    /// Whether the company helps with moving; default false.
    #[graphql(default)]
    pub relocation_support: bool,
    /// Per `salaryPeriod`, in `currency` (integer yen for JPY).
    pub salary_min: Option<i64>,
    /// Salary ceiling per `salaryPeriod`, in `currency` (integer yen for JPY); not below
    /// `salaryMin`, at most 100,000 an hour, 10,000,000 a month or 100,000,000 a year.
    pub salary_max: Option<i64>,
    /// The period the salary amounts are for; default `YEARLY`.
    #[graphql(default_with = "SalaryPeriod::Yearly")]
    pub salary_period: SalaryPeriod,
    /// The salary currency; default `JPY`.
    #[graphql(default_with = "Currency::Jpy")]
    pub currency: Currency,
    /// Scheduled hours a week (full time counts as 40 when not given).
    pub weekly_hours: Option<f64>,
    /// Whether the work includes night shifts (late-night work, 22:00–5:00, 夜勤); leave out
    /// when not decided. Searches for `夜勤なし` / `no night shifts` find only postings that say
    /// `false`.
    pub night_shifts: Option<bool>,
    /// Openings, 1 to 1,000.
    #[graphql(default = 1)]
    pub headcount: i32,
    /// 1 to 50 skills.
    pub required_skills: Vec<String>,
    /// Nice to have; at most 50.
    #[graphql(default)]
    pub preferred_skills: Vec<String>,
    /// Years of relevant experience required, 0 to 50; default 0.
    #[graphql(default)]
    pub min_experience_years: i32,
    /// The minimum education required.
    pub education: Option<Education>,
    /// The minimum JLPT level the job needs; none when Japanese is not required.
    pub jlpt_required: Option<JlptLevel>,
    /// Languages other than Japanese the job needs, at most 10, each language once; default
    /// none.
    #[graphql(default)]
    pub language_requirements: Vec<LanguageRequirementInput>,
    /// Whether the company sponsors a status of residence (在留資格) for the hire; default false.
    #[graphql(default)]
    pub visa_sponsorship: bool,
    /// Statuses of residence sponsored, e.g. `engineer_humanities_international`.
    #[graphql(default)]
    pub supported_visa_types: Vec<String>,
    /// At most 50, e.g. `housing allowance`.
    #[graphql(default)]
    pub benefits: Vec<String>,
    /// When the job starts; not before the application deadline's date.
    pub start_date: Option<NaiveDate>,
    /// In the future; a published posting closes itself when it passes.
    pub application_deadline: Option<DateTime<Utc>>,
    /// What every applicant answers, at most 10; default none.
    #[graphql(default)]
    pub screening_questions: Vec<ScreeningQuestionInput>,
}

impl From<CreateJobPostingInput> for PostingChanges {
    fn from(input: CreateJobPostingInput) -> Self {
        Self {
            title: Some(input.title),
            title_ja: Some(input.title_ja),
            description: Some(input.description),
            description_ja: Some(input.description_ja),
            department: Some(input.department),
            job_level: Some(input.job_level),
            job_category: Some(input.job_category),
            location: Some(input.location),
            location_ja: Some(input.location_ja),
            prefecture: Some(input.prefecture),
            city: Some(input.city),
            employment_type: Some(input.employment_type),
            remote_option: Some(input.remote_option),
            relocation_support: Some(input.relocation_support),
            salary_min: Some(input.salary_min),
            salary_max: Some(input.salary_max),
            salary_period: Some(input.salary_period),
            currency: Some(input.currency),
            weekly_hours: Some(input.weekly_hours),
            night_shifts: Some(input.night_shifts),
            headcount: Some(input.headcount),
            required_skills: Some(input.required_skills),
            preferred_skills: Some(input.preferred_skills),
            min_experience_years: Some(input.min_experience_years),
            education: Some(input.education),
            jlpt_required: Some(input.jlpt_required),
            language_requirements: Some(languages(input.language_requirements)),
            visa_sponsorship: Some(input.visa_sponsorship),
            supported_visa_types: Some(input.supported_visa_types),
            benefits: Some(input.benefits),
            start_date: Some(input.start_date),
            application_deadline: Some(input.application_deadline),
            screening_questions: Some(questions(input.screening_questions)),
        }
    }
}

/// Changes to a posting; every field as in `CreateJobPostingInput`.
#[derive(InputObject, Default)]
pub struct UpdateJobPostingInput {
    /// The title, at most 200 characters; omit to keep it.
    pub title: Option<String>,
    /// The title in Japanese, at most 200 characters; omit to keep, `null` to clear.
    pub title_ja: MaybeUndefined<String>,
    /// The description, at most 20,000 characters; omit to keep it.
    pub description: Option<String>,
    /// The description in Japanese, at most 20,000 characters; omit to keep, `null` to clear.
    pub description_ja: MaybeUndefined<String>,
    /// The team or department hiring, e.g. `Platform team`; omit to keep, `null` to clear.
    pub department: MaybeUndefined<String>,
    /// The seniority of the job; omit to keep, `null` to clear.
    pub job_level: MaybeUndefined<JobLevel>,
    /// A job category code from `jobCategories`, e.g. `software_engineering`; omit to keep, `null`
    /// to clear.
    pub job_category: MaybeUndefined<String>,
    /// How the location reads, e.g. `Shibuya, Tokyo`, at most 200 characters; omit to keep it.
    pub location: Option<String>,
    /// The location in Japanese, at most 200 characters; omit to keep, `null` to clear.
    pub location_ja: MaybeUndefined<String>,
    /// A prefecture of Japan: code (`tokyo`), ISO code (`JP-13`) or name (`東京都`); omit to keep,
    /// `null` to clear.
    pub prefecture: MaybeUndefined<String>,
    /// The city or ward, at most 100 characters; omit to keep, `null` to clear.
    pub city: MaybeUndefined<String>,
    /// The kind of employment; omit to keep it.
    pub employment_type: Option<EmploymentType>,
    /// How much of the work can be remote; omit to keep it.
    pub remote_option: Option<RemoteOption>,
    /// Whether the company helps with moving; omit to keep it.
    pub relocation_support: Option<bool>,
    /// Salary floor per `salaryPeriod`, in `currency` (integer yen for JPY); omit to keep, `null`
    /// to clear.
    pub salary_min: MaybeUndefined<i64>,
    /// Salary ceiling per `salaryPeriod`, in `currency`, not below `salaryMin`; omit to keep,
    /// `null` to clear.
    pub salary_max: MaybeUndefined<i64>,
    /// The period the salary amounts are for; omit to keep it.
    pub salary_period: Option<SalaryPeriod>,
    /// The salary currency; omit to keep it.
    pub currency: Option<Currency>,
    /// Scheduled hours a week, more than 0 and at most 60; omit to keep, `null` to clear.
    pub weekly_hours: MaybeUndefined<f64>,
    /// Whether the work includes night shifts; omit to keep, `null` when not decided.
    pub night_shifts: MaybeUndefined<bool>,
    /// Openings, 1 to 1,000; omit to keep it.
    pub headcount: Option<i32>,
    /// 1 to 50 skills, each at most 60 characters; omit to keep; replaces the whole list.
    pub required_skills: Option<Vec<String>>,
    /// Nice-to-have skills, at most 50; omit to keep, `null` to empty; replaces the whole list.
    pub preferred_skills: MaybeUndefined<Vec<String>>,
    /// Years of relevant experience required, 0 to 50; omit to keep it.
    pub min_experience_years: Option<i32>,
    /// The minimum education required; omit to keep, `null` to clear.
    pub education: MaybeUndefined<Education>,
    /// Minimum JLPT level; omit to keep, `null` to clear.
    pub jlpt_required: MaybeUndefined<JlptLevel>,
    /// Languages other than Japanese, at most 10; omit to keep, `null` to empty; replaces the whole
    /// list.
    pub language_requirements: MaybeUndefined<Vec<LanguageRequirementInput>>,
    /// Whether the company sponsors a status of residence (在留資格); omit to keep it.
    pub visa_sponsorship: Option<bool>,
    /// Statuses of residence sponsored, at most 30; omit to keep, `null` to empty; replaces the
    /// whole list.
    pub supported_visa_types: MaybeUndefined<Vec<String>>,
    /// Benefits, at most 50, each at most 200 characters; omit to keep, `null` to empty; replaces
    /// the whole list.
    pub benefits: MaybeUndefined<Vec<String>>,
    /// When the job starts, not before the application deadline; omit to keep, `null` to clear.
    pub start_date: MaybeUndefined<NaiveDate>,
    /// A new deadline must be in the future; omit to keep, `null` to clear.
    pub application_deadline: MaybeUndefined<DateTime<Utc>>,
    /// The screening questions, at most 10; omit to keep, `null` to remove them all; replaces
    /// the whole list (answers already given keep the questions as they were asked).
    pub screening_questions: MaybeUndefined<Vec<ScreeningQuestionInput>>,
}

/// A list change: `null` empties the list.
fn list<T>(value: MaybeUndefined<Vec<T>>) -> Option<Vec<T>> {
    Option::<Option<Vec<T>>>::from(value).map(Option::unwrap_or_default)
}

impl From<UpdateJobPostingInput> for PostingChanges {
    fn from(input: UpdateJobPostingInput) -> Self {
        Self {
            title: input.title,
            title_ja: input.title_ja.into(),
            description: input.description,
            description_ja: input.description_ja.into(),
            department: input.department.into(),
            job_level: input.job_level.into(),
            job_category: input.job_category.into(),
            location: input.location,
            location_ja: input.location_ja.into(),
            prefecture: input.prefecture.into(),
            city: input.city.into(),
            employment_type: input.employment_type,
            remote_option: input.remote_option,
            relocation_support: input.relocation_support,
            salary_min: input.salary_min.into(),
            salary_max: input.salary_max.into(),
            salary_period: input.salary_period,
            currency: input.currency,
            weekly_hours: input.weekly_hours.into(),
            night_shifts: input.night_shifts.into(),
            headcount: input.headcount,
            required_skills: input.required_skills,
            preferred_skills: list(input.preferred_skills),
            min_experience_years: input.min_experience_years,
            education: input.education.into(),
            jlpt_required: input.jlpt_required.into(),
            language_requirements: list(input.language_requirements).map(languages),
            visa_sponsorship: input.visa_sponsorship,
            supported_visa_types: list(input.supported_visa_types),
            benefits: list(input.benefits),
            start_date: input.start_date.into(),
            application_deadline: input.application_deadline.into(),
            screening_questions: list(input.screening_questions).map(questions),
        }
    }
}
