//! The stable codes of every [`Finding`](crate::Finding).
//!
//! Clients match on these codes (to highlight a form field, or to translate into a third
//! language), so a code, once published, keeps its meaning and its spelling: each [`Code`]
//! serialises as the `SCREAMING_SNAKE_CASE` string clients have always seen, e.g.
//! `BELOW_MINIMUM_WAGE`.
//!
//! A code always comes with the same severity ([`Code::severity`]) and one of a few GraphQL fields
//! ([`Code::fields`]); a finding takes its severity from its code, so the two cannot disagree.
//! The severity and the field(s) are also given in brackets in each variant's documentation.

use std::fmt;

use serde::Serialize;

use crate::Severity;

/// The stable, machine-readable code of a [`Finding`](crate::Finding).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::Enum),
    graphql(name = "ComplianceCode")
)]
pub enum Code {
    // Values the posting could not be read with.
    /// [error, `jobCategory`] The job category is not one of the known categories.
    UnknownJobCategory,
    /// [error, `employmentType`] The employment type is not a known one.
    UnknownEmploymentType,
    /// [error, `remoteOption`] The remote option is not `none`, `hybrid` or `full`.
    UnknownRemoteOption,
    /// [error, `prefecture`] The prefecture is not one of Japan's 47.
    UnknownPrefecture,
    /// [error, `education`] The education requirement is not a known level.
    UnknownEducation,
    /// [error, `jlptRequired`] The JLPT level is not `N1` to `N5`.
    UnknownJlptLevel,
    /// [error, `weeklyHours`] Weekly hours are not a number between 0 (exclusive) and 168.
    InvalidWeeklyHours,
    /// [error, `minExperienceYears`] Required experience is negative.
    InvalidExperience,

    // Sponsorship.
    /// [error, `supportedVisaTypes`] Sponsorship is offered but no status of residence is named.
    SponsorshipWithoutVisaTypes,
    /// [warning, `visaSponsorship`] Statuses are named but sponsorship is not offered.
    VisaTypesWithoutSponsorship,
    /// [error, `supportedVisaTypes`] A named status is not a known status of residence.
    UnknownVisaType,
    /// [error, `supportedVisaTypes`] `none` or `japanese_national` named as a sponsored status.
    VisaTypeNotAStatus,
    /// [warning, `supportedVisaTypes`] A residence-based status or working holiday named as
    /// sponsored: employers do not sponsor these, and their holders need no sponsorship.
    VisaTypeNotEmployerSponsored,
    /// [error, `supportedVisaTypes`] Technical intern training offered through a posting.
    VisaTypeTechnicalIntern,
    /// [error, `supportedVisaTypes`] Student or dependent offered as a sponsored work status.
    VisaTypeNoWorkPermitted,
    /// [warning, `supportedVisaTypes`] Whether the status fits the work cannot be decided from the
    /// data (designated activities, or a work status in category `other`).
    VisaTypeNeedsReview,
    /// [error, `supportedVisaTypes`] The status cannot lawfully do the posting's category of work.
    VisaTypeCategoryMismatch,
    /// [error, `jobCategory`] Sponsorship is offered (or a candidate checked) without a category.
    MissingJobCategory,

    // Pay.
    /// [error, `salaryMin` or `salaryMax`] A salary figure is zero or negative.
    InvalidSalary,
    /// [error, `salaryMax`] The salary maximum is below the minimum.
    SalaryRangeInverted,
    /// [error, `salaryMin`] Sponsorship is offered without any salary.
    MissingSalary,
    /// [warning, `currency`] The salary is not in yen, so it cannot be checked.
    CurrencyNotChecked,
    /// [warning, `prefecture`] On-site or hybrid work with a salary but no prefecture.
    MissingPrefecture,
    /// [warning, `weeklyHours`] A monthly or yearly salary for non-full-time work without hours.
    MissingWeeklyHours,
    /// [warning, `prefecture`] The minimum wage table in use has no amount for the prefecture.
    MinimumWageUnknown,
    /// [error, `salaryMin` or `salaryMax`] The salary is below the prefecture's minimum wage.
    BelowMinimumWage,

