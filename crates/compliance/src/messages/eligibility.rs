//! Messages for a candidate's eligibility for a posting, kept here so that the `eligibility`
//! rules read as logic only. `status` arguments are stored status codes; the messages show their
//! English and Japanese names.

use super::{Message, status_names};
use crate::categories::JobCategory;

/// `raw` is what the candidate gave, trimmed.
pub(crate) fn unknown_visa_status(raw: &str) -> Message {
    Message::new(
        format!("'{raw}' is not a known status of residence"),
        format!("「{raw}」は既知の在留資格ではありません"),
    )
}

pub(crate) fn working_holiday_temporary() -> Message {
    Message::new(
        "Working Holiday permits any lawful work, but only for the length of the stay \
         (usually one year) and it cannot be extended",
        "ワーキング・ホリデーでは就労が認められますが、滞在期間(通常1年)に限られ、\
         延長はできません",
    )
}

pub(crate) fn designated_activities_review() -> Message {
    Message::new(
        "What Designated Activities permits depends on the designation in the candidate's \
         passport; check that it covers this work before hiring",
        "特定活動で認められる活動は旅券に添付された指定書によって異なります。\
         採用前にこの業務が対象か確認してください",
    )
}

pub(crate) fn technical_intern_not_hireable() -> Message {
    Message::new(
        "Technical interns may work only for the organisation in their certified training \
         plan and cannot be hired through a job posting",
        "技能実習生は認定された技能実習計画の実習実施者でのみ就労でき、求人を通じて\
         採用することはできません",
    )
}

/// Part-time work of `hours` a week, within the limit.
pub(crate) fn part_time_permission_required(status: &str, hours: f32) -> Message {
    let (en, ja) = status_names(status);
    Message::new(
        format!(
            "{en} holders may work part-time only with permission for activity outside \
             status, and at most 28 hours a week across all jobs ({hours} hours here)"
        ),
        format!(
            "「{ja}」の方は資格外活動許可を得た上で、すべての勤務先を合わせて週28時間\
             以内に限りアルバイトができます(この求人は週{hours}時間)"
        ),
    )
}

pub(crate) fn student_not_part_time(status: &str) -> Message {
    let (en, ja) = status_names(status);
    Message::new(
        format!(
            "{en} holders may only work part-time, at most 28 hours a week; this \
             posting is not part-time"
        ),
        format!(
            "「{ja}」の方は週28時間以内のアルバイトのみ可能ですが、この求人は\
             パートタイムではありません"
        ),
    )
}

/// Part-time work of `hours` a week, over the limit.
pub(crate) fn student_hours_over_limit(status: &str, hours: f32) -> Message {
    let (en, ja) = status_names(status);
    Message::new(
        format!("{en} holders may work at most 28 hours a week; this posting asks for {hours}"),
        format!("「{ja}」の方は週28時間以内しか就労できませんが、この求人は週{hours}時間です"),
    )
}

pub(crate) fn student_hours_unstated(status: &str) -> Message {
    let (en, ja) = status_names(status);
    Message::new(
        format!(
            "{en} holders may work at most 28 hours a week; this posting does not \
             state its weekly hours"
        ),
        format!(
            "「{ja}」の方は週28時間以内しか就労できませんが、この求人には週の\
             労働時間が記載されていません"
        ),
    )
}

pub(crate) fn no_status_without_sponsorship() -> Message {
    Message::new(
        "The candidate has no Japanese status of residence and the posting does not \
         sponsor one that fits the work",
        "候補者は日本の在留資格を持っておらず、この求人は業務に合う在留資格の\
         スポンサーを提供していません",
    )
}

pub(crate) fn employer_change_needs_permission(status: &str) -> Message {
    let (en, ja) = status_names(status);
    Message::new(
        format!(
            "{en} names the employer in the holder's designation, so a new \
             employer needs permission for change of status before the \
             candidate starts"
        ),
        format!(
            "「{ja}」は指定書で所属機関が指定されているため、転職の際は\
             就労開始前に在留資格変更許可が必要です"
        ),
    )
}

/// Whether `status` (the candidate's, or one the posting sponsors) fits `category` is left to a
/// reviewer by the table.
pub(crate) fn status_needs_review(status: &str, category: &JobCategory) -> Message {
    let (en, ja) = status_names(status);
    Message::new(
        format!(
            "Whether {en} permits work in category '{}' cannot be checked \
             automatically; confirm it before hiring",
            category.label_en
        ),
        format!(
            "「{ja}」で職種「{}」の業務ができるかは自動で判定できません。\
             採用前に確認してください",
            category.label_ja
        ),
    )
}

pub(crate) fn status_not_permitted_for_category(status: &str, category: &JobCategory) -> Message {
    let (en, ja) = status_names(status);
    Message::new(
        format!(
            "{en} does not permit {} work, and the posting sponsors no status \
             that does",
            category.label_en.to_lowercase()
        ),
        format!(
            "在留資格「{ja}」では職種「{}」の業務に従事できず、この求人は\
             対応する在留資格のスポンサーも提供していません",
            category.label_ja
        ),
    )
}

pub(crate) fn unknown_job_category() -> Message {
    Message::new(
        "The posting's job category is not a known category, so the candidate's status \
         cannot be checked against it",
        "求人の職種が登録されている職種ではないため、在留資格で就労できるか確認できません",
    )
}

pub(crate) fn missing_job_category() -> Message {
    Message::new(
        "The posting has no job category, so the candidate's status cannot be checked \
         against it",
        "求人に職種が設定されていないため、在留資格で就労できるか確認できません",
    )
}

/// A candidate without a status can take the job once granted `target`.
pub(crate) fn visa_needed(target: &str) -> Message {
    let (target_en, target_ja) = status_names(target);
    Message::new(
        format!(
            "The candidate has no Japanese status of residence yet; they can take this job \
             once granted {target_en}, which the posting sponsors. Steps: the employer applies \
             to the regional immigration bureau for a Certificate of Eligibility for \
             {target_en}; with it the candidate obtains the visa at a Japanese embassy or \
             consulate and may start work after entering Japan"
        ),
        format!(
            "候補者はまだ在留資格を持っていません。この求人がスポンサーする「{target_ja}」の\
             在留資格を取得すれば就労できます。手続き:受入れ企業が地方出入国在留管理局に\
             「{target_ja}」の在留資格認定証明書を申請し、候補者はそれをもって在外日本公館で\
             査証を取得し、入国後に就労を開始します"
        ),
    )
}

/// A candidate holding `current` can take the job after changing to `target`.
pub(crate) fn visa_change(current: &str, target: &str) -> Message {
    let (current_en, current_ja) = status_names(current);
    let (target_en, target_ja) = status_names(target);
    Message::new(
        format!(
            "{current_en} does not cover this work; the candidate can take the job after \
             changing to {target_en}, which the posting sponsors. Steps: before starting, the \
             candidate applies to the regional immigration bureau for permission to change \
             their status of residence to {target_en}, with documents from the employer, and \
             may not do this work until it is granted"
        ),
        format!(
            "現在の在留資格「{current_ja}」ではこの業務に従事できません。この求人が\
             スポンサーする「{target_ja}」への在留資格変更許可を受ければ就労できます。\
             手続き:就労開始前に、受入れ企業の書類を添えて地方出入国在留管理局に\
             「{target_ja}」への在留資格変更許可申請を行い、許可が出るまではこの業務に\
             従事できません"
        ),
    )
}
