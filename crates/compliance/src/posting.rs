//! The checks a job posting must pass before it is published.
//!
//! A posting is an offer the platform shows to people who may move countries for it, so it must
//! not promise what the law does not allow. The checks fall into five groups, reported in this
//! order so that the same posting always yields the same list:
//!
//! 1. values that could not be read (unknown category, prefecture, level, ...);
//! 2. sponsorship: which statuses of residence the posting offers, and whether each one may do
//!    the posting's category of work;
//! 3. pay: the salary against the prefecture's minimum wage, and the presence of a salary where
//!    immigration needs one;
//! 4. what particular sponsored statuses require of the job (education or experience, pay,
//!    full-time employment, Japanese ability);
//! 5. whether the posting can be read in Japanese.
//!
//! Simplifications:
//!
//! * Monthly and yearly salaries are converted to an hourly rate with the posting's weekly hours
//!   and 52 weeks a year (monthly = hourly × hours × 52 / 12). The Minimum Wage Act divides by the
//!   actual scheduled hours and excludes allowances; a posting does not carry those details.
//! * The education rule for sponsored Engineer/Specialist in Humanities/International Services,
//!   Highly Skilled Professional, Professor and Researcher accepts an associate degree or higher
//!   (a junior-college graduate counts as a university graduate for these statuses) or 10 years of
//!   experience (3 for translation, interpretation and language teaching). A vocational diploma
//!   counts only if it is a Japanese one (専門士), which a posting cannot say, so it is flagged for
//!   review. The Highly Skilled Professional points system and the finer academic rules of the
//!   other statuses are not modelled.
//! * Specified Skilled Worker needs direct, full-time employment. `contract` (a fixed-term
//!   employee) can be that or can be freelance work, so it is flagged rather than blocked. The
//!   Japanese-language warning is given for SSW (i) only: SSW (ii) holders have already met it.

use serde::{Deserialize, Serialize};

use crate::Finding;
use crate::categories::{JobCategory, Permission, category_permits, job_category};
use crate::codes;
use crate::format::{hours, thousands};
use crate::minimum_wage::{MinimumWageTable, embedded_minimum_wages};
use crate::prefectures::{Prefecture, find_prefecture};
use crate::vocab::{
    EDUCATION_LEVELS, EMPLOYMENT_TYPES, REMOTE_OPTIONS, StatusClass, VISA_STATUSES, normalize_code,
    normalize_in, normalize_jlpt, normalize_job_category, status_class, visa_status_label,
};

/// Weekly hours assumed for a full-time posting that does not state its hours.
pub const DEFAULT_FULL_TIME_WEEKLY_HOURS: f32 = 40.0;

/// Yearly salary below which Highly Skilled Professional is not granted.
const HSP_MIN_YEARLY_SALARY_YEN: i64 = 3_000_000;

/// Weekly hours above which a value is surely an input error.
const MAX_WEEKLY_HOURS: f32 = 168.0;

/// What period a posting's salary figures are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SalaryPeriod {
    Hourly,
    Monthly,
    /// The platform's original unit: postings stored before periods existed are yearly.
    #[default]
    Yearly,
}

impl SalaryPeriod {
    /// Parse a stored period (`hourly`, `monthly`, `yearly`; case-insensitive).
    pub fn from_code(raw: &str) -> Option<Self> {
        match normalize_code(raw).as_str() {
            "hourly" => Some(Self::Hourly),
            "monthly" => Some(Self::Monthly),
            "yearly" => Some(Self::Yearly),
            _ => None,
        }
    }

    /// The stored name.
    pub fn code(self) -> &'static str {
        match self {
            Self::Hourly => "hourly",
            Self::Monthly => "monthly",
            Self::Yearly => "yearly",
        }
    }

    fn unit_en(self) -> &'static str {
        match self {
            Self::Hourly => "hour",
            Self::Monthly => "month",
            Self::Yearly => "year",
        }
    }

    fn label_ja(self) -> &'static str {
        match self {
            Self::Hourly => "時給",
            Self::Monthly => "月給",
            Self::Yearly => "年収",
        }
    }
}

