//! What a candidate profile may hold, and how a change applies to it. Pure: the whole change is
//! checked against the current profile (a salary minimum is compared with the maximum it will
//! have) and every problem is reported at once.

use super::candidate_profile_data::{CandidateProfileData, LanguageSkill, SalaryRange, WorkStyle};
use super::field_changes::FieldChanges;
use super::profile_rules::{
    ListLimit, blank_to_none, clean_list, line_problem, list_limit, normalize_country, text_problem,
};
use super::visa_statuses::normalize_visa_status;
use chrono::NaiveDate;
use contracts::LanguageSkillLevel;
use kit::ApiResult;

/// A year's pay in JPY above this is a typo, not a salary.
pub const MAX_SALARY_JPY: i32 = 1_000_000_000;
const MAX_YEARS: i32 = 60;
const MAX_CITY: usize = 100;
const MAX_DESIRED_ROLE: usize = 120;
const MAX_EXPERIENCE_SUMMARY: usize = 2000;
const TECHNICAL_SKILLS: ListLimit = list_limit!(100 items of 100 chars);
const SOFT_SKILLS: ListLimit = list_limit!(50 items of 100 chars);
const CERTIFICATIONS: ListLimit = list_limit!(50 items of 200 chars);
const PREFERENCES: ListLimit = list_limit!(20 items of 100 chars);
const MAX_LANGUAGES: usize = 20;

/// Changes to a candidate profile: `None` keeps a field; `Some(None)` clears a clearable one;
/// lists and salary ranges are replaced whole.
#[derive(Clone, Debug, Default)]
pub struct CandidateProfileChanges {
    pub nationality: Option<Option<String>>,
    pub current_country: Option<Option<String>>,
    pub current_city: Option<Option<String>>,
    pub visa_status: Option<Option<String>>,
    pub visa_expiry_date: Option<Option<NaiveDate>>,
    pub work_authorization: Option<bool>,
    pub years_experience: Option<i32>,
    pub current_salary: Option<SalaryRange>,
    pub desired_salary: Option<SalaryRange>,
    pub availability_date: Option<Option<NaiveDate>>,
    pub technical_skills: Option<Vec<String>>,
    pub soft_skills: Option<Vec<String>>,
    pub languages: Option<Vec<LanguageSkill>>,
    pub certifications: Option<Vec<String>>,
    pub preferred_locations: Option<Vec<String>>,
    pub preferred_industries: Option<Vec<String>>,
    pub work_style: Option<Option<WorkStyle>>,
    pub desired_role: Option<Option<String>>,
    pub experience_summary: Option<Option<String>>,
    pub willing_to_relocate: Option<bool>,
    pub visibility: Option<super::disclosures::CandidateVisibility>,
}

/// A clearable value through `check`; blank clears.
fn optional<T>(
    value: Option<Option<String>>,
    check: impl Fn(&str) -> Result<T, &'static str>,
) -> Option<Result<Option<T>, &'static str>> {
    value.map(|value| blank_to_none(value).map(|value| check(&value)).transpose())
}

fn city(value: &str) -> Result<String, &'static str> {
    line_problem(value, MAX_CITY).map_or_else(|| Ok(value.trim().to_owned()), Err)
}

fn desired_role(value: &str) -> Result<String, &'static str> {
    line_problem(value, MAX_DESIRED_ROLE).map_or_else(|| Ok(value.trim().to_owned()), Err)
}

/// Free text of at most 2000 characters, counted (up to the limit only) before the text is
/// scanned for control characters.
fn experience_summary(value: &str) -> Result<String, &'static str> {
    if value.chars().nth(MAX_EXPERIENCE_SUMMARY).is_some() {
        return Err("is too long");
    }
    text_problem(value, MAX_EXPERIENCE_SUMMARY).map_or_else(|| Ok(value.to_owned()), Err)
}

fn years(value: i32) -> Result<i32, &'static str> {
    if (0..=MAX_YEARS).contains(&value) {
        Ok(value)
    } else {
        Err("must be between 0 and 60")
    }
}

