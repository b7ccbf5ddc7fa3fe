//! The stable codes of every [`Finding`](crate::Finding).
//!
//! Clients match on these codes (to highlight a form field, or to translate into a third
//! language), so a code, once published, keeps its meaning. The severity and the field each code
//! is reported with are given in brackets.

// Values the posting could not be read with.

/// [error, `jobCategory`] The job category is not one of the known categories.
pub const UNKNOWN_JOB_CATEGORY: &str = "UNKNOWN_JOB_CATEGORY";
/// [error, `employmentType`] The employment type is not a known one.
pub const UNKNOWN_EMPLOYMENT_TYPE: &str = "UNKNOWN_EMPLOYMENT_TYPE";
/// [error, `remoteOption`] The remote option is not `none`, `hybrid` or `full`.
pub const UNKNOWN_REMOTE_OPTION: &str = "UNKNOWN_REMOTE_OPTION";
/// [error, `prefecture`] The prefecture is not one of Japan's 47.
pub const UNKNOWN_PREFECTURE: &str = "UNKNOWN_PREFECTURE";
/// [error, `education`] The education requirement is not a known level.
pub const UNKNOWN_EDUCATION: &str = "UNKNOWN_EDUCATION";
/// [error, `jlptRequired`] The JLPT level is not `N1` to `N5`.
pub const UNKNOWN_JLPT_LEVEL: &str = "UNKNOWN_JLPT_LEVEL";
/// [error, `weeklyHours`] Weekly hours are not a number between 0 (exclusive) and 168.
pub const INVALID_WEEKLY_HOURS: &str = "INVALID_WEEKLY_HOURS";
/// [error, `minExperienceYears`] Required experience is negative.
pub const INVALID_EXPERIENCE: &str = "INVALID_EXPERIENCE";

// Sponsorship.

/// [error, `supportedVisaTypes`] Sponsorship is offered but no status of residence is named.
pub const SPONSORSHIP_WITHOUT_VISA_TYPES: &str = "SPONSORSHIP_WITHOUT_VISA_TYPES";
/// [warning, `visaSponsorship`] Statuses are named but sponsorship is not offered.
pub const VISA_TYPES_WITHOUT_SPONSORSHIP: &str = "VISA_TYPES_WITHOUT_SPONSORSHIP";
/// [error, `supportedVisaTypes`] A named status is not a known status of residence.
pub const UNKNOWN_VISA_TYPE: &str = "UNKNOWN_VISA_TYPE";
/// [error, `supportedVisaTypes`] `none` or `japanese_national` named as a sponsored status.
pub const VISA_TYPE_NOT_A_STATUS: &str = "VISA_TYPE_NOT_A_STATUS";
/// [warning, `supportedVisaTypes`] A residence-based status or working holiday named as
/// sponsored: employers do not sponsor these, and their holders need no sponsorship.
pub const VISA_TYPE_NOT_EMPLOYER_SPONSORED: &str = "VISA_TYPE_NOT_EMPLOYER_SPONSORED";
/// [error, `supportedVisaTypes`] Technical intern training offered through a posting.
pub const VISA_TYPE_TECHNICAL_INTERN: &str = "VISA_TYPE_TECHNICAL_INTERN";
/// [error, `supportedVisaTypes`] Student or dependent offered as a sponsored work status.
pub const VISA_TYPE_NO_WORK_PERMITTED: &str = "VISA_TYPE_NO_WORK_PERMITTED";
/// [warning, `supportedVisaTypes`] Whether the status fits the work cannot be decided from the
/// data (designated activities, or a work status in category `other`).
pub const VISA_TYPE_NEEDS_REVIEW: &str = "VISA_TYPE_NEEDS_REVIEW";
/// [error, `supportedVisaTypes`] The status cannot lawfully do the posting's category of work.
pub const VISA_TYPE_CATEGORY_MISMATCH: &str = "VISA_TYPE_CATEGORY_MISMATCH";
/// [error, `jobCategory`] Sponsorship is offered (or a candidate checked) without a category.
pub const MISSING_JOB_CATEGORY: &str = "MISSING_JOB_CATEGORY";

// Pay.

