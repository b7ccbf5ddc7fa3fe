//! What a company profile may hold, and how a change applies to it. Pure: every problem in an
//! input is reported at once, and cross-field rules (international employees within the total,
//! visa sponsorship naming the visas it covers) are checked on the profile as it will be.

use super::field_changes::FieldChanges;
use super::profile_rules::{
    ListLimit, MAX_DESCRIPTION, blank_to_none, clean_list, line_problem, list_limit,
    normalize_country, text_problem, website_problem,
};
use super::visa_statuses::normalize_visa_status;
use crate::service::validation::kana_problem;
use async_graphql::Enum;
use kit::ApiResult;

const MAX_NAME: usize = 200;
const MAX_LINE: usize = 100;
const BENEFITS: ListLimit = list_limit!(50 items of 200 chars);
/// Each status of residence at most once, with room for the same one spelt twice.
const MAX_VISA_TYPES: usize = 50;

/// Headcount bands. Stored as lower-case names.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum CompanySize {
    /// 1–9 people.
    Micro,
    /// 10–49.
    Small,
    /// 50–249.
    Medium,
    /// 250–999.
    Large,
    /// 1,000 or more.
    Enterprise,
}

impl CompanySize {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Micro => "micro",
            Self::Small => "small",
            Self::Medium => "medium",
            Self::Large => "large",
            Self::Enterprise => "enterprise",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Micro,
            Self::Small,
            Self::Medium,
            Self::Large,
            Self::Enterprise,
        ]
        .into_iter()
        .find(|size| size.as_str() == value)
    }
}

/// What a person does for a company (typed once, in `contracts`).
pub use contracts::CompanyMemberRole;

/// A company profile's values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompanyData {
    pub name: String,
    pub name_ja: Option<String>,
    pub name_kana: Option<String>,
    pub industry: Option<String>,
    pub size: Option<CompanySize>,
    pub headquarters_country: Option<String>,
    pub headquarters_city: Option<String>,
    pub description: Option<String>,
    pub description_ja: Option<String>,
    pub website: Option<String>,
    pub total_employees: Option<i32>,
    pub international_employees: Option<i32>,
    pub visa_sponsorship: bool,
    pub supported_visa_types: Vec<String>,
    pub benefits: Vec<String>,
}

/// Changes to a company profile: `None` keeps a field, `Some(None)` (or a blank value) clears a
/// clearable one, lists are replaced whole. Creating a profile applies changes to an empty one,
/// so `name` is required there.
#[derive(Clone, Debug, Default)]
pub struct CompanyChanges {
    pub name: Option<String>,
    pub name_ja: Option<Option<String>>,
    pub name_kana: Option<Option<String>>,
    pub industry: Option<Option<String>>,
    pub size: Option<Option<CompanySize>>,
    pub headquarters_country: Option<Option<String>>,
    pub headquarters_city: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub description_ja: Option<Option<String>>,
    pub website: Option<Option<String>>,
    pub total_employees: Option<Option<i32>>,
    pub international_employees: Option<Option<i32>>,
    pub visa_sponsorship: Option<bool>,
    pub supported_visa_types: Option<Vec<String>>,
    pub benefits: Option<Vec<String>>,
}

fn checked_text(
    value: Option<Option<String>>,
    check: impl Fn(&str) -> Option<&'static str>,
) -> Option<Result<Option<String>, &'static str>> {
    value.map(|value| match blank_to_none(value) {
        Some(text) => check(&text).map_or(Ok(Some(text)), Err),
        None => Ok(None),
    })
}

fn headcount(value: Option<Option<i32>>) -> Option<Result<Option<i32>, &'static str>> {
    value.map(|count| match count {
        Some(count) if count < 0 => Err("must not be negative"),
        count => Ok(count),
    })
}

fn visa_types(values: &[String]) -> Result<Vec<String>, &'static str> {
    if values.len() > MAX_VISA_TYPES {
        return Err("must have at most 50 entries");
    }
    let mut types: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        let status = normalize_visa_status(value)?;
        // `types` holds known statuses only, so this scan is short whatever was sent.
        if !types.contains(&status) {
            types.push(status);
        }
    }
    Ok(types)
}

