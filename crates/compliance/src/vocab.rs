//! The stored names the rest of the platform uses for statuses of residence and posting fields.
//!
//! Profiles, company settings and postings store these as lower snake case strings, so every check
//! starts by normalising what it was given and refusing names it does not know: a misspelt status
//! would otherwise slip past every rule keyed on the correct spelling.

use crate::categories::JOB_CATEGORIES;

/// Every status of residence (and the two non-status situations `none` and `japanese_national`)
/// a candidate can hold or a company can sponsor, as stored.
pub const VISA_STATUSES: &[&str] = &[
    "none",
    "japanese_national",
    "permanent_resident",
    "spouse_of_japanese",
    "spouse_of_permanent_resident",
    "long_term_resident",
    "engineer_humanities_international",
    "highly_skilled_professional",
    "intra_company_transferee",
    "business_manager",
    "skilled_labor",
    "specified_skilled_worker_i",
    "specified_skilled_worker_ii",
    "technical_intern_training",
    "nursing_care",
    "professor",
    "researcher",
    "instructor",
    "designated_activities",
    "working_holiday",
    "student",
    "dependent",
];

/// English and Japanese names of a status of residence, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisaStatusLabel {
    pub code: &'static str,
    pub label_en: &'static str,
    pub label_ja: &'static str,
}

const VISA_STATUS_LABELS: &[VisaStatusLabel] = &[
    label("none", "No status of residence", "在留資格なし"),
    label("japanese_national", "Japanese national", "日本国籍"),
    label("permanent_resident", "Permanent Resident", "永住者"),
    label(
        "spouse_of_japanese",
        "Spouse or Child of Japanese National",
        "日本人の配偶者等",
    ),
    label(
        "spouse_of_permanent_resident",
        "Spouse or Child of Permanent Resident",
        "永住者の配偶者等",
    ),
    label("long_term_resident", "Long-Term Resident", "定住者"),
    label(
        "engineer_humanities_international",
        "Engineer/Specialist in Humanities/International Services",
        "技術・人文知識・国際業務",
    ),
    label(
        "highly_skilled_professional",
        "Highly Skilled Professional",
        "高度専門職",
    ),
    label(
        "intra_company_transferee",
        "Intra-company Transferee",
        "企業内転勤",
    ),
    label("business_manager", "Business Manager", "経営・管理"),
    label("skilled_labor", "Skilled Labor", "技能"),
    label(
        "specified_skilled_worker_i",
        "Specified Skilled Worker (i)",
        "特定技能1号",
    ),
    label(
        "specified_skilled_worker_ii",
        "Specified Skilled Worker (ii)",
        "特定技能2号",
    ),
    label(
        "technical_intern_training",
        "Technical Intern Training",
        "技能実習",
    ),
    label("nursing_care", "Nursing Care", "介護"),
    label("professor", "Professor", "教授"),
    label("researcher", "Researcher", "研究"),
    label("instructor", "Instructor", "教育"),
    label("designated_activities", "Designated Activities", "特定活動"),
    label("working_holiday", "Working Holiday", "ワーキング・ホリデー"),
    label("student", "Student", "留学"),
    label("dependent", "Dependent", "家族滞在"),
];

const fn label(
    code: &'static str,
    label_en: &'static str,
    label_ja: &'static str,
) -> VisaStatusLabel {
    VisaStatusLabel {
        code,
        label_en,
        label_ja,
    }
}

/// The English and Japanese names of a stored status code.
pub fn visa_status_label(code: &str) -> Option<&'static VisaStatusLabel> {
    VISA_STATUS_LABELS.iter().find(|l| l.code == code)
}

/// Employment types a posting can have.
pub const EMPLOYMENT_TYPES: &[&str] = &[
    "full_time",
    "part_time",
    "contract",
    "internship",
    "temporary",
];

/// Remote-work options a posting can have.
pub const REMOTE_OPTIONS: &[&str] = &["none", "hybrid", "full"];

/// Education requirements a posting can state, lowest first.
pub const EDUCATION_LEVELS: &[&str] = &[
    "none",
    "high_school",
    "vocational",
    "associate",
    "bachelor",
    "master",
    "doctorate",
];

/// Japanese-Language Proficiency Test levels, highest (`N1`) first.
pub const JLPT_LEVELS: &[&str] = &["N1", "N2", "N3", "N4", "N5"];

/// Trim, ASCII-lowercase, and turn spaces and `-` into `_`.
pub(crate) fn normalize_code(raw: &str) -> String {
    raw.trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Normalise a stored status of residence and check it is one of [`VISA_STATUSES`].
///
/// `" Engineer-Humanities International "` becomes `"engineer_humanities_international"`.
pub fn normalize_visa_status(raw: &str) -> Result<String, &'static str> {
    let code = normalize_code(raw);
    if VISA_STATUSES.contains(&code.as_str()) {
        Ok(code)
    } else {
        Err("is not a known status of residence")
    }
}