    // Requirements of particular statuses.
    /// [error, `education`] A sponsored professional status needs a degree or enough experience.
    EducationRequirementTooLow,
    /// [warning, `education`] A vocational diploma qualifies only if it is a Japanese one.
    EducationNeedsReview,
    /// [error, `salaryMin` or `salaryMax`] Highly Skilled Professional needs at least ¥3,000,000 a
    /// year.
    HspSalaryTooLow,
    /// [error, `employmentType` or `weeklyHours`] Specified Skilled Worker needs direct
    /// full-time employment (at least 30 hours a week; dispatch only in agriculture and
    /// fishery): for a sponsored posting, and for a candidate holding it.
    SswNotFullTime,
    /// [warning, `employmentType`] Specified Skilled Worker offered on a `contract`: fine as a
    /// fixed-term employment contract, not as freelance work.
    SswContractNeedsReview,
    /// [warning, `jlptRequired`] Specified Skilled Worker (i) needs JLPT N4 or JFT-Basic.
    SswJapaneseLevel,
    /// [warning, `descriptionJa`] A sponsored posting has no Japanese title or description.
    MissingJapaneseText,

    // Candidate eligibility.
    /// [error, `visaStatus`] The candidate's status is not a known status of residence.
    UnknownVisaStatus,
    /// [warning, `visaStatus`] Working holiday: any work, but only for the limited stay.
    WorkingHolidayTemporary,
    /// [warning, `visaStatus`] Designated activities: the designation decides; a person must look.
    DesignatedActivitiesReview,
    /// [error, `visaStatus`] Technical interns cannot be hired through a posting.
    TechnicalInternNotHireable,
    /// [warning, `weeklyHours`] Student or dependent part-time work needs permission for activity
    /// outside status and stays within 28 hours a week.
    PartTimePermissionRequired,
    /// [error, `employmentType` or `weeklyHours`] The work exceeds what a student or dependent may do.
    StudentWorkLimit,
    /// [error, `visaSponsorship`] The candidate has no status and the posting sponsors none that fits.
    NoStatusWithoutSponsorship,
    /// [error, `jobCategory`] The candidate's status cannot do this category of work.
    StatusNotPermittedForCategory,
    /// [warning, `jobCategory`] Whether the candidate's work status fits category `other` needs review.
    StatusNeedsReview,
    /// [warning, `supportedVisaTypes`] The candidate can take the job only with a status the posting
    /// sponsors.
    VisaChangeRequired,
    /// [warning, `visaStatus`] The candidate's status names their current employer, so a new one
    /// needs permission for change of status before the candidate starts.
    EmployerChangeNeedsPermission,
}

impl Code {
    /// Every code, in the order of the rules, for clients that want to list them.
    pub const ALL: &[Code] = &[
        Self::UnknownJobCategory,
        Self::UnknownEmploymentType,
        Self::UnknownRemoteOption,
        Self::UnknownPrefecture,
        Self::UnknownEducation,
        Self::UnknownJlptLevel,
        Self::InvalidWeeklyHours,
        Self::InvalidExperience,
        Self::SponsorshipWithoutVisaTypes,
        Self::VisaTypesWithoutSponsorship,
        Self::UnknownVisaType,
        Self::VisaTypeNotAStatus,
        Self::VisaTypeNotEmployerSponsored,
        Self::VisaTypeTechnicalIntern,
        Self::VisaTypeNoWorkPermitted,
        Self::VisaTypeNeedsReview,
        Self::VisaTypeCategoryMismatch,
        Self::MissingJobCategory,
        Self::InvalidSalary,
        Self::SalaryRangeInverted,
        Self::MissingSalary,
        Self::CurrencyNotChecked,
        Self::MissingPrefecture,
        Self::MissingWeeklyHours,
        Self::MinimumWageUnknown,
        Self::BelowMinimumWage,
        Self::EducationRequirementTooLow,
        Self::EducationNeedsReview,
        Self::HspSalaryTooLow,
        Self::SswNotFullTime,
        Self::SswContractNeedsReview,
        Self::SswJapaneseLevel,
        Self::MissingJapaneseText,
        Self::UnknownVisaStatus,
        Self::WorkingHolidayTemporary,
        Self::DesignatedActivitiesReview,
        Self::TechnicalInternNotHireable,
        Self::PartTimePermissionRequired,
        Self::StudentWorkLimit,
        Self::NoStatusWithoutSponsorship,
        Self::StatusNotPermittedForCategory,
        Self::StatusNeedsReview,
        Self::VisaChangeRequired,
        Self::EmployerChangeNeedsPermission,
    ];