/// [error, `salaryMin` or `salaryMax`] A salary figure is zero or negative.
pub const INVALID_SALARY: &str = "INVALID_SALARY";
/// [error, `salaryMax`] The salary maximum is below the minimum.
pub const SALARY_RANGE_INVERTED: &str = "SALARY_RANGE_INVERTED";
/// [error, `salaryMin`] Sponsorship is offered without any salary.
pub const MISSING_SALARY: &str = "MISSING_SALARY";
/// [warning, `currency`] The salary is not in yen, so it cannot be checked.
pub const CURRENCY_NOT_CHECKED: &str = "CURRENCY_NOT_CHECKED";
/// [warning, `prefecture`] On-site or hybrid work with a salary but no prefecture.
pub const MISSING_PREFECTURE: &str = "MISSING_PREFECTURE";
/// [warning, `weeklyHours`] A monthly or yearly salary for non-full-time work without hours.
pub const MISSING_WEEKLY_HOURS: &str = "MISSING_WEEKLY_HOURS";
/// [warning, `prefecture`] The minimum wage table in use has no amount for the prefecture.
pub const MINIMUM_WAGE_UNKNOWN: &str = "MINIMUM_WAGE_UNKNOWN";
/// [error, `salaryMin` or `salaryMax`] The salary is below the prefecture's minimum wage.
pub const BELOW_MINIMUM_WAGE: &str = "BELOW_MINIMUM_WAGE";

// Requirements of particular statuses.

/// [error, `education`] A sponsored professional status needs a degree or enough experience.
pub const EDUCATION_REQUIREMENT_TOO_LOW: &str = "EDUCATION_REQUIREMENT_TOO_LOW";
/// [warning, `education`] A vocational diploma qualifies only if it is a Japanese one.
pub const EDUCATION_NEEDS_REVIEW: &str = "EDUCATION_NEEDS_REVIEW";
/// [error, `salaryMin` or `salaryMax`] Highly Skilled Professional needs at least ¥3,000,000 a
/// year.
pub const HSP_SALARY_TOO_LOW: &str = "HSP_SALARY_TOO_LOW";
/// [error, `employmentType`] Specified Skilled Worker needs direct full-time employment.
pub const SSW_NOT_FULL_TIME: &str = "SSW_NOT_FULL_TIME";
/// [warning, `employmentType`] Specified Skilled Worker offered on a `contract`: fine as a
/// fixed-term employment contract, not as freelance work.
pub const SSW_CONTRACT_NEEDS_REVIEW: &str = "SSW_CONTRACT_NEEDS_REVIEW";
/// [warning, `jlptRequired`] Specified Skilled Worker (i) needs JLPT N4 or JFT-Basic.
pub const SSW_JAPANESE_LEVEL: &str = "SSW_JAPANESE_LEVEL";
/// [warning, `descriptionJa`] A sponsored posting has no Japanese title or description.
pub const MISSING_JAPANESE_TEXT: &str = "MISSING_JAPANESE_TEXT";

// Candidate eligibility.