/// The facts about a posting that the rules look at.
///
/// String fields hold the stored codes; they are normalised (trimmed, lower-cased, `-` and spaces
/// to `_`) before use, and a blank optional value counts as absent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PostingFacts<'a> {
    pub job_category: Option<&'a str>,
    /// `full_time`, `part_time`, `contract`, `internship` or `temporary`.
    pub employment_type: &'a str,
    /// Prefecture code; `None` when fully remote without one.
    pub prefecture: Option<&'a str>,
    /// `none`, `hybrid` or `full`.
    pub remote_option: &'a str,
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    pub salary_period: SalaryPeriod,
    /// `JPY` is checked against the minimum wage; other currencies cannot be.
    pub currency: &'a str,
    /// Scheduled weekly hours; [`DEFAULT_FULL_TIME_WEEKLY_HOURS`] for full-time when `None`.
    pub weekly_hours: Option<f32>,
    pub visa_sponsorship: bool,
    pub supported_visa_types: &'a [String],
    /// One of [`EDUCATION_LEVELS`].
    pub education: Option<&'a str>,
    pub min_experience_years: i32,
    /// `N1` to `N5`.
    pub jlpt_required: Option<&'a str>,
    /// Whether `titleJa` or `descriptionJa` is present.
    pub has_japanese_text: bool,
}

impl Default for PostingFacts<'_> {
    /// A full-time, on-site, yen-paid posting with nothing else stated.
    fn default() -> Self {
        Self {
            job_category: None,
            employment_type: "full_time",
            prefecture: None,
            remote_option: "none",
            salary_min: None,
            salary_max: None,
            salary_period: SalaryPeriod::Yearly,
            currency: "JPY",
            weekly_hours: None,
            visa_sponsorship: false,
            supported_visa_types: &[],
            education: None,
            min_experience_years: 0,
            jlpt_required: None,
            has_japanese_text: false,
        }
    }
}

/// Check a posting against the embedded rules and minimum wage table.
///
/// Findings come in a fixed order (see the module documentation); a posting with no finding of
/// [`crate::Severity::Error`] may be published.
pub fn check_posting(facts: &PostingFacts) -> Vec<Finding> {
    check_posting_with(facts, embedded_minimum_wages())
}

/// [`check_posting`] with a minimum wage table of the caller's choosing, e.g. a newer fiscal year.
pub fn check_posting_with(facts: &PostingFacts, wages: &MinimumWageTable) -> Vec<Finding> {
    let mut out = Vec::new();
    let posting = read_values(facts, &mut out);
    let sponsored = check_sponsorship(facts, &posting, &mut out);
    let pay = check_pay(facts, &posting, wages, &mut out);
    if facts.visa_sponsorship {
        check_status_requirements(facts, &posting, &sponsored, pay, &mut out);
        if !facts.has_japanese_text {
            out.push(Finding::warning(
                codes::MISSING_JAPANESE_TEXT,
                "descriptionJa",
                "Visa sponsorship is offered but the posting has no Japanese title or description; \
                 add them, since the immigration filings for this hire describe the work in \
                 Japanese"
                    .into(),
                "ビザのスポンサーを提供していますが、日本語のタイトル・説明がありません。\
                 在留資格の申請書類や雇用条件は日本語のため、日本語の記載を追加してください"
                    .into(),
            ));
        }
    }
    debug_assert!(out.iter().all(|f| codes::ALL.contains(&f.code)));
    out
}

/// Whether the job category is absent, unreadable, or known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CategoryState {
    Missing,
    Unknown,
    Known(&'static JobCategory),
}

impl CategoryState {
    pub(crate) fn read(raw: Option<&str>) -> Self {
        match present(raw) {
            None => Self::Missing,
            Some(raw) => match normalize_job_category(raw) {
                Ok(code) => job_category(code).map_or(Self::Unknown, Self::Known),
                Err(_) => Self::Unknown,
            },
        }
    }
}