/// Normalise a job category code and check it is one of [`JOB_CATEGORIES`].
pub fn normalize_job_category(raw: &str) -> Result<&'static str, &'static str> {
    let code = normalize_code(raw);
    JOB_CATEGORIES
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.code)
        .ok_or("is not a known job category")
}

pub(crate) fn normalize_in(raw: &str, list: &'static [&'static str]) -> Option<&'static str> {
    let code = normalize_code(raw);
    list.iter().copied().find(|known| *known == code)
}

pub(crate) fn normalize_jlpt(raw: &str) -> Option<&'static str> {
    let code = raw.trim().to_ascii_uppercase();
    JLPT_LEVELS.iter().copied().find(|known| *known == code)
}

/// How the law treats a status of residence when its holder takes a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusClass {
    /// `none`: the candidate has no Japanese status yet and needs one sponsored.
    NoStatus,
    /// Japanese nationals and the residence-based statuses (permanent resident, spouses,
    /// long-term resident): any lawful work, no sponsorship needed.
    Unrestricted,
    /// Working holiday: any work, but for a limited stay.
    WorkingHoliday,
    /// Designated activities: what is allowed depends on the designation issued to the person,
    /// so a person has to look.
    DesignatedActivities,
    /// Student and dependent: no work except part-time, with permission for activity outside
    /// status, up to 28 hours a week.
    StudentOrDependent,
    /// Technical intern training: tied to a supervised training plan, never hired through an
    /// ordinary posting.
    TechnicalIntern,
    /// A work status limited to the activities its table entry allows.
    Work,
}

/// The class of a normalised status code, or `None` for an unknown code.
pub fn status_class(code: &str) -> Option<StatusClass> {
    Some(match code {
        "none" => StatusClass::NoStatus,
        "japanese_national"
        | "permanent_resident"
        | "spouse_of_japanese"
        | "spouse_of_permanent_resident"
        | "long_term_resident" => StatusClass::Unrestricted,
        "working_holiday" => StatusClass::WorkingHoliday,
        "designated_activities" => StatusClass::DesignatedActivities,
        "student" | "dependent" => StatusClass::StudentOrDependent,
        "technical_intern_training" => StatusClass::TechnicalIntern,
        "engineer_humanities_international"
        | "highly_skilled_professional"
        | "intra_company_transferee"
        | "business_manager"
        | "skilled_labor"
        | "specified_skilled_worker_i"
        | "specified_skilled_worker_ii"
        | "nursing_care"
        | "professor"
        | "researcher"
        | "instructor" => StatusClass::Work,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_known_statuses() {
        let cases = [
            (
                "engineer_humanities_international",
                "engineer_humanities_international",
            ),
            (
                "  Engineer-Humanities International ",
                "engineer_humanities_international",
            ),
            ("PERMANENT RESIDENT", "permanent_resident"),
            ("specified-skilled-worker-i", "specified_skilled_worker_i"),
            ("none", "none"),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalize_visa_status(raw).as_deref(), Ok(expected), "{raw}");
        }
    }

    #[test]
    fn rejects_unknown_statuses() {
        for raw in [
            "",
            "   ",
            "h1b",
            "engineer",
            "specified_skilled_worker_iii",
            "permanent__resident",
        ] {
            assert_eq!(
                normalize_visa_status(raw),
                Err("is not a known status of residence"),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn every_status_has_labels_and_a_class() {
        assert_eq!(VISA_STATUSES.len(), 22);
        assert_eq!(VISA_STATUS_LABELS.len(), VISA_STATUSES.len());
        for status in VISA_STATUSES {
            let label = visa_status_label(status).expect(status);
            assert!(!label.label_en.is_empty() && !label.label_ja.is_empty());
            assert!(status_class(status).is_some(), "{status}");
            assert_eq!(normalize_visa_status(status).as_deref(), Ok(*status));
        }
        assert_eq!(status_class("unknown"), None);
    }

    #[test]
    fn normalizes_other_vocabularies() {
        assert_eq!(
            normalize_in("FULL_TIME", EMPLOYMENT_TYPES),
            Some("full_time")
        );
        assert_eq!(
            normalize_in("part-time", EMPLOYMENT_TYPES),
            Some("part_time")
        );
        assert_eq!(normalize_in("seasonal", EMPLOYMENT_TYPES), None);
        assert_eq!(normalize_in("Hybrid", REMOTE_OPTIONS), Some("hybrid"));
        assert_eq!(
            normalize_in("High School", EDUCATION_LEVELS),
            Some("high_school")
        );
        assert_eq!(normalize_jlpt(" n2 "), Some("N2"));
        assert_eq!(normalize_jlpt("N6"), None);
        assert_eq!(
            normalize_job_category("Software Engineering"),
            Ok("software_engineering")
        );
        assert_eq!(
            normalize_job_category("astronaut"),
            Err("is not a known job category")
        );
    }
}