/// [error, `visaStatus`] The candidate's status is not a known status of residence.
pub const UNKNOWN_VISA_STATUS: &str = "UNKNOWN_VISA_STATUS";
/// [warning, `visaStatus`] Working holiday: any work, but only for the limited stay.
pub const WORKING_HOLIDAY_TEMPORARY: &str = "WORKING_HOLIDAY_TEMPORARY";
/// [warning, `visaStatus`] Designated activities: the designation decides; a person must look.
pub const DESIGNATED_ACTIVITIES_REVIEW: &str = "DESIGNATED_ACTIVITIES_REVIEW";
/// [error, `visaStatus`] Technical interns cannot be hired through a posting.
pub const TECHNICAL_INTERN_NOT_HIREABLE: &str = "TECHNICAL_INTERN_NOT_HIREABLE";
/// [warning, `weeklyHours`] Student or dependent part-time work needs permission for activity
/// outside status and stays within 28 hours a week.
pub const PART_TIME_PERMISSION_REQUIRED: &str = "PART_TIME_PERMISSION_REQUIRED";
/// [error, `employmentType` or `weeklyHours`] The work exceeds what a student or dependent may do.
pub const STUDENT_WORK_LIMIT: &str = "STUDENT_WORK_LIMIT";
/// [error, `visaSponsorship`] The candidate has no status and the posting sponsors none that fits.
pub const NO_STATUS_WITHOUT_SPONSORSHIP: &str = "NO_STATUS_WITHOUT_SPONSORSHIP";
/// [error, `jobCategory`] The candidate's status cannot do this category of work.
pub const STATUS_NOT_PERMITTED_FOR_CATEGORY: &str = "STATUS_NOT_PERMITTED_FOR_CATEGORY";
/// [warning, `jobCategory`] Whether the candidate's work status fits category `other` needs review.
pub const STATUS_NEEDS_REVIEW: &str = "STATUS_NEEDS_REVIEW";
/// [warning, `supportedVisaTypes`] The candidate can take the job only with a status the posting
/// sponsors.
pub const VISA_CHANGE_REQUIRED: &str = "VISA_CHANGE_REQUIRED";
/// [warning, `visaStatus`] The candidate's status names their current employer, so a new one
/// needs permission for change of status before the candidate starts.
pub const EMPLOYER_CHANGE_NEEDS_PERMISSION: &str = "EMPLOYER_CHANGE_NEEDS_PERMISSION";

/// Every code, for clients that want to list them.
pub const ALL: &[&str] = &[
    UNKNOWN_JOB_CATEGORY,
    UNKNOWN_EMPLOYMENT_TYPE,
    UNKNOWN_REMOTE_OPTION,
    UNKNOWN_PREFECTURE,
    UNKNOWN_EDUCATION,
    UNKNOWN_JLPT_LEVEL,
    INVALID_WEEKLY_HOURS,
    INVALID_EXPERIENCE,
    SPONSORSHIP_WITHOUT_VISA_TYPES,
    VISA_TYPES_WITHOUT_SPONSORSHIP,
    UNKNOWN_VISA_TYPE,
    VISA_TYPE_NOT_A_STATUS,
    VISA_TYPE_NOT_EMPLOYER_SPONSORED,
    VISA_TYPE_TECHNICAL_INTERN,
    VISA_TYPE_NO_WORK_PERMITTED,
    VISA_TYPE_NEEDS_REVIEW,
    VISA_TYPE_CATEGORY_MISMATCH,
    MISSING_JOB_CATEGORY,
    INVALID_SALARY,
    SALARY_RANGE_INVERTED,
    MISSING_SALARY,
    CURRENCY_NOT_CHECKED,
    MISSING_PREFECTURE,
    MISSING_WEEKLY_HOURS,
    MINIMUM_WAGE_UNKNOWN,
    BELOW_MINIMUM_WAGE,
    EDUCATION_REQUIREMENT_TOO_LOW,
    EDUCATION_NEEDS_REVIEW,
    HSP_SALARY_TOO_LOW,
    SSW_NOT_FULL_TIME,
    SSW_CONTRACT_NEEDS_REVIEW,
    SSW_JAPANESE_LEVEL,
    MISSING_JAPANESE_TEXT,
    UNKNOWN_VISA_STATUS,
    WORKING_HOLIDAY_TEMPORARY,
    DESIGNATED_ACTIVITIES_REVIEW,
    TECHNICAL_INTERN_NOT_HIREABLE,
    PART_TIME_PERMISSION_REQUIRED,
    STUDENT_WORK_LIMIT,
    NO_STATUS_WITHOUT_SPONSORSHIP,
    STATUS_NOT_PERMITTED_FOR_CATEGORY,
    STATUS_NEEDS_REVIEW,
    VISA_CHANGE_REQUIRED,
    EMPLOYER_CHANGE_NEEDS_PERMISSION,
];

#[cfg(test)]
mod tests {
    use super::ALL;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_screaming_snake_case() {
        let unique: HashSet<_> = ALL.iter().collect();
        assert_eq!(unique.len(), ALL.len());
        for code in ALL {
            assert!(!code.is_empty());
            assert!(
                code.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                "{code}"
            );
            assert!(!code.starts_with('_') && !code.ends_with('_'), "{code}");
        }
    }
}
