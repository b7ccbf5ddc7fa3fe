//! Messages for posting values that could not be read (checks group 1), kept here so that
//! `posting::values` reads as logic only.

use super::Message;
use crate::vocab::{EDUCATION_LEVELS, EMPLOYMENT_TYPES};

pub(crate) fn unknown_job_category(raw: &str) -> Message {
    Message::new(
        format!("Job category '{raw}' is not a known category"),
        format!("職種「{raw}」は登録されている職種ではありません"),
    )
}

pub(crate) fn unknown_employment_type(raw: &str) -> Message {
    Message::new(
        format!(
            "Employment type '{raw}' is not one of {}",
            EMPLOYMENT_TYPES.join(", ")
        ),
        format!(
            "雇用形態「{raw}」は{}のいずれでもありません",
            EMPLOYMENT_TYPES.join("、")
        ),
    )
}

pub(crate) fn unknown_remote_option(raw: &str) -> Message {
    Message::new(
        format!("Remote option '{raw}' is not one of none, hybrid, full"),
        format!("リモート区分「{raw}」はnone、hybrid、fullのいずれでもありません"),
    )
}

pub(crate) fn unknown_prefecture(raw: &str) -> Message {
    Message::new(
        format!("Prefecture '{raw}' is not one of Japan's 47 prefectures"),
        format!("都道府県「{raw}」は日本の47都道府県のいずれでもありません"),
    )
}

pub(crate) fn unknown_education(raw: &str) -> Message {
    Message::new(
        format!(
            "Education requirement '{raw}' is not one of {}",
            EDUCATION_LEVELS.join(", ")
        ),
        format!(
            "学歴要件「{raw}」は{}のいずれでもありません",
            EDUCATION_LEVELS.join("、")
        ),
    )
}

pub(crate) fn unknown_jlpt_level(raw: &str) -> Message {
    Message::new(
        format!("JLPT level '{raw}' is not one of N1 to N5"),
        format!("日本語能力試験のレベル「{raw}」はN1〜N5のいずれでもありません"),
    )
}

pub(crate) fn invalid_weekly_hours(hours: f32) -> Message {
    Message::new(
        format!("Weekly hours must be more than 0 and at most 168, not {hours}"),
        format!("週の労働時間は0より大きく168以下である必要があります(入力値: {hours})"),
    )
}

pub(crate) fn invalid_experience(years: i32) -> Message {
    Message::new(
        format!("Required experience cannot be negative ({years} years)"),
        format!("必要な経験年数を負の値にすることはできません({years}年)"),
    )
}
