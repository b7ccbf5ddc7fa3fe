//! Whether a candidate's status of residence lets them take a posting's job.
//!
//! Applying for a job one cannot lawfully do wastes the candidate's and the employer's time, and
//! working outside one's status is an offence for the worker and the employer alike. So the
//! platform tells candidates, before they apply, whether their current status covers the work,
//! or whether they could take it only by changing to a status the posting sponsors.
//!
//! Simplifications:
//!
//! * Students and dependents are eligible for part-time work of at most 28 hours a week (the limit
//!   of permission for activity outside status); the longer allowance during a school's long
//!   holidays is not modelled, and the 28 hours cover all jobs together, which a single posting
//!   cannot see.
//! * `needs_visa_change` means a *different* status of residence. Holders of Specified Skilled
//!   Worker and Highly Skilled Professional keep their status when they change employer but need
//!   permission for it first; that is reported as a warning, not as a visa change.
//! * Technical interns are never eligible, even for a sponsored Specified Skilled Worker posting:
//!   moving on from an internship is arranged through the training programme, not a job board.

use serde::Serialize;

use crate::Finding;
use crate::categories::{Permission, category_permits};
use crate::codes;
use crate::posting::{CategoryState, Posting, PostingFacts, known_status, normalize_posting};
use crate::vocab::{StatusClass, normalize_visa_status, status_class, visa_status_label};

/// Part-time hours a student or dependent may work each week with permission.
const STUDENT_WEEKLY_HOURS_LIMIT: f32 = 28.0;

/// Statuses whose holders need permission before changing employer.
const EMPLOYER_TIED_STATUSES: &[&str] = &[
    "highly_skilled_professional",
    "specified_skilled_worker_i",
    "specified_skilled_worker_ii",
];

/// The answer to "may this candidate take this job?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Eligibility {
    /// The candidate may take the job, possibly after a change of status (see
    /// `needs_visa_change`) and subject to any warnings.
    pub eligible: bool,
    /// The candidate can take the job only by obtaining a different status of residence, which
    /// the posting sponsors.
    pub needs_visa_change: bool,
    /// Why, in the same form as posting findings.
    pub findings: Vec<Finding>,
}

impl Eligibility {
    fn yes(findings: Vec<Finding>) -> Self {
        Self {
            eligible: true,
            needs_visa_change: false,
            findings,
        }
    }

    fn no(findings: Vec<Finding>) -> Self {
        Self {
            eligible: false,
            needs_visa_change: false,
            findings,
        }
    }
}

fn names(code: &str) -> (&'static str, &'static str) {
    visa_status_label(code).map_or(("", ""), |l| (l.label_en, l.label_ja))
}

