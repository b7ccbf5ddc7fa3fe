//! What a posting may hold, and how a change applies to it. Pure: creating a posting applies
//! changes to an empty one, editing applies them to the stored one, and the posting as it
//! will be is checked whole, every problem reported at once (seed rules: title and
//! description present and bounded, salary min ≤ max and realistic, skills non-empty and sane,
//! experience ≥ 0; plus the fields candidates decide on). Every list is bounded by its length
//! as sent, before any entry is normalised.

use super::screening::{self, ScreeningQuestion};
use super::{Education, EmploymentType, JobLevel, LanguageLevel, RemoteOption, SalaryPeriod};
use chrono::{DateTime, NaiveDate, Utc};
use contracts::{Currency, JlptLevel};
use kit::ApiResult;
use kit::error::FieldErrors;
use std::collections::HashSet;

const MAX_TITLE: usize = 200;
const MAX_DESCRIPTION: usize = 20_000;
const MAX_LINE: usize = 100;
const MAX_SKILLS: usize = 50;
const MAX_SKILL: usize = 60;
const MAX_BENEFITS: usize = 50;
const MAX_BENEFIT: usize = 200;
const MAX_LANGUAGES: usize = 10;
const MAX_VISA_TYPES: usize = 30;
const MAX_HEADCOUNT: i32 = 1_000;
const MAX_WEEKLY_HOURS: f64 = 60.0;

/// A language other than Japanese (whose level is `jlptRequired`) the job needs.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LanguageRequirement {
    /// ISO 639-1 code, lower case, e.g. `en`.
    pub language: String,
    pub level: String,
}

/// A posting's editable values.
#[derive(Clone, Debug, PartialEq)]
pub struct PostingData {
    pub title: String,
    pub title_ja: Option<String>,
    pub description: String,
    pub description_ja: Option<String>,
    pub department: Option<String>,
    pub job_level: Option<JobLevel>,
    /// A `compliance::JOB_CATEGORIES` code.
    pub job_category: Option<String>,
    pub location: String,
    pub location_ja: Option<String>,
    /// A `compliance::PREFECTURES` code, e.g. `tokyo`.
    pub prefecture: Option<String>,
    pub city: Option<String>,
    pub employment_type: EmploymentType,
    pub remote_option: RemoteOption,
    pub relocation_support: bool,
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    pub salary_period: SalaryPeriod,
    pub currency: Currency,
    pub weekly_hours: Option<f64>,
    /// Whether the work includes night shifts (late-night work, 22:00–5:00); `None` when the
    /// posting does not say.
    pub night_shifts: Option<bool>,
    pub headcount: i32,
    pub required_skills: Vec<String>,
    pub preferred_skills: Vec<String>,
    pub min_experience_years: i32,
    pub education: Option<Education>,
    pub jlpt_required: Option<JlptLevel>,
    pub language_requirements: Vec<LanguageRequirement>,
    pub visa_sponsorship: bool,
    pub supported_visa_types: Vec<String>,
    pub benefits: Vec<String>,
    pub start_date: Option<NaiveDate>,
    pub application_deadline: Option<DateTime<Utc>>,
    /// What every applicant answers (at most 10).
    pub screening_questions: Vec<ScreeningQuestion>,
}

impl Default for PostingData {
    fn default() -> Self {
        Self {
            title: String::new(),
            title_ja: None,
            description: String::new(),
            description_ja: None,
            department: None,
            job_level: None,
            job_category: None,
            location: String::new(),
            location_ja: None,
            prefecture: None,
            city: None,
            employment_type: EmploymentType::FullTime,
            remote_option: RemoteOption::None,
            relocation_support: false,
            salary_min: None,
            salary_max: None,
            salary_period: SalaryPeriod::Yearly,
            currency: Currency::Jpy,
            weekly_hours: None,
            night_shifts: None,
            headcount: 1,
            required_skills: Vec::new(),
            preferred_skills: Vec::new(),
            min_experience_years: 0,
            education: None,
            jlpt_required: None,
            language_requirements: Vec::new(),
            visa_sponsorship: false,
            supported_visa_types: Vec::new(),
            benefits: Vec::new(),
            start_date: None,
            application_deadline: None,
            screening_questions: Vec::new(),
        }
    }
}

