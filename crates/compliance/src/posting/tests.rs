use std::collections::BTreeMap;

use super::*;
use crate::Code;
use crate::Severity::{Error, Warning};
use crate::{MinimumWage, Severity, has_errors};

/// A posting's facts with owned storage, so tables of cases can be written as values.
#[derive(Clone)]
struct Case {
    category: Option<&'static str>,
    employment: &'static str,
    prefecture: Option<&'static str>,
    remote: &'static str,
    min: Option<i64>,
    max: Option<i64>,
    period: SalaryPeriod,
    currency: &'static str,
    hours: Option<f32>,
    sponsor: bool,
    types: Vec<String>,
    education: Option<&'static str>,
    experience: i32,
    jlpt: Option<&'static str>,
    japanese: bool,
}

/// A sponsored software engineering posting in Tokyo that passes every rule.
fn base() -> Case {
    Case {
        category: Some("software_engineering"),
        employment: "full_time",
        prefecture: Some("tokyo"),
        remote: "hybrid",
        min: Some(5_000_000),
        max: Some(8_000_000),
        period: SalaryPeriod::Yearly,
        currency: "JPY",
        hours: None,
        sponsor: true,
        types: types(&["engineer_humanities_international"]),
        education: Some("bachelor"),
        experience: 0,
        jlpt: None,
        japanese: true,
    }
}

fn types(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

impl Case {
    fn facts(&self) -> PostingFacts<'_> {
        PostingFacts {
            job_category: self.category,
            employment_type: self.employment,
            prefecture: self.prefecture,
            remote_option: self.remote,
            salary_min: self.min,
            salary_max: self.max,
            salary_period: self.period,
            currency: self.currency,
            weekly_hours: self.hours,
            visa_sponsorship: self.sponsor,
            supported_visa_types: &self.types,
            education: self.education,
            min_experience_years: self.experience,
            jlpt_required: self.jlpt,
            has_japanese_text: self.japanese,
        }
    }

    fn check(&self) -> Vec<Finding> {
        let findings = check_posting(&self.facts());
        assert_well_formed(&findings);
        findings
    }

    fn hourly(self, yen: i64) -> Self {
        Self {
            min: Some(yen),
            max: None,
            period: SalaryPeriod::Hourly,
            ..self
        }
    }

    fn monthly(self, yen: i64) -> Self {
        Self {
            min: Some(yen),
            max: None,
            period: SalaryPeriod::Monthly,
            ..self
        }
    }

    fn yearly(self, yen: i64) -> Self {
        Self {
            min: Some(yen),
            max: None,
            period: SalaryPeriod::Yearly,
            ..self
        }
    }

    fn sponsoring(self, names: &[&str]) -> Self {
        Self {
            sponsor: true,
            types: types(names),
            ..self
        }
    }
}

