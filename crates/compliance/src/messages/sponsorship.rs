//! Messages for the statuses of residence a posting offers to sponsor (checks group 2), kept
//! here so that `posting::sponsorship` reads as logic only.

use super::{Message, status_names};
use crate::categories::JobCategory;

pub(crate) fn sponsorship_without_visa_types() -> Message {
    Message::new(
        "Visa sponsorship is offered but no status of residence is listed as supported",
        "ビザのスポンサーを提供していますが、対応する在留資格が指定されていません",
    )
}

/// `count` statuses are listed on a posting that does not sponsor.
pub(crate) fn visa_types_without_sponsorship(count: usize) -> Message {
    Message::new(
        format!(
            "{count} supported status(es) of residence are listed but visa sponsorship is not \
             offered; they will be ignored"
        ),
        format!(
            "対応する在留資格が{count}件指定されていますが、ビザのスポンサーを提供していないため\
             無視されます"
        ),
    )
}

pub(crate) fn unknown_visa_type(raw: &str) -> Message {
    Message::new(
        format!("'{raw}' is not a known status of residence"),
        format!("「{raw}」は既知の在留資格ではありません"),
    )
}

/// `none` offered as a sponsored status (the English text shows the stored code).
pub(crate) fn not_a_status(status: &str) -> Message {
    let (_, ja) = status_names(status);
    Message::new(
        format!("'{status}' is not a status of residence an employer can sponsor"),
        format!("「{ja}」はスポンサーできる在留資格ではありません"),
    )
}

pub(crate) fn japanese_national_not_a_status() -> Message {
    Message::new(
        "Japanese nationals need no status of residence, so it cannot be sponsored",
        "日本国籍の方に在留資格は不要のため、スポンサーの対象になりません",
    )
}

pub(crate) fn not_employer_sponsored(status: &str) -> Message {
    let (en, ja) = status_names(status);
    Message::new(
        format!(
            "{en} is not granted through an employer's sponsorship; holders may apply \
                 without it, so listing it has no effect"
        ),
        format!(
            "「{ja}」は雇用主のスポンサーで取得する在留資格ではありません。\
                 保有者はスポンサーなしで応募できるため、指定は不要です"
        ),
    )
}

pub(crate) fn technical_intern() -> Message {
    Message::new(
        "Technical Intern Training cannot be offered through a job posting: interns are \
         accepted only under a certified training plan through a supervising organisation",
        "技能実習は求人で募集できません。技能実習生は監理団体を通じ、認定を受けた\
         技能実習計画に基づいてのみ受け入れられます",
    )
}

pub(crate) fn no_work_permitted(status: &str) -> Message {
    let (en, ja) = status_names(status);
    Message::new(
        format!(
            "{en} is not a work status and cannot be sponsored for employment; its holders \
             may only work part-time, up to 28 hours a week, with permission for activity \
             outside status"
        ),
        format!(
            "「{ja}」は就労資格ではないため、就労のためにスポンサーすることはできません。\
             保有者は資格外活動許可を得て週28時間以内のアルバイトのみ可能です"
        ),
    )
}

pub(crate) fn designated_activities_review() -> Message {
    Message::new(
        "What Designated Activities permits depends on the designation issued to each \
         person; a reviewer must confirm it covers this work",
        "特定活動で認められる活動は個別の指定書によって異なるため、この業務が対象か\
         確認が必要です",
    )
}

/// A work status whose fit with `category` the table leaves to a reviewer.
pub(crate) fn category_needs_review(status: &str, category: &JobCategory) -> Message {
    let (en, ja) = status_names(status);
    Message::new(
        format!(
            "Whether {en} permits work in category '{}' cannot be checked \
             automatically; a reviewer must confirm it",
            category.label_en
        ),
        format!(
            "「{ja}」で職種「{}」の業務ができるかは自動で判定できないため、\
             確認が必要です",
            category.label_ja
        ),
    )
}

pub(crate) fn category_mismatch(status: &str, category: &JobCategory) -> Message {
    let (en, ja) = status_names(status);
    Message::new(
        format!(
            "{en} does not permit {} work",
            category.label_en.to_lowercase()
        ),
        format!(
            "在留資格「{ja}」では職種「{}」の業務に従事できません",
            category.label_ja
        ),
    )
}

pub(crate) fn missing_job_category() -> Message {
    Message::new(
        "Visa sponsorship is offered but no job category is set; which statuses of residence \
         may do the work cannot be checked without it",
        "ビザのスポンサーを提供していますが、職種が設定されていません。職種がないと、\
         どの在留資格で就労できるか確認できません",
    )
}