/// Changes to a posting: `None` keeps a field, `Some(None)` clears a clearable one, lists are
/// replaced whole.
#[derive(Clone, Debug, Default)]
pub struct PostingChanges {
    pub title: Option<String>,
    pub title_ja: Option<Option<String>>,
    pub description: Option<String>,
    pub description_ja: Option<Option<String>>,
    pub department: Option<Option<String>>,
    pub job_level: Option<Option<JobLevel>>,
    pub job_category: Option<Option<String>>,
    pub location: Option<String>,
    pub location_ja: Option<Option<String>>,
    pub prefecture: Option<Option<String>>,
    pub city: Option<Option<String>>,
    pub employment_type: Option<EmploymentType>,
    pub remote_option: Option<RemoteOption>,
    pub relocation_support: Option<bool>,
    pub salary_min: Option<Option<i64>>,
    pub salary_max: Option<Option<i64>>,
    pub salary_period: Option<SalaryPeriod>,
    pub currency: Option<Currency>,
    pub weekly_hours: Option<Option<f64>>,
    pub night_shifts: Option<Option<bool>>,
    pub headcount: Option<i32>,
    pub required_skills: Option<Vec<String>>,
    pub preferred_skills: Option<Vec<String>>,
    pub min_experience_years: Option<i32>,
    pub education: Option<Option<Education>>,
    pub jlpt_required: Option<Option<JlptLevel>>,
    pub language_requirements: Option<Vec<(String, LanguageLevel)>>,
    pub visa_sponsorship: Option<bool>,
    pub supported_visa_types: Option<Vec<String>>,
    pub benefits: Option<Vec<String>>,
    pub start_date: Option<Option<NaiveDate>>,
    pub application_deadline: Option<Option<DateTime<Utc>>>,
    pub screening_questions: Option<Vec<ScreeningQuestion>>,
}

/// Trimmed, lower-cased, de-duplicated (in one pass), in input order.
pub fn normalized_skills(skills: &[String]) -> Vec<String> {
    let mut seen = HashSet::with_capacity(skills.len());
    skills
        .iter()
        .map(|skill| skill.trim().to_lowercase())
        .filter(|skill| !skill.is_empty() && seen.insert(skill.clone()))
        .collect()
}

/// Trimmed text, `None` when blank.
fn text(value: Option<String>) -> Option<String> {
    value
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

/// Collects the problems of one change set; the GraphQL names of the fields that changed.
struct Applying<'a> {
    errors: FieldErrors,
    /// Fields already reported, so a rule on the whole posting does not report them twice.
    reported: Vec<&'static str>,
    changed: Vec<&'static str>,
    now: DateTime<Utc>,
    current: &'a PostingData,
}

impl Applying<'_> {
    fn problem(&mut self, field: &'static str, message: &str) {
        self.errors.add(field, message);
        self.reported.push(field);
    }

    fn mark(&mut self, field: &'static str, differs: bool) {
        if differs {
            self.changed.push(field);
        }
    }

    /// `value` bounded to `max` characters.
    fn bounded(&mut self, field: &'static str, value: &Option<String>, max: usize) {
        if value
            .as_deref()
            .is_some_and(|text| text.chars().nth(max).is_some())
        {
            self.problem(field, &format!("must be at most {max} characters"));
        }
    }

    /// A skill list bounded as sent, then normalised.
    fn skills(&mut self, field: &'static str, skills: &[String]) -> Vec<String> {
        if skills.len() > MAX_SKILLS {
            self.problem(field, &format!("must name at most {MAX_SKILLS} skills"));
            return Vec::new();
        }
        if skills
            .iter()
            .any(|skill| skill.trim().chars().nth(MAX_SKILL).is_some())
        {
            self.problem(
                field,
                &format!("has a skill name longer than {MAX_SKILL} characters"),
            );
        }
        normalized_skills(skills)
    }
}

impl PostingChanges {
    /// `current` with the changes applied and the GraphQL names of the fields that differ, or
    /// every problem found. `now` decides whether a new deadline lies in the future.
    pub fn apply(
        self,
        current: &PostingData,
        now: DateTime<Utc>,
    ) -> ApiResult<(PostingData, Vec<&'static str>)> {
        let mut next = current.clone();
        let mut a = Applying {
            errors: FieldErrors::default(),
            reported: Vec::new(),
            changed: Vec::new(),
            now,
            current,
        };
        self.apply_texts(&mut next, &mut a);
        self.apply_place_and_pay(&mut next, &mut a);
        self.apply_requirements(&mut next, &mut a);
        self.apply_dates(&mut next, &mut a);
        check_whole(&next, &mut a);
        a.errors.finish()?;
        Ok((next, a.changed))
    }