impl CompanyChanges {
    /// `current` with the changes applied and the GraphQL names of the fields that differ, or
    /// every problem found.
    pub fn apply(self, current: &CompanyData) -> ApiResult<(CompanyData, Vec<&'static str>)> {
        let mut next = current.clone();
        let mut c = FieldChanges::default();
        let name_given = self.name.is_some();
        let name = self.name.map(|name| {
            let name = name.trim().to_owned();
            line_problem(&name, MAX_NAME).map_or(Ok(name), Err)
        });
        c.put("name", &mut next.name, name);
        let name_line = |text: &str| line_problem(text, MAX_NAME);
        c.put(
            "nameJa",
            &mut next.name_ja,
            checked_text(self.name_ja, name_line),
        );
        c.put(
            "nameKana",
            &mut next.name_kana,
            checked_text(self.name_kana, kana_problem),
        );
        let line = |text: &str| line_problem(text, MAX_LINE);
        c.put(
            "industry",
            &mut next.industry,
            checked_text(self.industry, line),
        );
        c.put("size", &mut next.size, self.size.map(Ok));
        let country = self.headquarters_country.map(|country| {
            blank_to_none(country)
                .map(|code| normalize_country(&code))
                .transpose()
        });
        c.put(
            "headquartersCountry",
            &mut next.headquarters_country,
            country,
        );
        c.put(
            "headquartersCity",
            &mut next.headquarters_city,
            checked_text(self.headquarters_city, line),
        );
        let long = |text: &str| text_problem(text, MAX_DESCRIPTION);
        c.put(
            "description",
            &mut next.description,
            checked_text(self.description, long),
        );
        c.put(
            "descriptionJa",
            &mut next.description_ja,
            checked_text(self.description_ja, long),
        );
        c.put(
            "website",
            &mut next.website,
            checked_text(self.website, website_problem),
        );
        c.put(
            "totalEmployees",
            &mut next.total_employees,
            headcount(self.total_employees),
        );
        c.put(
            "internationalEmployees",
            &mut next.international_employees,
            headcount(self.international_employees),
        );
        c.put(
            "visaSponsorship",
            &mut next.visa_sponsorship,
            self.visa_sponsorship.map(Ok),
        );
        c.put(
            "supportedVisaTypes",
            &mut next.supported_visa_types,
            self.supported_visa_types.as_deref().map(visa_types),
        );
        c.put(
            "benefits",
            &mut next.benefits,
            self.benefits
                .map(|benefits| clean_list(&benefits, &BENEFITS)),
        );
        if next.name.is_empty() && !name_given {
            c.problem("name", "is required");
        }
        if let (Some(international), Some(total)) =
            (next.international_employees, next.total_employees)
            && international > total
        {
            c.problem("internationalEmployees", "must not exceed totalEmployees");
        }
        if next.visa_sponsorship && next.supported_visa_types.is_empty() {
            c.problem("supportedVisaTypes", "must name the visas sponsored");
        }
        let changed = c.finish()?;
        Ok((next, changed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::ApiError;

    fn fields(result: ApiResult<(CompanyData, Vec<&'static str>)>) -> Vec<String> {
        match result {
            Err(ApiError::InvalidFields(fields)) => fields.into_iter().map(|(f, _)| f).collect(),
            Err(ApiError::InvalidInput { field, .. }) => vec![field],
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_new_profile_needs_a_name() {
        let result = CompanyChanges::default().apply(&CompanyData::default());
        assert_eq!(fields(result), ["name"]);
    }

    #[test]
    fn a_valid_profile_is_normalised() {
        let (data, changed) = CompanyChanges {
            name: Some(" Sakura Systems ".into()),
            name_kana: Some(Some("サクラシステムズ".into())),
            headquarters_country: Some(Some("jp".into())),
            total_employees: Some(Some(120)),
            international_employees: Some(Some(30)),
            visa_sponsorship: Some(true),
            supported_visa_types: Some(vec!["Engineer Humanities International".into()]),
            ..Default::default()
        }
        .apply(&CompanyData::default())
        .expect("valid");
        assert_eq!(data.name, "Sakura Systems");
        assert_eq!(data.headquarters_country.as_deref(), Some("JP"));
        assert_eq!(
            data.supported_visa_types,
            ["engineer_humanities_international"]
        );
        assert_eq!(changed.len(), 7);
    }

    #[test]
    fn every_problem_is_reported_at_once_including_cross_field_rules() {
        let result = CompanyChanges {
            name: Some("Acme".into()),
            name_kana: Some(Some("Acme".into())),
            website: Some(Some("acme.example".into())),
            total_employees: Some(Some(10)),
            international_employees: Some(Some(20)),
            visa_sponsorship: Some(true),
            ..Default::default()
        }
        .apply(&CompanyData::default());
        assert_eq!(
            fields(result),
            [
                "nameKana",
                "website",
                "internationalEmployees",
                "supportedVisaTypes"
            ]
        );
    }

    #[test]
    fn oversized_lists_are_refused_with_their_limit() {
        let result = CompanyChanges {
            name: Some("Acme".into()),
            supported_visa_types: Some(vec!["student".into(); 100_000]),
            benefits: Some(vec!["housing".into(); 51]),
            ..Default::default()
        }
        .apply(&CompanyData::default());
        let Err(ApiError::InvalidFields(fields)) = result else {
            panic!("expected field errors, got {result:?}");
        };
        assert_eq!(
            fields,
            [
                (
                    "supportedVisaTypes".to_owned(),
                    "must have at most 50 entries".to_owned()
                ),
                (
                    "benefits".to_owned(),
                    "must have at most 50 entries".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn only_managing_member_roles_add_members() {
        assert!(CompanyMemberRole::HrManager.manages_members());
        assert!(CompanyMemberRole::Employer.manages_members());
        assert!(!CompanyMemberRole::Recruiter.manages_members());
        assert_eq!(
            CompanyMemberRole::parse("hr_manager"),
            Some(CompanyMemberRole::HrManager)
        );
        assert_eq!(CompanySize::parse("medium"), Some(CompanySize::Medium));
    }
}