fn salary(range: SalaryRange) -> Result<SalaryRange, &'static str> {
    let bounds = [range.min, range.max];
    if bounds
        .iter()
        .flatten()
        .any(|pay| !(0..=MAX_SALARY_JPY).contains(pay))
    {
        return Err("must be between 0 and 1,000,000,000 JPY a year");
    }
    if let (Some(min), Some(max)) = (range.min, range.max)
        && min > max
    {
        return Err("minimum must not exceed the maximum");
    }
    Ok(range)
}

fn technical_skills(values: &[String]) -> Result<Vec<String>, &'static str> {
    // Measured before every entry is lower-cased.
    TECHNICAL_SKILLS.check_len(values)?;
    let lowered: Vec<String> = values.iter().map(|skill| skill.to_lowercase()).collect();
    clean_list(&lowered, &TECHNICAL_SKILLS)
}

/// Languages: a known-shaped code, a level that fits it, each language once.
pub fn languages(values: &[LanguageSkill]) -> Result<Vec<LanguageSkill>, &'static str> {
    if values.len() > MAX_LANGUAGES {
        return Err("must have at most 20 entries");
    }
    let mut checked: Vec<LanguageSkill> = Vec::with_capacity(values.len());
    for value in values {
        let language = value.language.trim().to_ascii_lowercase();
        if !(2..=3).contains(&language.len()) || !language.chars().all(|c| c.is_ascii_lowercase()) {
            return Err("language must be an ISO 639-1 code such as ja or en");
        }
        let level = value.level;
        let japanese = language == "ja";
        let fits = level == LanguageSkillLevel::Native
            || (japanese && level.jlpt().is_some())
            || (!japanese && level.is_cefr());
        if !fits && japanese {
            return Err("Japanese level must be N1 to N5 or native");
        }
        if !fits {
            return Err("level must be A1 to C2 or native");
        }
        if checked.iter().any(|seen| seen.language == language) {
            return Err("lists a language more than once");
        }
        checked.push(LanguageSkill { language, level });
    }
    Ok(checked)
}