    fn apply_texts(&self, next: &mut PostingData, a: &mut Applying) {
        let required = [
            ("title", &self.title, &mut next.title, MAX_TITLE),
            (
                "description",
                &self.description,
                &mut next.description,
                MAX_DESCRIPTION,
            ),
            ("location", &self.location, &mut next.location, MAX_TITLE),
        ];
        for (field, change, slot, max) in required {
            if let Some(value) = change {
                // Blank is reported with the posting as it will be (`check_whole`).
                let value = text(Some(value.clone()));
                a.bounded(field, &value, max);
                let value = value.unwrap_or_default();
                a.mark(field, *slot != value);
                *slot = value;
            }
        }
        let optional = [
            ("titleJa", &self.title_ja, &mut next.title_ja, MAX_TITLE),
            (
                "descriptionJa",
                &self.description_ja,
                &mut next.description_ja,
                MAX_DESCRIPTION,
            ),
            (
                "locationJa",
                &self.location_ja,
                &mut next.location_ja,
                MAX_TITLE,
            ),
            (
                "department",
                &self.department,
                &mut next.department,
                MAX_LINE,
            ),
            ("city", &self.city, &mut next.city, MAX_LINE),
        ];
        for (field, change, slot, max) in optional {
            if let Some(value) = change {
                let value = text(value.clone());
                a.bounded(field, &value, max);
                a.mark(field, *slot != value);
                *slot = value;
            }
        }
    }

    fn apply_place_and_pay(&self, next: &mut PostingData, a: &mut Applying) {
        if let Some(prefecture) = &self.prefecture {
            let code = match text(prefecture.clone()) {
                None => None,
                Some(name) => match compliance::find_prefecture(&name) {
                    Some(found) => Some(found.code.to_owned()),
                    None => {
                        a.problem("prefecture", "is not a prefecture of Japan (e.g. tokyo)");
                        None
                    }
                },
            };
            a.mark("prefecture", next.prefecture != code);
            next.prefecture = code;
        }
        macro_rules! put {
            ($field:literal, $name:ident) => {
                if let Some(value) = self.$name.clone() {
                    a.mark($field, next.$name != value);
                    next.$name = value;
                }
            };
        }
        put!("employmentType", employment_type);
        put!("remoteOption", remote_option);
        put!("relocationSupport", relocation_support);
        put!("salaryMin", salary_min);
        put!("salaryMax", salary_max);
        put!("salaryPeriod", salary_period);
        put!("weeklyHours", weekly_hours);
        put!("nightShifts", night_shifts);
        put!("headcount", headcount);
        put!("jobLevel", job_level);
        put!("education", education);
        put!("visaSponsorship", visa_sponsorship);
        put!("minExperienceYears", min_experience_years);
        put!("startDate", start_date);
        put!("currency", currency);
    }

    fn apply_requirements(&self, next: &mut PostingData, a: &mut Applying) {
        if let Some(skills) = &self.required_skills {
            let skills = a.skills("requiredSkills", skills);
            a.mark("requiredSkills", next.required_skills != skills);
            next.required_skills = skills;
        }
        if let Some(skills) = &self.preferred_skills {
            let skills = a.skills("preferredSkills", skills);
            a.mark("preferredSkills", next.preferred_skills != skills);
            next.preferred_skills = skills;
        }
        if let Some(category) = &self.job_category {
            let code = match text(category.clone()) {
                None => None,
                Some(name) => match compliance::normalize_job_category(&name) {
                    Ok(code) => Some(code.to_owned()),
                    Err(problem) => {
                        a.problem("jobCategory", problem);
                        None
                    }
                },
            };
            a.mark("jobCategory", next.job_category != code);
            next.job_category = code;
        }
        if let Some(level) = self.jlpt_required {
            a.mark("jlptRequired", next.jlpt_required != level);
            next.jlpt_required = level;
        }
        if let Some(languages) = &self.language_requirements {
            let languages = language_requirements(languages, a);
            a.mark(
                "languageRequirements",
                next.language_requirements != languages,
            );
            next.language_requirements = languages;
        }
        if let Some(types) = &self.supported_visa_types {
            let types = visa_types(types, a);
            a.mark("supportedVisaTypes", next.supported_visa_types != types);
            next.supported_visa_types = types;
        }
        if let Some(questions) = &self.screening_questions {
            match screening::checked_questions(questions) {
                Ok(questions) => {
                    a.mark("screeningQuestions", next.screening_questions != questions);
                    next.screening_questions = questions;
                }
                Err(problem) => a.problem("screeningQuestions", &problem),
            }
        }
        if let Some(benefits) = &self.benefits {
            let benefits = benefit_list(benefits, a);
            a.mark("benefits", next.benefits != benefits);
            next.benefits = benefits;
        }
    }

    fn apply_dates(&self, next: &mut PostingData, a: &mut Applying) {
        if let Some(deadline) = self.application_deadline {
            // Only a new deadline must lie ahead: editing other fields of a posting whose
            // deadline is near keeps it as it is.
            if deadline.is_some_and(|deadline| deadline <= a.now)
                && deadline != a.current.application_deadline
            {
                a.problem("applicationDeadline", "must be in the future");
            }
            a.mark("applicationDeadline", next.application_deadline != deadline);
            next.application_deadline = deadline;
        }
    }
}

