//! Checks group 1: reading and normalising a posting's values, reporting those that cannot be
//! read. Every later rule works on the normalised [`Posting`], so a value is judged unreadable in
//! one place only, and each field's reading is its own small function.

use super::{
    CategoryState, DEFAULT_FULL_TIME_WEEKLY_HOURS, Posting, PostingFacts, present,
    valid_weekly_hours,
};
use crate::messages::values as text;
use crate::prefectures::{Prefecture, find_prefecture};
use crate::vocab::{
    EDUCATION_LEVELS, EMPLOYMENT_TYPES, REMOTE_OPTIONS, normalize_in, normalize_jlpt,
};
use crate::{Code, Finding};

/// The posting's values, normalised; a finding in `out` for each one that cannot be read.
pub(super) fn read_values(facts: &PostingFacts, out: &mut Vec<Finding>) -> Posting {
    let category = read_category(facts.job_category, out);
    let employment_type = read_employment_type(facts.employment_type, out);
    let remote_option = read_remote_option(facts.remote_option, out);
    let prefecture = read_prefecture(facts.prefecture, out);
    let (education, education_unknown) = read_education(facts.education, out);
    let jlpt = read_jlpt(facts.jlpt_required, out);
    let weekly_hours = read_weekly_hours(facts.weekly_hours, employment_type, out);
    check_experience(facts.min_experience_years, out);
    Posting {
        category,
        employment_type,
        remote_option,
        prefecture,
        education,
        education_unknown,
        jlpt,
        weekly_hours,
    }
}

fn read_category(raw: Option<&str>, out: &mut Vec<Finding>) -> CategoryState {
    let category = CategoryState::read(raw);
    if category == CategoryState::Unknown {
        let raw = raw.unwrap_or_default().trim();
        out.push(Finding::new(
            Code::UnknownJobCategory,
            "jobCategory",
            text::unknown_job_category(raw),
        ));
    }
    category
}

fn read_employment_type(raw: &str, out: &mut Vec<Finding>) -> Option<&'static str> {
    let employment_type = normalize_in(raw, EMPLOYMENT_TYPES);
    if employment_type.is_none() {
        out.push(Finding::new(
            Code::UnknownEmploymentType,
            "employmentType",
            text::unknown_employment_type(raw.trim()),
        ));
    }
    employment_type
}

fn read_remote_option(raw: &str, out: &mut Vec<Finding>) -> Option<&'static str> {
    let remote_option = normalize_in(raw, REMOTE_OPTIONS);
    if remote_option.is_none() {
        out.push(Finding::new(
            Code::UnknownRemoteOption,
            "remoteOption",
            text::unknown_remote_option(raw.trim()),
        ));
    }
    remote_option
}

/// `None` when absent (not reported) or unknown (reported).
fn read_prefecture(raw: Option<&str>, out: &mut Vec<Finding>) -> Option<&'static Prefecture> {
    let raw = present(raw)?;
    let prefecture = find_prefecture(raw);
    if prefecture.is_none() {
        out.push(Finding::new(
            Code::UnknownPrefecture,
            "prefecture",
            text::unknown_prefecture(raw.trim()),
        ));
    }
    prefecture
}

/// The level, and whether a stated level could not be read.
fn read_education(raw: Option<&str>, out: &mut Vec<Finding>) -> (Option<&'static str>, bool) {
    let Some(raw) = present(raw) else {
        return (None, false);
    };
    let education = normalize_in(raw, EDUCATION_LEVELS);
    if education.is_some() {
        return (education, false);
    }
    out.push(Finding::new(
        Code::UnknownEducation,
        "education",
        text::unknown_education(raw.trim()),
    ));
    (None, true)
}

fn read_jlpt(raw: Option<&str>, out: &mut Vec<Finding>) -> Option<&'static str> {
    let raw = present(raw)?;
    let jlpt = normalize_jlpt(raw);
    if jlpt.is_none() {
        out.push(Finding::new(
            Code::UnknownJlptLevel,
            "jlptRequired",
            text::unknown_jlpt_level(raw.trim()),
        ));
    }
    jlpt
}

/// Stated valid hours, or the full-time default when none are stated.
fn read_weekly_hours(
    stated: Option<f32>,
    employment_type: Option<&str>,
    out: &mut Vec<Finding>,
) -> Option<f32> {
    match stated {
        Some(h) if valid_weekly_hours(h) => Some(h),
        Some(h) => {
            out.push(Finding::new(
                Code::InvalidWeeklyHours,
                "weeklyHours",
                text::invalid_weekly_hours(h),
            ));
            None
        }
        None if employment_type == Some("full_time") => Some(DEFAULT_FULL_TIME_WEEKLY_HOURS),
        None => None,
    }
}

fn check_experience(years: i32, out: &mut Vec<Finding>) {
    if years < 0 {
        out.push(Finding::new(
            Code::InvalidExperience,
            "minExperienceYears",
            text::invalid_experience(years),
        ));
    }
}