fn assert_well_formed(findings: &[Finding]) {
    for f in findings {
        assert!(
            Code::ALL.contains(&f.code),
            "{} is not in Code::ALL",
            f.code
        );
        assert_eq!(f.severity, f.code.severity(), "{f:?}");
        assert!(f.code.fields().contains(&f.field), "{f:?}");
        assert!(
            !f.message_en.is_empty() && !f.message_ja.is_empty(),
            "{f:?}"
        );
        assert!(
            !f.message_ja.is_ascii(),
            "Japanese message of {} has no Japanese: {}",
            f.code,
            f.message_ja
        );
        let first = f.field.chars().next().unwrap();
        assert!(first.is_ascii_lowercase() && f.field.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}

/// Checks one rule over a table of cases: `Some((severity, field))` means `code` must be reported
/// with that severity on that field; `None` means it must not be reported.
/// One row of a rule's table: name, posting, expected severity and field (or absence).
type Row<'a> = (&'a str, Case, Option<(Severity, &'a str)>);

fn run(code: Code, cases: Vec<Row>) {
    for (name, case, expected) in cases {
        let findings = case.check();
        let found: Vec<_> = findings.iter().filter(|f| f.code == code).collect();
        match expected {
            None => assert!(found.is_empty(), "{code} / {name}: unexpected {found:#?}"),
            Some((severity, field)) => {
                assert_eq!(found.len(), 1, "{code} / {name}: got {findings:#?}");
                assert_eq!(found[0].severity, severity, "{code} / {name}");
                assert_eq!(found[0].field, field, "{code} / {name}");
            }
        }
    }
}

fn find(findings: &[Finding], code: Code) -> &Finding {
    findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {findings:#?}"))
}

#[test]
fn a_clean_sponsored_posting_has_no_findings() {
    assert_eq!(base().check(), Vec::new());
}

#[test]
fn a_clean_unsponsored_posting_has_no_findings() {
    let case = Case {
        sponsor: false,
        types: vec![],
        education: None,
        japanese: false,
        category: None,
        ..base()
    };
    assert_eq!(case.check(), Vec::new());
    assert_eq!(check_posting(&PostingFacts::default()), Vec::new());
}

#[test]
fn sponsorship_without_visa_types() {
    run(
        Code::SponsorshipWithoutVisaTypes,
        vec![
            (
                "sponsor, none listed",
                base().sponsoring(&[]),
                Some((Error, "supportedVisaTypes")),
            ),
            ("sponsor, one listed", base(), None),
            (
                "no sponsor, none listed",
                Case {
                    sponsor: false,
                    types: vec![],
                    ..base()
                },
                None,
            ),
        ],
    );
}

#[test]
fn visa_types_without_sponsorship() {
    run(
        Code::VisaTypesWithoutSponsorship,
        vec![
            (
                "listed, not sponsored",
                Case {
                    sponsor: false,
                    ..base()
                },
                Some((Warning, "visaSponsorship")),
            ),
            ("listed and sponsored", base(), None),
            (
                "nothing listed",
                Case {
                    sponsor: false,
                    types: vec![],
                    ..base()
                },
                None,
            ),
        ],
    );
}

#[test]
fn unknown_visa_type() {
    run(
        Code::UnknownVisaType,
        vec![
            (
                "made up",
                base().sponsoring(&["h1b"]),
                Some((Error, "supportedVisaTypes")),
            ),
            (
                "empty string",
                base().sponsoring(&[""]),
                Some((Error, "supportedVisaTypes")),
            ),
            (
                "unknown even without sponsorship",
                Case {
                    sponsor: false,
                    types: types(&["work_visa"]),
                    ..base()
                },
                Some((Error, "supportedVisaTypes")),
            ),
            (
                "normalised spelling",
                base().sponsoring(&[" Engineer-Humanities International "]),
                None,
            ),
            ("known", base(), None),
        ],
    );
    let findings = base().sponsoring(&["h1b"]).check();
    assert_eq!(
        find(&findings, Code::UnknownVisaType).message_en,
        "'h1b' is not a known status of residence"
    );
}

#[test]
fn visa_type_category_mismatch() {
    let case = |category, status: &str| Case {
        category: Some(category),
        education: Some("bachelor"),
        jlpt: Some("N4"),
        ..base().sponsoring(&[status])
    };
    let mismatch = Some((Error, "supportedVisaTypes"));
    run(
        Code::VisaTypeCategoryMismatch,
        vec![
            (
                "SSW-i outside the 16 fields",
                case("software_engineering", "specified_skilled_worker_i"),
                mismatch,
            ),
            (
                "EHI for building cleaning",
                case("building_cleaning", "engineer_humanities_international"),
                mismatch,
            ),
            (
                "HSP for agriculture",
                case("agriculture", "highly_skilled_professional"),
                mismatch,
            ),
            (
                "SSW-ii has no nursing care field",
                case("nursing_care", "specified_skilled_worker_ii"),
                mismatch,
            ),
            (
                "SSW-ii has no railway field",
                case("railway", "specified_skilled_worker_ii"),
                mismatch,
            ),
            (
                "business manager outside management",
                case("sales_marketing", "business_manager"),
                mismatch,
            ),
            (
                "nursing care status for cleaning",
                case("building_cleaning", "nursing_care"),
                mismatch,
            ),
            (
                "instructor outside teaching",
                case("legal", "instructor"),
                mismatch,
            ),
            (
                "EHI for software",
                case("software_engineering", "engineer_humanities_international"),
                None,
            ),
            (
                "ICT for consulting",
                case("consulting", "intra_company_transferee"),
                None,
            ),
            (
                "SSW-i in railway",
                case("railway", "specified_skilled_worker_i"),
                None,
            ),
            (
                "SSW-i in nursing care",
                case("nursing_care", "specified_skilled_worker_i"),
                None,
            ),
            (
                "SSW-ii in food service",
                case("food_service", "specified_skilled_worker_ii"),
                None,
            ),
            (
                "nursing care status in nursing care",
                case("nursing_care", "nursing_care"),
                None,
            ),
            (
                "business manager in management",
                case("management", "business_manager"),
                None,
            ),
            (
                "researcher in research",
                case("research", "researcher"),
                None,
            ),
            (
                "instructor in language teaching",
                case("language_teaching", "instructor"),
                None,
            ),
            (
                "skilled labor in food service",
                case("food_service", "skilled_labor"),
                None,
            ),
            (
                "other only needs review",
                case("other", "engineer_humanities_international"),
                None,
            ),
        ],
    );
    let findings = case("building_cleaning", "engineer_humanities_international").check();
    let f = find(&findings, Code::VisaTypeCategoryMismatch);
    assert_eq!(
        f.message_en,
        "Engineer/Specialist in Humanities/International Services does not permit building cleaning work"
    );
    assert_eq!(
        f.message_ja,
        "在留資格「技術・人文知識・国際業務」では職種「ビルクリーニング」の業務に従事できません"
    );
    assert!(has_errors(&findings));
}

#[test]
fn visa_types_that_cannot_be_sponsored() {
    let cases: Vec<(&str, Code, Severity)> = vec![
        (
            "technical_intern_training",
            Code::VisaTypeTechnicalIntern,
            Error,
        ),
        ("student", Code::VisaTypeNoWorkPermitted, Error),
        ("dependent", Code::VisaTypeNoWorkPermitted, Error),
        ("none", Code::VisaTypeNotAStatus, Error),
        ("japanese_national", Code::VisaTypeNotAStatus, Error),
        (
            "permanent_resident",
            Code::VisaTypeNotEmployerSponsored,
            Warning,
        ),
        (
            "spouse_of_japanese",
            Code::VisaTypeNotEmployerSponsored,
            Warning,
        ),
        (
            "long_term_resident",
            Code::VisaTypeNotEmployerSponsored,
            Warning,
        ),
        (
            "working_holiday",
            Code::VisaTypeNotEmployerSponsored,
            Warning,
        ),
        ("designated_activities", Code::VisaTypeNeedsReview, Warning),
    ];
    for (status, code, severity) in cases {
        run(
            code,
            vec![
                (
                    status,
                    base().sponsoring(&[status]),
                    Some((severity, "supportedVisaTypes")),
                ),
                (
                    "not checked without sponsorship",
                    Case {
                        sponsor: false,
                        types: types(&[status]),
                        ..base()
                    },
                    None,
                ),
            ],
        );
    }
    // Technical interns are refused whatever the category.
    let findings = Case {
        category: Some("agriculture"),
        ..base().sponsoring(&["technical_intern_training"])
    }
    .check();
    assert_eq!(
        find(&findings, Code::VisaTypeTechnicalIntern).severity,
        Error
    );
    // A work status in `other` needs review rather than being refused.
    let findings = Case {
        category: Some("other"),
        ..base()
    }
    .check();
    assert_eq!(
        severity_of(&findings, Code::VisaTypeNeedsReview),
        Some(Warning)
    );
    assert!(!has_errors(&findings));
}

#[test]
fn duplicate_visa_types_are_reported_once() {
    let findings = Case {
        category: Some("building_cleaning"),
        ..base()
    }
    .sponsoring(&[
        "engineer_humanities_international",
        "Engineer Humanities International",
    ])
    .check();
    assert_eq!(
        findings
            .iter()
            .filter(|f| f.code == Code::VisaTypeCategoryMismatch)
            .count(),
        1
    );
}

#[test]
fn missing_job_category() {
    run(
        Code::MissingJobCategory,
        vec![
            (
                "sponsor, no category",
                Case {
                    category: None,
                    ..base()
                },
                Some((Error, "jobCategory")),
            ),
            (
                "sponsor, blank category",
                Case {
                    category: Some("  "),
                    ..base()
                },
                Some((Error, "jobCategory")),
            ),
            (
                "no sponsor, no category",
                Case {
                    category: None,
                    sponsor: false,
                    types: vec![],
                    ..base()
                },
                None,
            ),
            (
                "unknown is reported as unknown",
                Case {
                    category: Some("astronaut"),
                    ..base()
                },
                None,
            ),
            ("present", base(), None),
        ],
    );
}

#[test]
fn below_minimum_wage() {
    let salary_min = Some((Error, "salaryMin"));
    let part_time = |hours| Case {
        employment: "part_time",
        hours: Some(hours),
        ..base()
    };
    run(
        Code::BelowMinimumWage,
        vec![
            ("hourly below Tokyo", base().hourly(1000), salary_min),
            (
                "hourly one yen below Tokyo",
                base().hourly(1225),
                salary_min,
            ),
            ("hourly at Tokyo", base().hourly(1226), None),
            (
                "hourly above Osaka, below Tokyo",
                base().hourly(1200),
                salary_min,
            ),
            (
                "hourly above Osaka",
                Case {
                    prefecture: Some("osaka"),
                    ..base()
                }
                .hourly(1200),
                None,
            ),
            (
                "hourly at Okinawa",
                Case {
                    prefecture: Some("okinawa"),
                    ..base()
                }
                .hourly(1023),
                None,
            ),
            (
                "hourly below Okinawa",
                Case {
                    prefecture: Some("okinawa"),
                    ..base()
                }
                .hourly(1022),
                salary_min,
            ),
            (
                "prefecture by ISO code",
                Case {
                    prefecture: Some("JP-13"),
                    ..base()
                }
                .hourly(1200),
                salary_min,
            ),
            // 212,507 × 12 / (40 × 52) = 1,226.0; 212,506 falls just short.
            ("monthly at Tokyo", base().monthly(212_507), None),
            (
                "monthly just below Tokyo",
                base().monthly(212_506),
                salary_min,
            ),
            ("monthly well below", base().monthly(200_000), salary_min),
            (
                "yearly below (40 h default)",
                base().yearly(2_000_000),
                salary_min,
            ),
            ("yearly above", base().yearly(2_600_000), None),
            (
                "yearly at 30 h a week",
                Case {
                    hours: Some(30.0),
                    ..base()
                }
                .yearly(1_900_000),
                salary_min,
            ),
            (
                "yearly at 30 h a week, enough",
                Case {
                    hours: Some(30.0),
                    ..base()
                }
                .yearly(1_950_000),
                None,
            ),
            (
                "part-time monthly below",
                part_time(20.0).monthly(100_000),
                salary_min,
            ),
            (
                "part-time monthly enough",
                part_time(20.0).monthly(110_000),
                None,
            ),
            (
                "max used when min is absent",
                Case {
                    min: None,
                    max: Some(1000),
                    period: SalaryPeriod::Hourly,
                    ..base()
                },
                Some((Error, "salaryMax")),
            ),
            (
                "min is what counts",
                Case {
                    min: Some(1000),
                    max: Some(2000),
                    period: SalaryPeriod::Hourly,
                    ..base()
                },
                salary_min,
            ),
            (
                "not in yen",
                Case {
                    currency: "USD",
                    ..base()
                }
                .hourly(10),
                None,
            ),
            (
                "fully remote without prefecture",
                Case {
                    remote: "full",
                    prefecture: None,
                    ..base()
                }
                .hourly(900),
                None,
            ),
            (
                "fully remote with prefecture",
                Case {
                    remote: "full",
                    ..base()
                }
                .hourly(900),
                salary_min,
            ),
            (
                "no salary",
                Case {
                    min: None,
                    max: None,
                    sponsor: false,
                    types: vec![],
                    ..base()
                },
                None,
            ),
            (
                "unsponsored postings are checked too",
                Case {
                    sponsor: false,
                    types: vec![],
                    ..base()
                }
                .hourly(900),
                salary_min,
            ),
        ],
    );
}

#[test]
fn minimum_wage_messages_name_the_numbers() {
    let findings = base().hourly(1000).check();
    let f = find(&findings, Code::BelowMinimumWage);
    assert_eq!(
        f.message_en,
        "Salary ¥1,000/hour is below Tokyo's minimum wage of ¥1,226/hour"
    );
    assert_eq!(
        f.message_ja,
        "時給1,000円は東京都の最低賃金(時給1,226円)を下回っています"
    );

    let findings = base().monthly(200_000).check();
    let f = find(&findings, Code::BelowMinimumWage);
    assert_eq!(
        f.message_en,
        "Salary ¥200,000/month (about ¥1,153/hour at 40 hours a week) is below Tokyo's minimum wage of ¥1,226/hour"
    );
    assert_eq!(
        f.message_ja,
        "月給200,000円(週40時間で時給約1,153円)は東京都の最低賃金(時給1,226円)を下回っています"
    );

    let findings = Case {
        prefecture: Some("osaka"),
        hours: Some(37.5),
        ..base()
    }
    .yearly(2_000_000)
    .check();
    let f = find(&findings, Code::BelowMinimumWage);
    assert_eq!(
        f.message_en,
        "Salary ¥2,000,000/year (about ¥1,025/hour at 37.5 hours a week) is below Osaka's minimum wage of ¥1,177/hour"
    );
    assert_eq!(
        f.message_ja,
        "年収2,000,000円(週37.5時間で時給約1,025円)は大阪府の最低賃金(時給1,177円)を下回っています"
    );
}

#[test]
fn a_newer_minimum_wage_table_replaces_the_embedded_one() {
    let mut newer = embedded_minimum_wages().clone();
    newer.fiscal_year = "2026".into();
    newer.wages.get_mut("tokyo").unwrap().hourly_yen = 1300;
    let case = base().hourly(1250);
    assert_eq!(
        severity_of(&check_posting(&case.facts()), Code::BelowMinimumWage),
        None
    );
    let findings = check_posting_with(&case.facts(), &newer);
    assert_eq!(
        find(&findings, Code::BelowMinimumWage).message_en,
        "Salary ¥1,250/hour is below Tokyo's minimum wage of ¥1,300/hour"
    );
}

#[test]
fn minimum_wage_unknown_for_a_partial_table() {
    let mut wages = BTreeMap::new();
    wages.insert(
        "osaka".to_string(),
        MinimumWage {
            hourly_yen: 1177,
            effective_from: "2025-10-16".into(),
        },
    );
    let partial = MinimumWageTable {
        wages,
        ..embedded_minimum_wages().clone()
    };
    let findings = check_posting_with(&base().hourly(900).facts(), &partial);
    assert_eq!(
        severity_of(&findings, Code::MinimumWageUnknown),
        Some(Warning)
    );
    assert_eq!(severity_of(&findings, Code::BelowMinimumWage), None);
    assert_eq!(
        find(&findings, Code::MinimumWageUnknown).field,
        "prefecture"
    );
}

#[test]
fn missing_salary() {
    run(
        Code::MissingSalary,
        vec![
            (
                "sponsor, no salary",
                Case {
                    min: None,
                    max: None,
                    ..base()
                },
                Some((Error, "salaryMin")),
            ),
            (
                "sponsor, max only",
                Case {
                    min: None,
                    ..base()
                },
                None,
            ),
            (
                "sponsor, min only",
                Case {
                    max: None,
                    ..base()
                },
                None,
            ),
            (
                "no sponsor, no salary",
                Case {
                    min: None,
                    max: None,
                    sponsor: false,
                    types: vec![],
                    ..base()
                },
                None,
            ),
        ],
    );
}

#[test]
fn missing_prefecture() {
    let no_prefecture = Case {
        prefecture: None,
        ..base()
    };
    run(
        Code::MissingPrefecture,
        vec![
            (
                "on-site",
                Case {
                    remote: "none",
                    ..no_prefecture.clone()
                },
                Some((Warning, "prefecture")),
            ),
            (
                "hybrid",
                Case {
                    remote: "hybrid",
                    ..no_prefecture.clone()
                },
                Some((Warning, "prefecture")),
            ),
            (
                "blank",
                Case {
                    prefecture: Some(""),
                    ..base()
                },
                Some((Warning, "prefecture")),
            ),
            (
                "fully remote",
                Case {
                    remote: "full",
                    ..no_prefecture.clone()
                },
                None,
            ),
            (
                "no salary",
                Case {
                    min: None,
                    max: None,
                    sponsor: false,
                    types: vec![],
                    ..no_prefecture.clone()
                },
                None,
            ),
            (
                "not in yen",
                Case {
                    currency: "EUR",
                    ..no_prefecture
                },
                None,
            ),
            ("given", base(), None),
        ],
    );
}

#[test]
fn currency_not_checked() {
    run(
        Code::CurrencyNotChecked,
        vec![
            (
                "USD",
                Case {
                    currency: "USD",
                    ..base()
                }
                .hourly(10),
                Some((Warning, "currency")),
            ),
            (
                "empty",
                Case {
                    currency: "",
                    ..base()
                },
                Some((Warning, "currency")),
            ),
            (
                "lower-case jpy",
                Case {
                    currency: " jpy ",
                    ..base()
                },
                None,
            ),
            (
                "no salary",
                Case {
                    currency: "USD",
                    min: None,
                    max: None,
                    sponsor: false,
                    types: vec![],
                    ..base()
                },
                None,
            ),
        ],
    );
}

#[test]
fn missing_weekly_hours() {
    let part_time = Case {
        employment: "part_time",
        ..base()
    };
    run(
        Code::MissingWeeklyHours,
        vec![
            (
                "part-time monthly",
                part_time.clone().monthly(100_000),
                Some((Warning, "weeklyHours")),
            ),
            (
                "contract yearly",
                Case {
                    employment: "contract",
                    ..base()
                },
                Some((Warning, "weeklyHours")),
            ),
            ("part-time hourly", part_time.clone().hourly(1300), None),
            (
                "part-time with hours",
                Case {
                    hours: Some(20.0),
                    ..part_time
                }
                .monthly(150_000),
                None,
            ),
            ("full-time defaults to 40", base().monthly(250_000), None),
        ],
    );
}

#[test]
fn unreadable_values() {
    let cases: Vec<(&str, Case, Code, &str)> = vec![
        (
            "category",
            Case {
                category: Some("astronaut"),
                ..base()
            },
            Code::UnknownJobCategory,
            "jobCategory",
        ),
        (
            "employment",
            Case {
                employment: "seasonal",
                ..base()
            },
            Code::UnknownEmploymentType,
            "employmentType",
        ),
        (
            "remote",
            Case {
                remote: "sometimes",
                ..base()
            },
            Code::UnknownRemoteOption,
            "remoteOption",
        ),
        (
            "prefecture",
            Case {
                prefecture: Some("edo"),
                ..base()
            },
            Code::UnknownPrefecture,
            "prefecture",
        ),
        (
            "education",
            Case {
                education: Some("phd"),
                ..base()
            },
            Code::UnknownEducation,
            "education",
        ),
        (
            "jlpt",
            Case {
                jlpt: Some("N6"),
                ..base()
            },
            Code::UnknownJlptLevel,
            "jlptRequired",
        ),
        (
            "hours zero",
            Case {
                hours: Some(0.0),
                ..base()
            },
            Code::InvalidWeeklyHours,
            "weeklyHours",
        ),
        (
            "hours negative",
            Case {
                hours: Some(-5.0),
                ..base()
            },
            Code::InvalidWeeklyHours,
            "weeklyHours",
        ),
        (
            "hours NaN",
            Case {
                hours: Some(f32::NAN),
                ..base()
            },
            Code::InvalidWeeklyHours,
            "weeklyHours",
        ),
        (
            "hours too many",
            Case {
                hours: Some(200.0),
                ..base()
            },
            Code::InvalidWeeklyHours,
            "weeklyHours",
        ),
        (
            "experience",
            Case {
                experience: -1,
                ..base()
            },
            Code::InvalidExperience,
            "minExperienceYears",
        ),
        (
            "salary zero",
            Case {
                min: Some(0),
                ..base()
            },
            Code::InvalidSalary,
            "salaryMin",
        ),
        (
            "salary negative",
            Case {
                max: Some(-1),
                ..base()
            },
            Code::InvalidSalary,
            "salaryMax",
        ),
        (
            "range inverted",
            Case {
                min: Some(9_000_000),
                max: Some(8_000_000),
                ..base()
            },
            Code::SalaryRangeInverted,
            "salaryMax",
        ),
    ];
    for (name, case, code, field) in cases {
        run(code, vec![(name, case, Some((Error, field)))]);
        run(code, vec![("clean", base(), None)]);
    }
    run(
        Code::InvalidWeeklyHours,
        vec![(
            "168 hours is the most a week has",
            Case {
                hours: Some(168.0),
                ..base()
            }
            .hourly(1300),
            None,
        )],
    );
    // Normalised spellings are accepted.
    let case = Case {
        category: Some("Software Engineering"),
        employment: "FULL_TIME",
        prefecture: Some("東京都"),
        remote: "Hybrid",
        education: Some("Bachelor"),
        jlpt: Some("n2"),
        hours: Some(37.5),
        ..base()
    };
    assert_eq!(case.check(), Vec::new());
}

#[test]
fn education_requirement() {
    let ehi = |category, education, experience| Case {
        category: Some(category),
        education,
        experience,
        ..base()
    };
    let too_low = Some((Error, "education"));
    run(
        Code::EducationRequirementTooLow,
        vec![
            (
                "bachelor",
                ehi("software_engineering", Some("bachelor"), 0),
                None,
            ),
            (
                "master",
                ehi("software_engineering", Some("master"), 0),
                None,
            ),
            ("doctorate", ehi("research", Some("doctorate"), 0), None),
            (
                "associate counts as a degree",
                ehi("software_engineering", Some("associate"), 0),
                None,
            ),
            (
                "high school",
                ehi("software_engineering", Some("high_school"), 0),
                too_low,
            ),
            (
                "no requirement",
                ehi("software_engineering", None, 0),
                too_low,
            ),
            (
                "explicitly none",
                ehi("software_engineering", Some("none"), 2),
                too_low,
            ),
            (
                "high school, 10 years",
                ehi("software_engineering", Some("high_school"), 10),
                None,
            ),
            (
                "high school, 9 years",
                ehi("software_engineering", Some("high_school"), 9),
                too_low,
            ),
            (
                "translation, 3 years",
                ehi("translation_interpretation", Some("high_school"), 3),
                None,
            ),
            (
                "translation, 2 years",
                ehi("translation_interpretation", Some("high_school"), 2),
                too_low,
            ),
            (
                "language teaching, 3 years",
                ehi("language_teaching", None, 3),
                None,
            ),
            (
                "vocational is a warning instead",
                ehi("software_engineering", Some("vocational"), 0),
                None,
            ),
            (
                "unknown education is reported as unknown",
                ehi("software_engineering", Some("phd"), 0),
                None,
            ),
            (
                "HSP",
                ehi("software_engineering", Some("high_school"), 0)
                    .sponsoring(&["highly_skilled_professional"]),
                too_low,
            ),
            (
                "professor",
                ehi("research", Some("high_school"), 0).sponsoring(&["professor"]),
                too_low,
            ),
            (
                "researcher",
                ehi("research", None, 5).sponsoring(&["researcher"]),
                too_low,
            ),
            (
                "ICT has no such rule",
                ehi("consulting", None, 0).sponsoring(&["intra_company_transferee"]),
                None,
            ),
            (
                "SSW has no such rule",
                Case {
                    jlpt: Some("N4"),
                    ..ehi("building_cleaning", Some("high_school"), 0)
                }
                .sponsoring(&["specified_skilled_worker_i"]),
                None,
            ),
            (
                "not sponsored",
                Case {
                    sponsor: false,
                    types: vec![],
                    ..ehi("software_engineering", None, 0)
                },
                None,
            ),
        ],
    );
    run(
        Code::EducationNeedsReview,
        vec![
            (
                "vocational",
                ehi("software_engineering", Some("vocational"), 0),
                Some((Warning, "education")),
            ),
            (
                "vocational with 10 years",
                ehi("software_engineering", Some("vocational"), 10),
                None,
            ),
            (
                "bachelor",
                ehi("software_engineering", Some("bachelor"), 0),
                None,
            ),
        ],
    );
    let findings = ehi("software_engineering", Some("high_school"), 2).check();
    let f = find(&findings, Code::EducationRequirementTooLow);
    assert_eq!(
        f.message_en,
        "Sponsoring Engineer/Specialist in Humanities/International Services needs a university \
         degree (associate or higher) or at least 10 years of experience, but the posting asks for \
         high school and 2 years of experience"
    );
    assert_eq!(
        f.message_ja,
        "「技術・人文知識・国際業務」には大学卒業(短期大学を含む)以上の学歴または10年以上の実務経験が\
         必要ですが、この求人の要件は学歴「高校卒業」、経験2年です"
    );
}

#[test]
fn highly_skilled_professional_salary() {
    let hsp = base().sponsoring(&["highly_skilled_professional"]);
    run(
        Code::HspSalaryTooLow,
        vec![
            (
                "yearly below",
                hsp.clone().yearly(2_900_000),
                Some((Error, "salaryMin")),
            ),
            ("yearly at", hsp.clone().yearly(3_000_000), None),
            (
                "monthly below (×12)",
                hsp.clone().monthly(240_000),
                Some((Error, "salaryMin")),
            ),
            ("monthly at", hsp.clone().monthly(250_000), None),
            (
                "hourly below at 40 h",
                hsp.clone().hourly(1400),
                Some((Error, "salaryMin")),
            ),
            ("hourly above at 40 h", hsp.clone().hourly(1500), None),
            (
                "max when min is absent",
                Case {
                    min: None,
                    max: Some(2_500_000),
                    ..hsp.clone()
                },
                Some((Error, "salaryMax")),
            ),
            (
                "not in yen",
                Case {
                    currency: "USD",
                    ..hsp.clone()
                }
                .yearly(100_000),
                None,
            ),
            ("EHI has no such floor", base().yearly(2_900_000), None),
        ],
    );
    let findings = hsp.clone().yearly(2_900_000).check();
    assert_eq!(
        find(&findings, Code::HspSalaryTooLow).message_en,
        "Highly Skilled Professional needs a yearly salary of at least ¥3,000,000, but the posting offers ¥2,900,000/year"
    );
    let findings = hsp.monthly(240_000).check();
    let f = find(&findings, Code::HspSalaryTooLow);
    assert_eq!(
        f.message_en,
        "Highly Skilled Professional needs a yearly salary of at least ¥3,000,000, but the posting offers ¥240,000/month (about ¥2,880,000 a year)"
    );
    assert_eq!(
        f.message_ja,
        "高度専門職には年収3,000,000円以上が必要ですが、この求人は月給240,000円(年収約2,880,000円)です"
    );
}

fn ssw(status: &str, employment: &'static str, jlpt: Option<&'static str>) -> Case {
    Case {
        category: Some("building_cleaning"),
        employment,
        jlpt,
        education: None,
        hours: Some(40.0),
        ..base().sponsoring(&[status])
    }
}

#[test]
fn specified_skilled_worker_employment() {
    let not_full_time = Some((Error, "employmentType"));
    let i = "specified_skilled_worker_i";
    run(
        Code::SswNotFullTime,
        vec![
            ("part-time", ssw(i, "part_time", Some("N4")), not_full_time),
            (
                "internship",
                ssw(i, "internship", Some("N4")),
                not_full_time,
            ),
            ("temporary", ssw(i, "temporary", Some("N4")), not_full_time),
            (
                "dispatch in agriculture",
                Case {
                    category: Some("agriculture"),
                    ..ssw(i, "temporary", Some("N4"))
                },
                None,
            ),
            (
                "25 hours a week",
                Case {
                    hours: Some(25.0),
                    ..ssw(i, "full_time", Some("N4"))
                },
                Some((Error, "weeklyHours")),
            ),
            (
                "SSW-ii part-time",
                ssw("specified_skilled_worker_ii", "part_time", None),
                not_full_time,
            ),
            ("full-time", ssw(i, "full_time", Some("N4")), None),
            (
                "contract is a warning instead",
                ssw(i, "contract", Some("N4")),
                None,
            ),
            (
                "EHI part-time is fine",
                Case {
                    employment: "part_time",
                    hours: Some(30.0),
                    ..base().monthly(200_000)
                },
                None,
            ),
        ],
    );
    run(
        Code::SswContractNeedsReview,
        vec![
            (
                "contract",
                ssw(i, "contract", Some("N4")),
                Some((Warning, "employmentType")),
            ),
            ("full-time", ssw(i, "full_time", Some("N4")), None),
        ],
    );
}

#[test]
fn specified_skilled_worker_japanese() {
    let i = "specified_skilled_worker_i";
    let warning = Some((Warning, "jlptRequired"));
    run(
        Code::SswJapaneseLevel,
        vec![
            ("no JLPT", ssw(i, "full_time", None), warning),
            ("N5", ssw(i, "full_time", Some("N5")), warning),
            ("N4", ssw(i, "full_time", Some("N4")), None),
            ("N1", ssw(i, "full_time", Some("N1")), None),
            (
                "SSW-ii only",
                ssw("specified_skilled_worker_ii", "full_time", None),
                None,
            ),
            ("not SSW", base(), None),
        ],
    );
    let findings = ssw(i, "full_time", Some("N5")).check();
    assert!(!has_errors(&findings), "{findings:#?}");
    assert_eq!(
        find(&findings, Code::SswJapaneseLevel).message_en,
        "Specified Skilled Worker (i) needs JLPT N4 or higher (or the JFT-Basic test); the posting asks for N5"
    );
}

#[test]
fn missing_japanese_text() {
    run(
        Code::MissingJapaneseText,
        vec![
            (
                "sponsored, no Japanese",
                Case {
                    japanese: false,
                    ..base()
                },
                Some((Warning, "descriptionJa")),
            ),
            ("sponsored, Japanese", base(), None),
            (
                "not sponsored",
                Case {
                    japanese: false,
                    sponsor: false,
                    types: vec![],
                    ..base()
                },
                None,
            ),
        ],
    );
}

#[test]
fn findings_come_in_a_fixed_order() {
    let case = Case {
        category: Some("software_engineering"),
        employment: "part_time",
        prefecture: Some("tokyo"),
        education: Some("high_school"),
        hours: Some(20.0),
        japanese: false,
        ..base().hourly(1000)
    }
    .sponsoring(&[
        "h1b",
        "specified_skilled_worker_i",
        "student",
        "highly_skilled_professional",
    ]);
    let findings = case.check();
    let codes: Vec<_> = findings.iter().map(|f| f.code).collect();
    assert_eq!(
        codes,
        [
            Code::UnknownVisaType,
            Code::VisaTypeCategoryMismatch,
            Code::VisaTypeNoWorkPermitted,
            Code::BelowMinimumWage,
            Code::EducationRequirementTooLow,
            Code::HspSalaryTooLow,
            Code::SswNotFullTime,
            Code::SswJapaneseLevel,
            Code::MissingJapaneseText,
        ]
    );
    assert_eq!(case.check(), findings);
    assert!(has_errors(&findings));
}

#[test]
fn warnings_alone_do_not_block() {
    let case = Case {
        japanese: false,
        ..base()
    }
    .sponsoring(&["engineer_humanities_international", "permanent_resident"]);
    let findings = case.check();
    assert_eq!(findings.len(), 2, "{findings:#?}");
    assert!(!has_errors(&findings));
}

#[test]
fn salary_period_codes() {
    for period in [
        SalaryPeriod::Hourly,
        SalaryPeriod::Monthly,
        SalaryPeriod::Yearly,
    ] {
        assert_eq!(SalaryPeriod::from_code(period.code()), Some(period));
        assert_eq!(serde_json::to_value(period).unwrap(), period.code());
    }
    assert_eq!(
        SalaryPeriod::from_code(" Monthly "),
        Some(SalaryPeriod::Monthly)
    );
    assert_eq!(SalaryPeriod::from_code("weekly"), None);
    assert_eq!(SalaryPeriod::default(), SalaryPeriod::Yearly);
}