    /// The code as clients see it, e.g. `"BELOW_MINIMUM_WAGE"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::UnknownJobCategory => "UNKNOWN_JOB_CATEGORY",
            Self::UnknownEmploymentType => "UNKNOWN_EMPLOYMENT_TYPE",
            Self::UnknownRemoteOption => "UNKNOWN_REMOTE_OPTION",
            Self::UnknownPrefecture => "UNKNOWN_PREFECTURE",
            Self::UnknownEducation => "UNKNOWN_EDUCATION",
            Self::UnknownJlptLevel => "UNKNOWN_JLPT_LEVEL",
            Self::InvalidWeeklyHours => "INVALID_WEEKLY_HOURS",
            Self::InvalidExperience => "INVALID_EXPERIENCE",
            Self::SponsorshipWithoutVisaTypes => "SPONSORSHIP_WITHOUT_VISA_TYPES",
            Self::VisaTypesWithoutSponsorship => "VISA_TYPES_WITHOUT_SPONSORSHIP",
            Self::UnknownVisaType => "UNKNOWN_VISA_TYPE",
            Self::VisaTypeNotAStatus => "VISA_TYPE_NOT_A_STATUS",
            Self::VisaTypeNotEmployerSponsored => "VISA_TYPE_NOT_EMPLOYER_SPONSORED",
            Self::VisaTypeTechnicalIntern => "VISA_TYPE_TECHNICAL_INTERN",
            Self::VisaTypeNoWorkPermitted => "VISA_TYPE_NO_WORK_PERMITTED",
            Self::VisaTypeNeedsReview => "VISA_TYPE_NEEDS_REVIEW",
            Self::VisaTypeCategoryMismatch => "VISA_TYPE_CATEGORY_MISMATCH",
            Self::MissingJobCategory => "MISSING_JOB_CATEGORY",
            Self::InvalidSalary => "INVALID_SALARY",
            Self::SalaryRangeInverted => "SALARY_RANGE_INVERTED",
            Self::MissingSalary => "MISSING_SALARY",
            Self::CurrencyNotChecked => "CURRENCY_NOT_CHECKED",
            Self::MissingPrefecture => "MISSING_PREFECTURE",
            Self::MissingWeeklyHours => "MISSING_WEEKLY_HOURS",
            Self::MinimumWageUnknown => "MINIMUM_WAGE_UNKNOWN",
            Self::BelowMinimumWage => "BELOW_MINIMUM_WAGE",
            Self::EducationRequirementTooLow => "EDUCATION_REQUIREMENT_TOO_LOW",
            Self::EducationNeedsReview => "EDUCATION_NEEDS_REVIEW",
            Self::HspSalaryTooLow => "HSP_SALARY_TOO_LOW",
            Self::SswNotFullTime => "SSW_NOT_FULL_TIME",
            Self::SswContractNeedsReview => "SSW_CONTRACT_NEEDS_REVIEW",
            Self::SswJapaneseLevel => "SSW_JAPANESE_LEVEL",
            Self::MissingJapaneseText => "MISSING_JAPANESE_TEXT",
            Self::UnknownVisaStatus => "UNKNOWN_VISA_STATUS",
            Self::WorkingHolidayTemporary => "WORKING_HOLIDAY_TEMPORARY",
            Self::DesignatedActivitiesReview => "DESIGNATED_ACTIVITIES_REVIEW",
            Self::TechnicalInternNotHireable => "TECHNICAL_INTERN_NOT_HIREABLE",
            Self::PartTimePermissionRequired => "PART_TIME_PERMISSION_REQUIRED",
            Self::StudentWorkLimit => "STUDENT_WORK_LIMIT",
            Self::NoStatusWithoutSponsorship => "NO_STATUS_WITHOUT_SPONSORSHIP",
            Self::StatusNotPermittedForCategory => "STATUS_NOT_PERMITTED_FOR_CATEGORY",
            Self::StatusNeedsReview => "STATUS_NEEDS_REVIEW",
            Self::VisaChangeRequired => "VISA_CHANGE_REQUIRED",
            Self::EmployerChangeNeedsPermission => "EMPLOYER_CHANGE_NEEDS_PERMISSION",
        }
    }

    /// The code with the spelling of [`Code::as_str`], if it is one.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == code)
    }

    /// The severity findings with this code are always reported with.
    pub const fn severity(self) -> Severity {
        match self {
            Self::UnknownJobCategory
            | Self::UnknownEmploymentType
            | Self::UnknownRemoteOption
            | Self::UnknownPrefecture
            | Self::UnknownEducation
            | Self::UnknownJlptLevel
            | Self::InvalidWeeklyHours
            | Self::InvalidExperience
            | Self::SponsorshipWithoutVisaTypes
            | Self::UnknownVisaType
            | Self::VisaTypeNotAStatus
            | Self::VisaTypeTechnicalIntern
            | Self::VisaTypeNoWorkPermitted
            | Self::VisaTypeCategoryMismatch
            | Self::MissingJobCategory
            | Self::InvalidSalary
            | Self::SalaryRangeInverted
            | Self::MissingSalary
            | Self::BelowMinimumWage
            | Self::EducationRequirementTooLow
            | Self::HspSalaryTooLow
            | Self::SswNotFullTime
            | Self::UnknownVisaStatus
            | Self::TechnicalInternNotHireable
            | Self::StudentWorkLimit
            | Self::NoStatusWithoutSponsorship
            | Self::StatusNotPermittedForCategory => Severity::Error,
            Self::VisaTypesWithoutSponsorship
            | Self::VisaTypeNotEmployerSponsored
            | Self::VisaTypeNeedsReview
            | Self::CurrencyNotChecked
            | Self::MissingPrefecture
            | Self::MissingWeeklyHours
            | Self::MinimumWageUnknown
            | Self::EducationNeedsReview
            | Self::SswContractNeedsReview
            | Self::SswJapaneseLevel
            | Self::MissingJapaneseText
            | Self::WorkingHolidayTemporary
            | Self::DesignatedActivitiesReview
            | Self::PartTimePermissionRequired
            | Self::StatusNeedsReview
            | Self::VisaChangeRequired
            | Self::EmployerChangeNeedsPermission => Severity::Warning,
        }
    }

    /// The GraphQL field(s) a finding with this code can be reported on.
    pub const fn fields(self) -> &'static [&'static str] {
        match self {
            Self::UnknownJobCategory
            | Self::MissingJobCategory
            | Self::StatusNotPermittedForCategory
            | Self::StatusNeedsReview => &["jobCategory"],
            Self::SswNotFullTime => &["employmentType", "weeklyHours"],
            Self::UnknownEmploymentType | Self::SswContractNeedsReview => &["employmentType"],
            Self::UnknownRemoteOption => &["remoteOption"],
            Self::UnknownPrefecture | Self::MissingPrefecture | Self::MinimumWageUnknown => {
                &["prefecture"]
            }
            Self::UnknownEducation
            | Self::EducationRequirementTooLow
            | Self::EducationNeedsReview => &["education"],
            Self::UnknownJlptLevel | Self::SswJapaneseLevel => &["jlptRequired"],
            Self::InvalidWeeklyHours
            | Self::MissingWeeklyHours
            | Self::PartTimePermissionRequired => &["weeklyHours"],
            Self::InvalidExperience => &["minExperienceYears"],
            Self::SponsorshipWithoutVisaTypes
            | Self::UnknownVisaType
            | Self::VisaTypeNotAStatus
            | Self::VisaTypeNotEmployerSponsored
            | Self::VisaTypeTechnicalIntern
            | Self::VisaTypeNoWorkPermitted
            | Self::VisaTypeNeedsReview
            | Self::VisaTypeCategoryMismatch
            | Self::VisaChangeRequired => &["supportedVisaTypes"],
            Self::VisaTypesWithoutSponsorship | Self::NoStatusWithoutSponsorship => {
                &["visaSponsorship"]
            }
            Self::InvalidSalary | Self::BelowMinimumWage | Self::HspSalaryTooLow => {
                &["salaryMin", "salaryMax"]
            }
            Self::SalaryRangeInverted => &["salaryMax"],
            Self::MissingSalary => &["salaryMin"],
            Self::CurrencyNotChecked => &["currency"],
            Self::MissingJapaneseText => &["descriptionJa"],
            Self::UnknownVisaStatus
            | Self::WorkingHolidayTemporary
            | Self::DesignatedActivitiesReview
            | Self::TechnicalInternNotHireable
            | Self::EmployerChangeNeedsPermission => &["visaStatus"],
            Self::StudentWorkLimit => &["employmentType", "weeklyHours"],
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Code;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_screaming_snake_case() {
        let unique: HashSet<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(unique.len(), Code::ALL.len());
        for code in Code::ALL.iter().map(|c| c.as_str()) {
            assert!(!code.is_empty());
            assert!(
                code.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                "{code}"
            );
            assert!(!code.starts_with('_') && !code.ends_with('_'), "{code}");
        }
    }

    #[test]
    fn codes_serialise_as_their_string() {
        for &code in Code::ALL {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::from(code.as_str()),
                "{code:?}"
            );
            assert_eq!(code.to_string(), code.as_str());
        }
    }

    #[test]
    fn codes_parse_back() {
        for &code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(code));
        }
        assert_eq!(Code::parse("below_minimum_wage"), None);
        assert_eq!(Code::parse(""), None);
        assert_eq!(Code::parse("NOT_A_CODE"), None);
    }

    #[test]
    fn every_code_has_a_camel_case_field() {
        for &code in Code::ALL {
            assert!(!code.fields().is_empty(), "{code:?}");
            for field in code.fields() {
                let first = field.chars().next().unwrap();
                assert!(
                    first.is_ascii_lowercase() && field.chars().all(|c| c.is_ascii_alphanumeric()),
                    "{code:?}: {field}"
                );
            }
        }
    }
}