/// The posting's values, normalised.
pub(crate) struct Posting {
    pub category: CategoryState,
    pub employment_type: Option<&'static str>,
    pub remote_option: Option<&'static str>,
    pub prefecture: Option<&'static Prefecture>,
    pub education: Option<&'static str>,
    pub education_unknown: bool,
    pub jlpt: Option<&'static str>,
    /// Stated valid weekly hours, or the full-time default.
    pub weekly_hours: Option<f32>,
}

fn present(raw: Option<&str>) -> Option<&str> {
    raw.filter(|s| !s.trim().is_empty())
}

/// The stored code of a known status, or `None`.
pub(crate) fn known_status(raw: &str) -> Option<&'static str> {
    let code = normalize_code(raw);
    VISA_STATUSES.iter().copied().find(|s| *s == code)
}

pub(crate) fn valid_weekly_hours(h: f32) -> bool {
    h.is_finite() && h > 0.0 && h <= MAX_WEEKLY_HOURS
}

/// Normalise without reporting; used by candidate eligibility.
pub(crate) fn normalize_posting(facts: &PostingFacts) -> Posting {
    read_values(facts, &mut Vec::new())
}

fn read_values(facts: &PostingFacts, out: &mut Vec<Finding>) -> Posting {
    let category = CategoryState::read(facts.job_category);
    if category == CategoryState::Unknown {
        let raw = facts.job_category.unwrap_or_default().trim();
        out.push(Finding::error(
            codes::UNKNOWN_JOB_CATEGORY,
            "jobCategory",
            format!("Job category '{raw}' is not a known category"),
            format!("職種「{raw}」は登録されている職種ではありません"),
        ));
    }

    let employment_type = normalize_in(facts.employment_type, EMPLOYMENT_TYPES);
    if employment_type.is_none() {
        let raw = facts.employment_type.trim();
        out.push(Finding::error(
            codes::UNKNOWN_EMPLOYMENT_TYPE,
            "employmentType",
            format!(
                "Employment type '{raw}' is not one of {}",
                EMPLOYMENT_TYPES.join(", ")
            ),
            format!(
                "雇用形態「{raw}」は{}のいずれでもありません",
                EMPLOYMENT_TYPES.join("、")
            ),
        ));
    }

    let remote_option = normalize_in(facts.remote_option, REMOTE_OPTIONS);
    if remote_option.is_none() {
        let raw = facts.remote_option.trim();
        out.push(Finding::error(
            codes::UNKNOWN_REMOTE_OPTION,
            "remoteOption",
            format!("Remote option '{raw}' is not one of none, hybrid, full"),
            format!("リモート区分「{raw}」はnone、hybrid、fullのいずれでもありません"),
        ));
    }

    let mut prefecture = None;
    if let Some(raw) = present(facts.prefecture) {
        prefecture = find_prefecture(raw);
        if prefecture.is_none() {
            let raw = raw.trim();
            out.push(Finding::error(
                codes::UNKNOWN_PREFECTURE,
                "prefecture",
                format!("Prefecture '{raw}' is not one of Japan's 47 prefectures"),
                format!("都道府県「{raw}」は日本の47都道府県のいずれでもありません"),
            ));
        }
    }

    let mut education = None;
    let mut education_unknown = false;
    if let Some(raw) = present(facts.education) {
        education = normalize_in(raw, EDUCATION_LEVELS);
        if education.is_none() {
            education_unknown = true;
            let raw = raw.trim();
            out.push(Finding::error(
                codes::UNKNOWN_EDUCATION,
                "education",
                format!(
                    "Education requirement '{raw}' is not one of {}",
                    EDUCATION_LEVELS.join(", ")
                ),
                format!(
                    "学歴要件「{raw}」は{}のいずれでもありません",
                    EDUCATION_LEVELS.join("、")
                ),
            ));
        }
    }

    let mut jlpt = None;
    if let Some(raw) = present(facts.jlpt_required) {
        jlpt = normalize_jlpt(raw);
        if jlpt.is_none() {
            let raw = raw.trim();
            out.push(Finding::error(
                codes::UNKNOWN_JLPT_LEVEL,
                "jlptRequired",
                format!("JLPT level '{raw}' is not one of N1 to N5"),
                format!("日本語能力試験のレベル「{raw}」はN1〜N5のいずれでもありません"),
            ));
        }
    }

    let mut weekly_hours = None;
    match facts.weekly_hours {
        Some(h) if valid_weekly_hours(h) => weekly_hours = Some(h),
        Some(h) => out.push(Finding::error(
            codes::INVALID_WEEKLY_HOURS,
            "weeklyHours",
            format!("Weekly hours must be more than 0 and at most 168, not {h}"),
            format!("週の労働時間は0より大きく168以下である必要があります(入力値: {h})"),
        )),
        None if employment_type == Some("full_time") => {
            weekly_hours = Some(DEFAULT_FULL_TIME_WEEKLY_HOURS);
        }
        None => {}
    }

    if facts.min_experience_years < 0 {
        let years = facts.min_experience_years;
        out.push(Finding::error(
            codes::INVALID_EXPERIENCE,
            "minExperienceYears",
            format!("Required experience cannot be negative ({years} years)"),
            format!("必要な経験年数を負の値にすることはできません({years}年)"),
        ));
    }

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

fn status_names(code: &str) -> (&'static str, &'static str) {
    visa_status_label(code).map_or(("", ""), |l| (l.label_en, l.label_ja))
}

/// Checks group 2; returns the known statuses offered (deduplicated, in input order) when
/// sponsorship is offered.
fn check_sponsorship(
    facts: &PostingFacts,
    posting: &Posting,
    out: &mut Vec<Finding>,
) -> Vec<&'static str> {
    let types = facts.supported_visa_types;
    if facts.visa_sponsorship && types.is_empty() {
        out.push(Finding::error(
            codes::SPONSORSHIP_WITHOUT_VISA_TYPES,
            "supportedVisaTypes",
            "Visa sponsorship is offered but no status of residence is listed as supported".into(),
            "ビザのスポンサーを提供していますが、対応する在留資格が指定されていません".into(),
        ));
    }
    if !facts.visa_sponsorship && !types.is_empty() {
        let n = types.len();
        out.push(Finding::warning(
            codes::VISA_TYPES_WITHOUT_SPONSORSHIP,
            "visaSponsorship",
            format!(
                "{n} supported status(es) of residence are listed but visa sponsorship is not \
                 offered; they will be ignored"
            ),
            format!(
                "対応する在留資格が{n}件指定されていますが、ビザのスポンサーを提供していないため\
                 無視されます"
            ),
        ));
    }

    let mut sponsored: Vec<&'static str> = Vec::new();
    for raw in types {
        let Some(status) = known_status(raw) else {
            let raw = raw.trim();
            out.push(Finding::error(
                codes::UNKNOWN_VISA_TYPE,
                "supportedVisaTypes",
                format!("'{raw}' is not a known status of residence"),
                format!("「{raw}」は既知の在留資格ではありません"),
            ));
            continue;
        };
        if sponsored.contains(&status) {
            continue;
        }
        sponsored.push(status);
        if !facts.visa_sponsorship {
            continue;
        }
        let (en, ja) = status_names(status);
        let class = status_class(status).expect("known status has a class");
        match class {
            StatusClass::NoStatus => out.push(Finding::error(
                codes::VISA_TYPE_NOT_A_STATUS,
                "supportedVisaTypes",
                format!("'{status}' is not a status of residence an employer can sponsor"),
                format!("「{ja}」はスポンサーできる在留資格ではありません"),
            )),
            StatusClass::Unrestricted if status == "japanese_national" => out.push(Finding::error(
                codes::VISA_TYPE_NOT_A_STATUS,
                "supportedVisaTypes",
                "Japanese nationals need no status of residence, so it cannot be sponsored".into(),
                "日本国籍の方に在留資格は不要のため、スポンサーの対象になりません".into(),
            )),
            StatusClass::Unrestricted | StatusClass::WorkingHoliday => out.push(Finding::warning(
                codes::VISA_TYPE_NOT_EMPLOYER_SPONSORED,
                "supportedVisaTypes",
                format!(
                    "{en} is not granted through an employer's sponsorship; holders may apply \
                         without it, so listing it has no effect"
                ),
                format!(
                    "「{ja}」は雇用主のスポンサーで取得する在留資格ではありません。\
                         保有者はスポンサーなしで応募できるため、指定は不要です"
                ),
            )),
            StatusClass::TechnicalIntern => out.push(Finding::error(
                codes::VISA_TYPE_TECHNICAL_INTERN,
                "supportedVisaTypes",
                "Technical Intern Training cannot be offered through a job posting: interns are \
                 accepted only under a certified training plan through a supervising organisation"
                    .into(),
                "技能実習は求人で募集できません。技能実習生は監理団体を通じ、認定を受けた\
                 技能実習計画に基づいてのみ受け入れられます"
                    .into(),
            )),
            StatusClass::StudentOrDependent => out.push(Finding::error(
                codes::VISA_TYPE_NO_WORK_PERMITTED,
                "supportedVisaTypes",
                format!(
                    "{en} is not a work status and cannot be sponsored for employment; its holders \
                     may only work part-time, up to 28 hours a week, with permission for activity \
                     outside status"
                ),
                format!(
                    "「{ja}」は就労資格ではないため、就労のためにスポンサーすることはできません。\
                     保有者は資格外活動許可を得て週28時間以内のアルバイトのみ可能です"
                ),
            )),
            StatusClass::DesignatedActivities => out.push(Finding::warning(
                codes::VISA_TYPE_NEEDS_REVIEW,
                "supportedVisaTypes",
                "What Designated Activities permits depends on the designation issued to each \
                 person; a reviewer must confirm it covers this work"
                    .into(),
                "特定活動で認められる活動は個別の指定書によって異なるため、この業務が対象か\
                 確認が必要です"
                    .into(),
            )),
            StatusClass::Work => {
                if let CategoryState::Known(category) = posting.category {
                    match category_permits(category.code, status) {
                        Permission::Allowed => {}
                        Permission::NeedsReview => out.push(Finding::warning(
                            codes::VISA_TYPE_NEEDS_REVIEW,
                            "supportedVisaTypes",
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
                        )),
                        Permission::NotAllowed => out.push(Finding::error(
                            codes::VISA_TYPE_CATEGORY_MISMATCH,
                            "supportedVisaTypes",
                            format!(
                                "{en} does not permit {} work",
                                category.label_en.to_lowercase()
                            ),
                            format!(
                                "在留資格「{ja}」では職種「{}」の業務に従事できません",
                                category.label_ja
                            ),
                        )),
                    }
                }
            }
        }
    }

    if facts.visa_sponsorship && posting.category == CategoryState::Missing {
        out.push(Finding::error(
            codes::MISSING_JOB_CATEGORY,
            "jobCategory",
            "Visa sponsorship is offered but no job category is set; which statuses of residence \
             may do the work cannot be checked without it"
                .into(),
            "ビザのスポンサーを提供していますが、職種が設定されていません。職種がないと、\
             どの在留資格で就労できるか確認できません"
                .into(),
        ));
    }

    if facts.visa_sponsorship {
        sponsored
    } else {
        Vec::new()
    }
}