fn language_requirements(
    sent: &[(String, LanguageLevel)],
    a: &mut Applying,
) -> Vec<LanguageRequirement> {
    const FIELD: &str = "languageRequirements";
    if sent.len() > MAX_LANGUAGES {
        a.problem(
            FIELD,
            &format!("must name at most {MAX_LANGUAGES} languages"),
        );
        return Vec::new();
    }
    let mut languages: Vec<LanguageRequirement> = Vec::with_capacity(sent.len());
    for (language, level) in sent {
        let code = language.trim().to_ascii_lowercase();
        if code.len() != 2 || !code.bytes().all(|byte| byte.is_ascii_lowercase()) {
            a.problem(FIELD, "languages are ISO 639-1 codes such as en or ko");
            continue;
        }
        if code == "ja" {
            a.problem(FIELD, "Japanese is asked for with jlptRequired, not here");
            continue;
        }
        // At most ten entries, so this scan is short whatever was sent.
        if languages.iter().any(|known| known.language == code) {
            a.problem(FIELD, "names a language twice");
            continue;
        }
        languages.push(LanguageRequirement {
            language: code,
            level: level.as_str().to_owned(),
        });
    }
    languages
}

fn visa_types(sent: &[String], a: &mut Applying) -> Vec<String> {
    const FIELD: &str = "supportedVisaTypes";
    if sent.len() > MAX_VISA_TYPES {
        a.problem(
            FIELD,
            &format!("must have at most {MAX_VISA_TYPES} entries"),
        );
        return Vec::new();
    }
    let mut types: Vec<String> = Vec::with_capacity(sent.len());
    for value in sent {
        match compliance::normalize_visa_status(value) {
            Ok(status) if !types.contains(&status) => types.push(status),
            Ok(_) => {}
            Err(problem) => a.problem(FIELD, &format!("{value:?} {problem}")),
        }
    }
    types
}

fn benefit_list(sent: &[String], a: &mut Applying) -> Vec<String> {
    const FIELD: &str = "benefits";
    if sent.len() > MAX_BENEFITS {
        a.problem(FIELD, &format!("must have at most {MAX_BENEFITS} entries"));
        return Vec::new();
    }
    let mut seen = HashSet::with_capacity(sent.len());
    let mut benefits = Vec::with_capacity(sent.len());
    for benefit in sent {
        let benefit = benefit.trim();
        if benefit.chars().nth(MAX_BENEFIT).is_some() {
            a.problem(
                FIELD,
                &format!("has an entry longer than {MAX_BENEFIT} characters"),
            );
        } else if !benefit.is_empty() && seen.insert(benefit.to_lowercase()) {
            benefits.push(benefit.to_owned());
        }
    }
    benefits
}

/// Rules on the posting as it will be, across fields.
fn check_whole(next: &PostingData, a: &mut Applying) {
    for (field, value) in [
        ("title", &next.title),
        ("description", &next.description),
        ("location", &next.location),
    ] {
        if value.is_empty() && !a.reported.contains(&field) {
            a.problem(field, "is required");
        }
    }
    let ceiling = next.salary_period.realistic_ceiling();
    for (field, salary) in [
        ("salaryMin", next.salary_min),
        ("salaryMax", next.salary_max),
    ] {
        if let Some(salary) = salary
            && !(0..=ceiling).contains(&salary)
        {
            a.problem(
                field,
                &format!(
                    "must be between 0 and {ceiling} per {}",
                    next.salary_period.unit()
                ),
            );
        }
    }
    if let (Some(min), Some(max)) = (next.salary_min, next.salary_max)
        && min > max
    {
        a.problem("salaryMax", "must not be below salaryMin");
    }
    if next.required_skills.is_empty() && !a.reported.contains(&"requiredSkills") {
        a.problem("requiredSkills", "must name at least one skill");
    }
    if !(0..=50).contains(&next.min_experience_years) {
        a.problem("minExperienceYears", "must be between 0 and 50");
    }
    if !(1..=MAX_HEADCOUNT).contains(&next.headcount) {
        a.problem(
            "headcount",
            &format!("must be between 1 and {MAX_HEADCOUNT}"),
        );
    }
    if next
        .weekly_hours
        .is_some_and(|hours| !(hours > 0.0 && hours <= MAX_WEEKLY_HOURS))
    {
        a.problem(
            "weeklyHours",
            &format!("must be more than 0 and at most {MAX_WEEKLY_HOURS}"),
        );
    }
    if let (Some(start), Some(deadline)) = (next.start_date, next.application_deadline)
        && start < deadline.date_naive()
    {
        a.problem("startDate", "must not be before the application deadline");
    }
}

#[cfg(test)]
#[path = "posting_rules_tests.rs"]
mod tests;