impl CandidateProfileChanges {
    /// `current` with the changes applied and the GraphQL names of the fields that differ, or
    /// every problem found.
    pub fn apply(
        self,
        current: &CandidateProfileData,
    ) -> ApiResult<(CandidateProfileData, Vec<&'static str>)> {
        let mut next = current.clone();
        let mut c = FieldChanges::default();
        c.put(
            "nationality",
            &mut next.nationality,
            optional(self.nationality, normalize_country),
        );
        c.put(
            "currentCountry",
            &mut next.current_country,
            optional(self.current_country, normalize_country),
        );
        c.put(
            "currentCity",
            &mut next.current_city,
            optional(self.current_city, city),
        );
        c.put(
            "visaStatus",
            &mut next.visa_status,
            optional(self.visa_status, normalize_visa_status),
        );
        c.put(
            "visaExpiryDate",
            &mut next.visa_expiry_date,
            self.visa_expiry_date.map(Ok),
        );
        c.put(
            "workAuthorization",
            &mut next.work_authorization,
            self.work_authorization.map(Ok),
        );
        c.put(
            "yearsExperience",
            &mut next.years_experience,
            self.years_experience.map(years),
        );
        c.put(
            "currentSalary",
            &mut next.current_salary,
            self.current_salary.map(salary),
        );
        c.put(
            "desiredSalary",
            &mut next.desired_salary,
            self.desired_salary.map(salary),
        );
        c.put(
            "availabilityDate",
            &mut next.availability_date,
            self.availability_date.map(Ok),
        );
        c.put(
            "technicalSkills",
            &mut next.technical_skills,
            self.technical_skills.as_deref().map(technical_skills),
        );
        let list = |values: Option<Vec<String>>, limit: &ListLimit| {
            values.map(|values| clean_list(&values, limit))
        };
        c.put(
            "softSkills",
            &mut next.soft_skills,
            list(self.soft_skills, &SOFT_SKILLS),
        );
        c.put(
            "languages",
            &mut next.languages,
            self.languages.as_deref().map(languages),
        );
        c.put(
            "certifications",
            &mut next.certifications,
            list(self.certifications, &CERTIFICATIONS),
        );
        c.put(
            "preferredLocations",
            &mut next.preferred_locations,
            list(self.preferred_locations, &PREFERENCES),
        );
        c.put(
            "preferredIndustries",
            &mut next.preferred_industries,
            list(self.preferred_industries, &PREFERENCES),
        );
        c.put("workStyle", &mut next.work_style, self.work_style.map(Ok));
        c.put(
            "desiredRole",
            &mut next.desired_role,
            optional(self.desired_role, desired_role),
        );
        c.put(
            "experienceSummary",
            &mut next.experience_summary,
            optional(self.experience_summary, experience_summary),
        );
        c.put(
            "willingToRelocate",
            &mut next.willing_to_relocate,
            self.willing_to_relocate.map(Ok),
        );
        c.put("visibility", &mut next.visibility, self.visibility.map(Ok));
        let changed = c.finish()?;
        Ok((next, changed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::ApiError;

    fn skill(language: &str, level: &str) -> LanguageSkill {
        LanguageSkill {
            language: language.into(),
            level: LanguageSkillLevel::parse_ignoring_case(level).expect("a level"),
        }
    }

    #[test]
    fn a_change_applies_and_names_only_what_differs() {
        let current = CandidateProfileData {
            years_experience: 3,
            ..Default::default()
        };
        let (next, changed) = CandidateProfileChanges {
            years_experience: Some(3),
            nationality: Some(Some("vn".into())),
            technical_skills: Some(vec!["Rust".into(), "rust".into(), " SQL ".into()]),
            languages: Some(vec![skill("JA", "n2"), skill("en", "c1")]),
            desired_salary: Some(SalaryRange {
                min: Some(6_000_000),
                max: Some(8_000_000),
            }),
            work_style: Some(Some(WorkStyle::Remote)),
            ..Default::default()
        }
        .apply(&current)
        .expect("valid");
        assert_eq!(
            changed,
            [
                "nationality",
                "desiredSalary",
                "technicalSkills",
                "languages",
                "workStyle"
            ]
        );
        assert_eq!(next.nationality.as_deref(), Some("VN"));
        assert_eq!(next.technical_skills, ["rust", "sql"]);
        assert_eq!(next.languages, [skill("ja", "N2"), skill("en", "C1")]);
        assert_eq!(next.jlpt_level(), Some(contracts::JlptLevel::N2));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let result = CandidateProfileChanges {
            nationality: Some(Some("Vietnam".into())),
            visa_status: Some(Some("tourist".into())),
            years_experience: Some(-1),
            current_salary: Some(SalaryRange {
                min: Some(9_000_000),
                max: Some(5_000_000),
            }),
            languages: Some(vec![skill("ja", "B2")]),
            ..Default::default()
        }
        .apply(&CandidateProfileData::default());
        let Err(ApiError::InvalidFields(fields)) = result else {
            panic!("expected field errors, got {result:?}");
        };
        let names: Vec<&str> = fields.iter().map(|(field, _)| field.as_str()).collect();
        assert_eq!(
            names,
            [
                "nationality",
                "visaStatus",
                "yearsExperience",
                "currentSalary",
                "languages"
            ]
        );
    }

    #[test]
    fn blanks_and_nulls_clear_optional_values() {
        let current = CandidateProfileData {
            current_city: Some("Osaka".into()),
            visa_status: Some("student".into()),
            ..Default::default()
        };
        let (next, changed) = CandidateProfileChanges {
            current_city: Some(Some("  ".into())),
            visa_status: Some(None),
            ..Default::default()
        }
        .apply(&current)
        .expect("valid");
        assert_eq!(next.current_city, None);
        assert_eq!(next.visa_status, None);
        assert_eq!(changed, ["currentCity", "visaStatus"]);
    }

    #[test]
    fn desired_role_summary_and_relocation_are_trimmed_and_bounded() {
        let (next, changed) = CandidateProfileChanges {
            desired_role: Some(Some("  Backend engineer ".into())),
            experience_summary: Some(Some(" Built payment APIs.\nLed a team of four. ".into())),
            willing_to_relocate: Some(true),
            ..Default::default()
        }
        .apply(&CandidateProfileData::default())
        .expect("valid");
        assert_eq!(next.desired_role.as_deref(), Some("Backend engineer"));
        assert_eq!(
            next.experience_summary.as_deref(),
            Some("Built payment APIs.\nLed a team of four.")
        );
        assert!(next.willing_to_relocate);
        assert_eq!(
            changed,
            ["desiredRole", "experienceSummary", "willingToRelocate"]
        );

        // Blank clears; characters are counted, not bytes.
        let (cleared, changed) = CandidateProfileChanges {
            desired_role: Some(Some("   ".into())),
            experience_summary: Some(Some("あ".repeat(MAX_EXPERIENCE_SUMMARY))),
            ..Default::default()
        }
        .apply(&next)
        .expect("valid");
        assert_eq!(cleared.desired_role, None);
        assert_eq!(
            cleared.experience_summary.map(|text| text.chars().count()),
            Some(MAX_EXPERIENCE_SUMMARY)
        );
        assert_eq!(changed, ["desiredRole", "experienceSummary"]);

        let result = CandidateProfileChanges {
            desired_role: Some(Some("r".repeat(MAX_DESIRED_ROLE + 1))),
            experience_summary: Some(Some("あ".repeat(MAX_EXPERIENCE_SUMMARY + 1))),
            ..Default::default()
        }
        .apply(&CandidateProfileData::default());
        let Err(ApiError::InvalidFields(fields)) = result else {
            panic!("expected field errors, got {result:?}");
        };
        assert_eq!(
            fields,
            [
                ("desiredRole".to_owned(), "is too long".to_owned()),
                ("experienceSummary".to_owned(), "is too long".to_owned()),
            ]
        );
        assert!(desired_role(&"r".repeat(MAX_DESIRED_ROLE)).is_ok());
        assert!(desired_role("two\nlines").is_err());
        assert!(experience_summary("bell\u{7}").is_err());
    }

    #[test]
    fn a_huge_summary_is_refused_for_its_length_before_it_is_scanned() {
        // Control characters everywhere: the length is what is reported.
        let huge = "\u{7}".repeat(1_000_000);
        let started = std::time::Instant::now();
        assert_eq!(experience_summary(&huge), Err("is too long"));
        assert!(started.elapsed() < std::time::Duration::from_millis(50));
    }

    #[test]
    fn oversized_lists_are_refused_with_their_limit_before_any_entry_is_read() {
        let huge: Vec<String> = (0..100_000).map(|n| format!("Skill {n}")).collect();
        let started = std::time::Instant::now();
        let result = CandidateProfileChanges {
            technical_skills: Some(huge.clone()),
            soft_skills: Some(huge),
            ..Default::default()
        }
        .apply(&CandidateProfileData::default());
        assert!(started.elapsed() < std::time::Duration::from_millis(500));
        let Err(ApiError::InvalidFields(fields)) = result else {
            panic!("expected field errors, got {result:?}");
        };
        assert_eq!(
            fields,
            [
                (
                    "technicalSkills".to_owned(),
                    "must have at most 100 entries".to_owned()
                ),
                (
                    "softSkills".to_owned(),
                    "must have at most 50 entries".to_owned()
                ),
            ]
        );
        let languages = vec![skill("en", "B2"); MAX_LANGUAGES + 1];
        assert_eq!(
            super::languages(&languages),
            Err("must have at most 20 entries")
        );
    }

    #[test]
    fn language_levels_fit_the_language() {
        assert!(languages(&[skill("ja", "native"), skill("vi", "Native")]).is_ok());
        assert!(languages(&[skill("en", "N2")]).is_err());
        assert!(languages(&[skill("english", "C1")]).is_err());
        assert!(languages(&[skill("ja", "N2"), skill("ja", "N1")]).is_err());
        let native = CandidateProfileData {
            languages: vec![skill("ja", "native")],
            ..Default::default()
        };
        assert_eq!(native.jlpt_level(), Some(contracts::JlptLevel::N1));
    }

    #[test]
    fn salaries_are_bounded_and_ordered() {
        let open = SalaryRange {
            min: Some(4_000_000),
            max: None,
        };
        assert_eq!(salary(open), Ok(open));
        assert!(
            salary(SalaryRange {
                min: Some(-1),
                max: None
            })
            .is_err()
        );
        assert!(
            salary(SalaryRange {
                min: None,
                max: Some(MAX_SALARY_JPY + 1)
            })
            .is_err()
        );
    }
}