/// The salary figure the pay rules use: the minimum, or the maximum when there is no minimum.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pay {
    amount: i64,
    field: &'static str,
    is_yen: bool,
}

fn is_yen(currency: &str) -> bool {
    currency.trim().eq_ignore_ascii_case("JPY")
}

fn hours_per_period(period: SalaryPeriod, weekly_hours: f64) -> f64 {
    match period {
        SalaryPeriod::Hourly => 1.0,
        SalaryPeriod::Monthly => weekly_hours * 52.0 / 12.0,
        SalaryPeriod::Yearly => weekly_hours * 52.0,
    }
}

/// `¥180,000/month`
fn salary_en(amount: i64, period: SalaryPeriod) -> String {
    format!("¥{}/{}", thousands(amount), period.unit_en())
}

/// `月給180,000円`
fn salary_ja(amount: i64, period: SalaryPeriod) -> String {
    format!("{}{}円", period.label_ja(), thousands(amount))
}

/// Checks group 3; returns the salary figure the later rules use.
fn check_pay(
    facts: &PostingFacts,
    posting: &Posting,
    wages: &MinimumWageTable,
    out: &mut Vec<Finding>,
) -> Option<Pay> {
    for (value, field) in [
        (facts.salary_min, "salaryMin"),
        (facts.salary_max, "salaryMax"),
    ] {
        if let Some(v) = value.filter(|v| *v <= 0) {
            out.push(Finding::error(
                codes::INVALID_SALARY,
                field,
                format!("Salary figures must be positive, not {}", thousands(v)),
                format!(
                    "給与額は正の値である必要があります(入力値: {})",
                    thousands(v)
                ),
            ));
        }
    }
    if let (Some(min), Some(max)) = (facts.salary_min, facts.salary_max)
        && min > 0
        && max > 0
        && min > max
    {
        out.push(Finding::error(
            codes::SALARY_RANGE_INVERTED,
            "salaryMax",
            format!(
                "Salary maximum {} is below the minimum {}",
                thousands(max),
                thousands(min)
            ),
            format!(
                "給与の上限{}が下限{}を下回っています",
                thousands(max),
                thousands(min)
            ),
        ));
    }

    let pay = match (facts.salary_min, facts.salary_max) {
        (Some(min), _) if min > 0 => Some((min, "salaryMin")),
        (None, Some(max)) if max > 0 => Some((max, "salaryMax")),
        _ => None,
    }
    .map(|(amount, field)| Pay {
        amount,
        field,
        is_yen: is_yen(facts.currency),
    });

    if facts.visa_sponsorship && facts.salary_min.is_none() && facts.salary_max.is_none() {
        out.push(Finding::error(
            codes::MISSING_SALARY,
            "salaryMin",
            "Visa sponsorship is offered but no salary is given; the immigration application must \
             state the pay"
                .into(),
            "ビザのスポンサーを提供していますが、給与が記載されていません。在留資格の申請には\
             報酬額の記載が必要です"
                .into(),
        ));
    }

    let pay = pay?;
    if !pay.is_yen {
        let currency = facts.currency.trim();
        out.push(Finding::warning(
            codes::CURRENCY_NOT_CHECKED,
            "currency",
            format!(
                "The salary is in '{currency}', not JPY, so it cannot be checked against Japan's \
                 minimum wage"
            ),
            format!(
                "給与の通貨が日本円ではなく「{currency}」のため、最低賃金を満たすか確認できません"
            ),
        ));
        return Some(pay);
    }

    let on_site = posting.remote_option != Some("full");
    if present(facts.prefecture).is_none() {
        if on_site {
            out.push(Finding::warning(
                codes::MISSING_PREFECTURE,
                "prefecture",
                "The work is on-site or hybrid but no prefecture is given, so the salary cannot \
                 be checked against the regional minimum wage"
                    .into(),
                "出社またはハイブリッド勤務ですが勤務地の都道府県が指定されていないため、\
                 給与が地域別最低賃金を満たすか確認できません"
                    .into(),
            ));
        }
        return Some(pay);
    }
    let Some(prefecture) = posting.prefecture else {
        // Unknown prefecture: already reported.
        return Some(pay);
    };
    let Some(wage) = wages.get(prefecture.code) else {
        out.push(Finding::warning(
            codes::MINIMUM_WAGE_UNKNOWN,
            "prefecture",
            format!(
                "The minimum wage table for fiscal {} has no amount for {}, so the salary cannot \
                 be checked",
                wages.fiscal_year, prefecture.name_en
            ),
            format!(
                "{}年度の最低賃金表に{}の金額がないため、給与を確認できません",
                wages.fiscal_year, prefecture.name_ja
            ),
        ));
        return Some(pay);
    };

    let period = facts.salary_period;
    let weekly = match (period, posting.weekly_hours) {
        // An hourly rate needs no conversion; the hours only appear in messages for other periods.
        (SalaryPeriod::Hourly, h) => h.unwrap_or(DEFAULT_FULL_TIME_WEEKLY_HOURS),
        (_, Some(h)) => h,
        (_, None) => {
            if facts.weekly_hours.is_none() {
                out.push(Finding::warning(
                    codes::MISSING_WEEKLY_HOURS,
                    "weeklyHours",
                    format!(
                        "A {} salary for non-full-time work cannot be checked against the \
                         minimum wage without weekly hours",
                        period.code()
                    ),
                    format!(
                        "フルタイム以外の{}は、週の労働時間がないと最低賃金を満たすか確認できません",
                        period.label_ja()
                    ),
                ));
            }
            return Some(pay);
        }
    };
    let per_hour = pay.amount as f64 / hours_per_period(period, f64::from(weekly));
    if per_hour < wage.hourly_yen as f64 {
        let minimum_en = format!(
            "{}'s minimum wage of ¥{}/hour",
            prefecture.name_en,
            thousands(wage.hourly_yen)
        );
        let minimum_ja = format!(
            "{}の最低賃金(時給{}円)",
            prefecture.name_ja,
            thousands(wage.hourly_yen)
        );
        let (message_en, message_ja) = if period == SalaryPeriod::Hourly {
            (
                format!(
                    "Salary {} is below {minimum_en}",
                    salary_en(pay.amount, period)
                ),
                format!(
                    "{}は{minimum_ja}を下回っています",
                    salary_ja(pay.amount, period)
                ),
            )
        } else {
            let approx = thousands(per_hour.floor() as i64);
            let h = hours(weekly);
            (
                format!(
                    "Salary {} (about ¥{approx}/hour at {h} hours a week) is below {minimum_en}",
                    salary_en(pay.amount, period)
                ),
                format!(
                    "{}(週{h}時間で時給約{approx}円)は{minimum_ja}を下回っています",
                    salary_ja(pay.amount, period)
                ),
            )
        };
        out.push(Finding::error(
            codes::BELOW_MINIMUM_WAGE,
            pay.field,
            message_en,
            message_ja,
        ));
    }
    Some(pay)
}