/// Whether a candidate holding `visa_status` may do the work of the posting described by `facts`.
pub fn candidate_eligibility(visa_status: &str, facts: &PostingFacts) -> Eligibility {
    let Ok(status) = normalize_visa_status(visa_status) else {
        let raw = visa_status.trim();
        return Eligibility::no(vec![Finding::error(
            codes::UNKNOWN_VISA_STATUS,
            "visaStatus",
            format!("'{raw}' is not a known status of residence"),
            format!("「{raw}」は既知の在留資格ではありません"),
        )]);
    };
    let status = status.as_str();
    let posting = normalize_posting(facts);
    let (en, ja) = names(status);

    match status_class(status).expect("known status has a class") {
        StatusClass::Unrestricted => Eligibility::yes(Vec::new()),
        StatusClass::WorkingHoliday => Eligibility::yes(vec![Finding::warning(
            codes::WORKING_HOLIDAY_TEMPORARY,
            "visaStatus",
            "Working Holiday permits any lawful work, but only for the length of the stay \
             (usually one year) and it cannot be extended"
                .into(),
            "ワーキング・ホリデーでは就労が認められますが、滞在期間(通常1年)に限られ、\
             延長はできません"
                .into(),
        )]),
        StatusClass::DesignatedActivities => Eligibility::yes(vec![Finding::warning(
            codes::DESIGNATED_ACTIVITIES_REVIEW,
            "visaStatus",
            "What Designated Activities permits depends on the designation in the candidate's \
             passport; check that it covers this work before hiring"
                .into(),
            "特定活動で認められる活動は旅券に添付された指定書によって異なります。\
             採用前にこの業務が対象か確認してください"
                .into(),
        )]),
        StatusClass::TechnicalIntern => Eligibility::no(vec![Finding::error(
            codes::TECHNICAL_INTERN_NOT_HIREABLE,
            "visaStatus",
            "Technical interns may work only for the organisation in their certified training \
             plan and cannot be hired through a job posting"
                .into(),
            "技能実習生は認定された技能実習計画の実習実施者でのみ就労でき、求人を通じて\
             採用することはできません"
                .into(),
        )]),
        StatusClass::StudentOrDependent => {
            let hours = facts.weekly_hours;
            let part_time = posting.employment_type == Some("part_time");
            if part_time
                && let Some(h) = posting.weekly_hours
                && h <= STUDENT_WEEKLY_HOURS_LIMIT
            {
                return Eligibility::yes(vec![Finding::warning(
                    codes::PART_TIME_PERMISSION_REQUIRED,
                    "weeklyHours",
                    format!(
                        "{en} holders may work part-time only with permission for activity outside \
                         status, and at most 28 hours a week across all jobs ({h} hours here)"
                    ),
                    format!(
                        "「{ja}」の方は資格外活動許可を得た上で、すべての勤務先を合わせて週28時間\
                         以内に限りアルバイトができます(この求人は週{h}時間)"
                    ),
                )]);
            }
            let refusal = if !part_time {
                Finding::error(
                    codes::STUDENT_WORK_LIMIT,
                    "employmentType",
                    format!(
                        "{en} holders may only work part-time, at most 28 hours a week; this \
                         posting is not part-time"
                    ),
                    format!(
                        "「{ja}」の方は週28時間以内のアルバイトのみ可能ですが、この求人は\
                         パートタイムではありません"
                    ),
                )
            } else if let Some(h) = hours.filter(|h| h.is_finite()) {
                Finding::error(
                    codes::STUDENT_WORK_LIMIT,
                    "weeklyHours",
                    format!(
                        "{en} holders may work at most 28 hours a week; this posting asks for {h}"
                    ),
                    format!(
                        "「{ja}」の方は週28時間以内しか就労できませんが、この求人は週{h}時間です"
                    ),
                )
            } else {
                Finding::error(
                    codes::STUDENT_WORK_LIMIT,
                    "weeklyHours",
                    format!(
                        "{en} holders may work at most 28 hours a week; this posting does not \
                         state its weekly hours"
                    ),
                    format!(
                        "「{ja}」の方は週28時間以内しか就労できませんが、この求人には週の\
                         労働時間が記載されていません"
                    ),
                )
            };
            via_sponsorship(status, facts, &posting, refusal)
        }
        StatusClass::NoStatus => via_sponsorship(
            status,
            facts,
            &posting,
            Finding::error(
                codes::NO_STATUS_WITHOUT_SPONSORSHIP,
                "visaSponsorship",
                "The candidate has no Japanese status of residence and the posting does not \
                 sponsor one that fits the work"
                    .into(),
                "候補者は日本の在留資格を持っておらず、この求人は業務に合う在留資格の\
                 スポンサーを提供していません"
                    .into(),
            ),
        ),
        StatusClass::Work => {
            let category = match posting.category {
                CategoryState::Known(category) => category,
                state => return Eligibility::no(vec![category_problem(state)]),
            };
            match category_permits(category.code, status) {
                Permission::Allowed => {
                    let mut findings = Vec::new();
                    if EMPLOYER_TIED_STATUSES.contains(&status) {
                        findings.push(Finding::warning(
                            codes::EMPLOYER_CHANGE_NEEDS_PERMISSION,
                            "visaStatus",
                            format!(
                                "{en} names the employer in the holder's designation, so a new \
                                 employer needs permission for change of status before the \
                                 candidate starts"
                            ),
                            format!(
                                "「{ja}」は指定書で所属機関が指定されているため、転職の際は\
                                 就労開始前に在留資格変更許可が必要です"
                            ),
                        ));
                    }
                    Eligibility::yes(findings)
                }
                Permission::NeedsReview => Eligibility::yes(vec![Finding::warning(
                    codes::STATUS_NEEDS_REVIEW,
                    "jobCategory",
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
                )]),
                Permission::NotAllowed => via_sponsorship(
                    status,
                    facts,
                    &posting,
                    Finding::error(
                        codes::STATUS_NOT_PERMITTED_FOR_CATEGORY,
                        "jobCategory",
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
                    ),
                ),
            }
        }
    }
}

