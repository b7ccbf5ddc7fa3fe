//! Messages for what particular sponsored statuses require of a job (checks group 4) and for a
//! sponsored posting without Japanese text (group 5), kept here so that
//! `posting::status_requirements` reads as logic only.

use super::pay::{salary_en, salary_ja};
use super::{Message, status_names};
use crate::format::thousands;
use crate::posting::SalaryPeriod;

fn education_en(level: Option<&str>) -> &'static str {
    match level {
        None | Some("none") => "no particular education",
        Some("high_school") => "high school",
        Some("vocational") => "a vocational school diploma",
        Some("associate") => "an associate degree",
        Some("bachelor") => "a bachelor's degree",
        Some("master") => "a master's degree",
        Some("doctorate") => "a doctorate",
        Some(_) => "an unknown level",
    }
}

fn education_ja(level: Option<&str>) -> &'static str {
    match level {
        None | Some("none") => "不問",
        Some("high_school") => "高校卒業",
        Some("vocational") => "専門学校卒業",
        Some("associate") => "短期大学卒業",
        Some("bachelor") => "学士",
        Some("master") => "修士",
        Some("doctorate") => "博士",
        Some(_) => "不明",
    }
}

/// The statuses' names, as `A, B` in English and `A」「B` (to sit inside 「」) in Japanese.
fn joined_names(statuses: &[&str]) -> (String, String) {
    let names_en: Vec<_> = statuses.iter().map(|s| status_names(s).0).collect();
    let names_ja: Vec<_> = statuses.iter().map(|s| status_names(s).1).collect();
    (names_en.join(", "), names_ja.join("」「"))
}

/// The posting asks for a vocational diploma, which may or may not be a Japanese one.
pub(crate) fn education_needs_review(statuses: &[&str], needed_years: i32) -> Message {
    let (names_en, names_ja) = joined_names(statuses);
    Message::new(
        format!(
            "Sponsoring {names_en} needs a university degree or at least \
             {needed_years} years of experience; a vocational diploma counts only if \
             it is a Japanese specialist diploma (専門士), so check the candidate's"
        ),
        format!(
            "「{names_ja}」には大学卒業以上の学歴または{needed_years}年以上の実務経験が\
             必要です。専門学校卒業は日本の専門士(高度専門士)のみ認められるため、\
             確認してください"
        ),
    )
}

/// The posting asks for education `level` and `years` of experience, neither of which is enough.
pub(crate) fn education_too_low(
    statuses: &[&str],
    needed_years: i32,
    level: Option<&str>,
    years: i32,
) -> Message {
    let (names_en, names_ja) = joined_names(statuses);
    Message::new(
        format!(
            "Sponsoring {names_en} needs a university degree (associate or higher) or \
             at least {needed_years} years of experience, but the posting asks for {} \
             and {years} years of experience",
            education_en(level)
        ),
        format!(
            "「{names_ja}」には大学卒業(短期大学を含む)以上の学歴または\
             {needed_years}年以上の実務経験が必要ですが、この求人の要件は\
             学歴「{}」、経験{years}年です",
            education_ja(level)
        ),
    )
}

/// The offer of `amount` per `period` comes to `yearly` yen a year, below `minimum`.
pub(crate) fn hsp_salary_too_low(
    amount: i64,
    period: SalaryPeriod,
    yearly: f64,
    minimum: i64,
) -> Message {
    let minimum = thousands(minimum);
    let (offer_en, offer_ja) = if period == SalaryPeriod::Yearly {
        (salary_en(amount, period), salary_ja(amount, period))
    } else {
        let y = thousands(yearly.floor() as i64);
        (
            format!("{} (about ¥{y} a year)", salary_en(amount, period)),
            format!("{}(年収約{y}円)", salary_ja(amount, period)),
        )
    };
    Message::new(
        format!(
            "Highly Skilled Professional needs a yearly salary of at least \
             ¥{minimum}, but the posting offers {offer_en}"
        ),
        format!("高度専門職には年収{minimum}円以上が必要ですが、この求人は{offer_ja}です"),
    )
}

pub(crate) fn ssw_contract_needs_review() -> Message {
    Message::new(
        "Specified Skilled Worker needs direct, full-time employment: a fixed-term \
         employment contract is fine, freelance or outsourcing contracts are not",
        "特定技能は受入れ機関による直接かつフルタイムの雇用が必要です。有期の雇用契約は\
         認められますが、業務委託などの契約は認められません",
    )
}

/// `employment_type` is part-time, an internship, or temporary (dispatch) outside the fields
/// that allow it.
pub(crate) fn ssw_not_full_time(employment_type: &str) -> Message {
    let (en, ja) = match employment_type {
        "part_time" => ("part-time", "パートタイム"),
        "internship" => ("an internship", "インターンシップ"),
        _ => (
            "temporary (dispatch); dispatch is allowed only in agriculture and fishery",
            "短期・派遣です。派遣は農業と漁業の分野でのみ認められます",
        ),
    };
    Message::new(
        format!(
            "Specified Skilled Worker needs direct, full-time employment; this posting \
             is {en}"
        ),
        format!(
            "特定技能は受入れ機関による直接かつフルタイムの雇用が必要ですが、\
             この求人の雇用形態は{ja}"
        ),
    )
}

/// The job's `hours` a week are fewer than full-time work under Specified Skilled Worker.
pub(crate) fn ssw_hours_not_full_time(hours: f32) -> Message {
    Message::new(
        format!(
            "Specified Skilled Worker needs full-time work (at least 30 hours and five days \
             a week); this posting is {hours} hours a week"
        ),
        format!(
            "特定技能はフルタイム(週30時間以上かつ週5日以上)の雇用が必要ですが、\
             この求人は週{hours}時間です"
        ),
    )
}

/// `asked` is the posting's JLPT level, or `none`.
pub(crate) fn ssw_japanese_level(asked: &str) -> Message {
    Message::new(
        format!(
            "Specified Skilled Worker (i) needs JLPT N4 or higher (or the JFT-Basic test); the \
             posting asks for {asked}"
        ),
        format!(
            "特定技能1号には日本語能力試験N4以上(または国際交流基金日本語基礎テスト)の合格が\
             必要ですが、この求人の日本語要件は{}です",
            if asked == "none" { "なし" } else { asked }
        ),
    )
}

pub(crate) fn missing_japanese_text() -> Message {
    Message::new(
        "Visa sponsorship is offered but the posting has no Japanese title or description; \
         add them, since the immigration filings for this hire describe the work in \
         Japanese",
        "ビザのスポンサーを提供していますが、日本語のタイトル・説明がありません。\
         在留資格の申請書類や雇用条件は日本語のため、日本語の記載を追加してください",
    )
}