/// Education levels that count as university graduation for the professional statuses.
const DEGREES: &[&str] = &["associate", "bachelor", "master", "doctorate"];

/// Statuses whose sponsorship needs a degree or long experience.
const DEGREE_STATUSES: &[&str] = &[
    "engineer_humanities_international",
    "highly_skilled_professional",
    "professor",
    "researcher",
];

/// Categories where 3 years of experience replace a degree.
const SHORT_EXPERIENCE_CATEGORIES: &[&str] = &["translation_interpretation", "language_teaching"];

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

/// Checks group 4, for the statuses a sponsoring posting offers.
fn check_status_requirements(
    facts: &PostingFacts,
    posting: &Posting,
    sponsored: &[&'static str],
    pay: Option<Pay>,
    out: &mut Vec<Finding>,
) {
    let degree_statuses: Vec<_> = sponsored
        .iter()
        .copied()
        .filter(|s| DEGREE_STATUSES.contains(s))
        .collect();
    if !degree_statuses.is_empty() && !posting.education_unknown {
        let short = matches!(posting.category, CategoryState::Known(c)
            if SHORT_EXPERIENCE_CATEGORIES.contains(&c.code));
        let needed_years = if short { 3 } else { 10 };
        let years = facts.min_experience_years;
        let has_degree = posting.education.is_some_and(|e| DEGREES.contains(&e));
        if !has_degree && years < needed_years {
            let names_en: Vec<_> = degree_statuses.iter().map(|s| status_names(s).0).collect();
            let names_ja: Vec<_> = degree_statuses.iter().map(|s| status_names(s).1).collect();
            let names_en = names_en.join(", ");
            let names_ja = names_ja.join("」「");
            let level = posting.education;
            if level == Some("vocational") {
                out.push(Finding::warning(
                    codes::EDUCATION_NEEDS_REVIEW,
                    "education",
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
                ));
            } else {
                out.push(Finding::error(
                    codes::EDUCATION_REQUIREMENT_TOO_LOW,
                    "education",
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
                ));
            }
        }
    }

    if sponsored.contains(&"highly_skilled_professional")
        && let Some(pay) = pay.filter(|p| p.is_yen)
    {
        let period = facts.salary_period;
        let amount = pay.amount as f64;
        let yearly = match period {
            SalaryPeriod::Hourly => posting
                .weekly_hours
                .map(|h| amount * hours_per_period(SalaryPeriod::Yearly, f64::from(h))),
            SalaryPeriod::Monthly => Some(amount * 12.0),
            SalaryPeriod::Yearly => Some(amount),
        };
        if let Some(yearly) = yearly
            && yearly < HSP_MIN_YEARLY_SALARY_YEN as f64
        {
            let minimum = thousands(HSP_MIN_YEARLY_SALARY_YEN);
            let (offer_en, offer_ja) = if period == SalaryPeriod::Yearly {
                (salary_en(pay.amount, period), salary_ja(pay.amount, period))
            } else {
                let y = thousands(yearly.floor() as i64);
                (
                    format!("{} (about ¥{y} a year)", salary_en(pay.amount, period)),
                    format!("{}(年収約{y}円)", salary_ja(pay.amount, period)),
                )
            };
            out.push(Finding::error(
                codes::HSP_SALARY_TOO_LOW,
                pay.field,
                format!(
                    "Highly Skilled Professional needs a yearly salary of at least \
                         ¥{minimum}, but the posting offers {offer_en}"
                ),
                format!("高度専門職には年収{minimum}円以上が必要ですが、この求人は{offer_ja}です"),
            ));
        }
    }

    let ssw_i = sponsored.contains(&"specified_skilled_worker_i");
    let ssw_ii = sponsored.contains(&"specified_skilled_worker_ii");
    if ssw_i || ssw_ii {
        match posting.employment_type {
            None | Some("full_time") => {}
            Some("contract") => out.push(Finding::warning(
                codes::SSW_CONTRACT_NEEDS_REVIEW,
                "employmentType",
                "Specified Skilled Worker needs direct, full-time employment: a fixed-term \
                 employment contract is fine, freelance or outsourcing contracts are not"
                    .into(),
                "特定技能は受入れ機関による直接かつフルタイムの雇用が必要です。有期の雇用契約は\
                 認められますが、業務委託などの契約は認められません"
                    .into(),
            )),
            Some(other) => {
                let (en, ja) = match other {
                    "part_time" => ("part-time", "パートタイム"),
                    "internship" => ("an internship", "インターンシップ"),
                    _ => ("temporary", "短期・派遣"),
                };
                out.push(Finding::error(
                    codes::SSW_NOT_FULL_TIME,
                    "employmentType",
                    format!(
                        "Specified Skilled Worker needs direct, full-time employment; this posting \
                         is {en}"
                    ),
                    format!(
                        "特定技能は受入れ機関による直接かつフルタイムの雇用が必要ですが、\
                         この求人の雇用形態は{ja}です"
                    ),
                ));
            }
        }
    }
    if ssw_i && matches!(posting.jlpt, None | Some("N5")) {
        let asked = posting.jlpt.unwrap_or("none");
        out.push(Finding::warning(
            codes::SSW_JAPANESE_LEVEL,
            "jlptRequired",
            format!(
                "Specified Skilled Worker (i) needs JLPT N4 or higher (or the JFT-Basic test); the \
                 posting asks for {asked}"
            ),
            format!(
                "特定技能1号には日本語能力試験N4以上(または国際交流基金日本語基礎テスト)の合格が\
                 必要ですが、この求人の日本語要件は{}です",
                if asked == "none" { "なし" } else { asked }
            ),
        ));
    }
}

/// The severity of findings with `code`, for tests.
#[cfg(test)]
pub(crate) fn severity_of(findings: &[Finding], code: &str) -> Option<crate::Severity> {
    findings.iter().find(|f| f.code == code).map(|f| f.severity)
}

#[cfg(test)]
mod tests;