fn category_problem(state: CategoryState) -> Finding {
    if state == CategoryState::Unknown {
        Finding::error(
            codes::UNKNOWN_JOB_CATEGORY,
            "jobCategory",
            "The posting's job category is not a known category, so the candidate's status \
             cannot be checked against it"
                .into(),
            "求人の職種が登録されている職種ではないため、在留資格で就労できるか確認できません"
                .into(),
        )
    } else {
        Finding::error(
            codes::MISSING_JOB_CATEGORY,
            "jobCategory",
            "The posting has no job category, so the candidate's status cannot be checked \
             against it"
                .into(),
            "求人に職種が設定されていないため、在留資格で就労できるか確認できません".into(),
        )
    }
}

/// The candidate's own status does not cover the job: eligible only if the posting sponsors a
/// status that does.
fn via_sponsorship(
    current: &str,
    facts: &PostingFacts,
    posting: &Posting,
    refusal: Finding,
) -> Eligibility {
    if !facts.visa_sponsorship {
        return Eligibility::no(vec![refusal]);
    }
    let category = match posting.category {
        CategoryState::Known(category) => category,
        state => return Eligibility::no(vec![refusal, category_problem(state)]),
    };
    let mut review = None;
    let mut fit = None;
    for raw in facts.supported_visa_types {
        let Some(status) = known_status(raw) else {
            continue;
        };
        if status_class(status) != Some(StatusClass::Work) {
            continue;
        }
        match category_permits(category.code, status) {
            Permission::Allowed => {
                fit = Some(status);
                break;
            }
            Permission::NeedsReview => {
                review = review.or(Some(status));
            }
            Permission::NotAllowed => {}
        }
    }
    let Some(target) = fit.or(review) else {
        return Eligibility::no(vec![refusal]);
    };

    let (target_en, target_ja) = names(target);
    let (current_en, current_ja) = names(current);
    let mut findings = vec![if current == "none" {
        Finding::warning(
            codes::VISA_CHANGE_REQUIRED,
            "supportedVisaTypes",
            format!(
                "The candidate has no Japanese status of residence yet; they can take this job \
                 once granted {target_en}, which the posting sponsors"
            ),
            format!(
                "候補者はまだ在留資格を持っていません。この求人がスポンサーする「{target_ja}」の\
                 在留資格を取得すれば就労できます"
            ),
        )
    } else {
        Finding::warning(
            codes::VISA_CHANGE_REQUIRED,
            "supportedVisaTypes",
            format!(
                "{current_en} does not cover this work; the candidate can take the job after \
                 changing to {target_en}, which the posting sponsors"
            ),
            format!(
                "現在の在留資格「{current_ja}」ではこの業務に従事できません。この求人が\
                 スポンサーする「{target_ja}」への在留資格変更許可を受ければ就労できます"
            ),
        )
    }];
    if fit.is_none() {
        findings.push(Finding::warning(
            codes::STATUS_NEEDS_REVIEW,
            "jobCategory",
            format!(
                "Whether {target_en} permits work in category '{}' cannot be checked \
                 automatically; confirm it before hiring",
                category.label_en
            ),
            format!(
                "「{target_ja}」で職種「{}」の業務ができるかは自動で判定できません。\
                 採用前に確認してください",
                category.label_ja
            ),
        ));
    }
    Eligibility {
        eligible: true,
        needs_visa_change: true,
        findings,
    }
}

#[cfg(test)]
mod tests;
