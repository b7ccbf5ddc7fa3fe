//! A posting's values to and from its row: the JSON lists, the stored enum names and the
//! columns an edit may change.

use super::posting_rules::{LanguageRequirement, PostingData};
use super::{Education, EmploymentType, JobLevel, RemoteOption, SalaryPeriod};
use contracts::{Currency, JlptLevel};
use entities::jobs::job_posting;
use sea_orm::ActiveValue::Set;
use serde::de::DeserializeOwned;

/// A stored JSON list column, empty when absent.
pub fn list<T: DeserializeOwned>(value: &Option<serde_json::Value>) -> Vec<T> {
    value
        .as_ref()
        .and_then(|value| serde_json::from_value(value.clone()).ok())
        .unwrap_or_default()
}

/// The stored posting's values.
pub fn data_of(model: &job_posting::Model) -> PostingData {
    PostingData {
        title: model.title.clone(),
        title_ja: model.title_ja.clone(),
        description: model.description.clone(),
        description_ja: model.description_ja.clone(),
        department: model.department.clone(),
        job_level: model.job_level.as_deref().and_then(JobLevel::parse),
        job_category: model.job_category.clone(),
        location: model.location.clone(),
        location_ja: model.location_ja.clone(),
        prefecture: model.prefecture.clone(),
        city: model.city.clone(),
        employment_type: EmploymentType::parse(&model.employment_type)
            .unwrap_or(EmploymentType::FullTime),
        remote_option: RemoteOption::parse(&model.remote_option).unwrap_or(RemoteOption::None),
        relocation_support: model.relocation_support,
        salary_min: model.salary_min,
        salary_max: model.salary_max,
        salary_period: SalaryPeriod::parse(&model.salary_period).unwrap_or(SalaryPeriod::Yearly),
        // Stored values were checked on the way in; none other was ever written.
        currency: Currency::parse(&model.currency).unwrap_or_default(),
        weekly_hours: model.weekly_hours,
        night_shifts: model.night_shifts,
        headcount: model.headcount,
        required_skills: list(&Some(model.required_skills.clone())),
        preferred_skills: list(&model.preferred_skills),
        min_experience_years: model.min_experience_years,
        education: model.education.as_deref().and_then(Education::parse),
        jlpt_required: model.jlpt_required.as_deref().and_then(JlptLevel::parse),
        language_requirements: list::<LanguageRequirement>(&model.language_requirements),
        visa_sponsorship: model.visa_sponsorship,
        supported_visa_types: list(&model.supported_visa_types),
        benefits: list(&model.benefits),
        start_date: model.start_date,
        application_deadline: model.application_deadline,
        screening_questions: list(&model.screening_questions),
    }
}

/// Sets every editable column of `row` to `data`.
pub fn write(row: &mut job_posting::ActiveModel, data: &PostingData) {
    row.title = Set(data.title.clone());
    row.title_ja = Set(data.title_ja.clone());
    row.description = Set(data.description.clone());
    row.description_ja = Set(data.description_ja.clone());
    row.department = Set(data.department.clone());
    row.job_level = Set(data.job_level.map(|level| level.as_str().to_owned()));
    row.job_category = Set(data.job_category.clone());
    row.location = Set(data.location.clone());
    row.location_ja = Set(data.location_ja.clone());
    row.prefecture = Set(data.prefecture.clone());
    row.city = Set(data.city.clone());
    row.employment_type = Set(data.employment_type.as_str().to_owned());
    row.remote_option = Set(data.remote_option.as_str().to_owned());
    row.relocation_support = Set(data.relocation_support);
    row.salary_min = Set(data.salary_min);
    row.salary_max = Set(data.salary_max);
    row.salary_period = Set(data.salary_period.as_str().to_owned());
    row.currency = Set(data.currency.as_str().to_owned());
    row.weekly_hours = Set(data.weekly_hours);
    row.night_shifts = Set(data.night_shifts);
    row.headcount = Set(data.headcount);
    row.required_skills = Set(serde_json::json!(data.required_skills));
    row.preferred_skills = Set(Some(serde_json::json!(data.preferred_skills)));
    row.min_experience_years = Set(data.min_experience_years);
    row.education = Set(data.education.map(|level| level.as_str().to_owned()));
    row.jlpt_required = Set(data.jlpt_required.map(|level| level.as_str().to_owned()));
    row.language_requirements = Set(Some(serde_json::json!(data.language_requirements)));
    row.visa_sponsorship = Set(data.visa_sponsorship);
    row.supported_visa_types = Set(Some(serde_json::json!(data.supported_visa_types)));
    row.benefits = Set(Some(serde_json::json!(data.benefits)));
    row.start_date = Set(data.start_date);
    row.application_deadline = Set(data.application_deadline);
    row.screening_questions = Set(Some(serde_json::json!(data.screening_questions)));
}

/// What the compliance rules read of a posting.
pub fn compliance_facts(data: &PostingData) -> compliance::PostingFacts<'_> {
    compliance::PostingFacts {
        job_category: data.job_category.as_deref(),
        employment_type: data.employment_type.as_str(),
        prefecture: data.prefecture.as_deref(),
        remote_option: data.remote_option.as_str(),
        salary_min: data.salary_min,
        salary_max: data.salary_max,
        salary_period: data.salary_period.for_compliance(),
        currency: data.currency.as_str(),
        weekly_hours: data.weekly_hours.map(|hours| hours as f32),
        visa_sponsorship: data.visa_sponsorship,
        supported_visa_types: &data.supported_visa_types,
        education: data.education.map(Education::as_str),
        min_experience_years: data.min_experience_years,
        jlpt_required: data.jlpt_required.map(JlptLevel::as_str),
        has_japanese_text: data.title_ja.is_some() || data.description_ja.is_some(),
    }
}
