use super::*;
use crate::Severity::{Error, Warning};
use crate::posting::SalaryPeriod;
use crate::{Severity, VISA_STATUSES, has_errors};

/// Owned storage for a posting's sponsored statuses.
struct Offer {
    category: Option<&'static str>,
    employment: &'static str,
    hours: Option<f32>,
    sponsor: bool,
    types: Vec<String>,
}

fn posting(category: &'static str) -> Offer {
    Offer {
        category: Some(category),
        employment: "full_time",
        hours: None,
        sponsor: false,
        types: Vec::new(),
    }
}

impl Offer {
    fn sponsoring(self, names: &[&str]) -> Self {
        Self {
            sponsor: true,
            types: names.iter().map(|s| s.to_string()).collect(),
            ..self
        }
    }

    fn part_time(self, hours: Option<f32>) -> Self {
        Self {
            employment: "part_time",
            hours,
            ..self
        }
    }

    fn facts(&self) -> PostingFacts<'_> {
        PostingFacts {
            job_category: self.category,
            employment_type: self.employment,
            prefecture: Some("tokyo"),
            remote_option: "none",
            salary_min: Some(4_000_000),
            salary_max: None,
            salary_period: SalaryPeriod::Yearly,
            currency: "JPY",
            weekly_hours: self.hours,
            visa_sponsorship: self.sponsor,
            supported_visa_types: &self.types,
            education: Some("bachelor"),
            min_experience_years: 0,
            jlpt_required: Some("N3"),
            has_japanese_text: true,
        }
    }

    fn check(&self, status: &str) -> Eligibility {
        let result = candidate_eligibility(status, &self.facts());
        // Consistency of the answer with its findings.
        if result.eligible {
            assert!(!has_errors(&result.findings), "{status}: {result:#?}");
        } else {
            assert!(has_errors(&result.findings), "{status}: {result:#?}");
            assert!(!result.needs_visa_change);
        }
        for f in &result.findings {
            assert!(Code::ALL.contains(&f.code));
            assert_eq!(f.severity, f.code.severity(), "{f:?}");
            assert!(f.code.fields().contains(&f.field), "{f:?}");
            assert!(!f.message_en.is_empty() && !f.message_ja.is_empty());
        }
        result
    }
}

fn codes(result: &Eligibility) -> Vec<(Code, Severity)> {
    result
        .findings
        .iter()
        .map(|f| (f.code, f.severity))
        .collect()
}

/// (case, status, posting, eligible, needs_visa_change, findings)
type Row = (
    &'static str,
    &'static str,
    Offer,
    bool,
    bool,
    Vec<(Code, Severity)>,
);

fn run(rows: Vec<Row>) {
    for (name, status, posting, eligible, change, findings) in rows {
        let result = posting.check(status);
        assert_eq!(result.eligible, eligible, "{name}: {result:#?}");
        assert_eq!(result.needs_visa_change, change, "{name}: {result:#?}");
        assert_eq!(codes(&result), findings, "{name}");
    }
}

#[test]
fn the_required_scenarios() {
    run(vec![
        (
            "permanent resident, professional",
            "permanent_resident",
            posting("software_engineering"),
            true,
            false,
            vec![],
        ),
        (
            "permanent resident, cleaning",
            "permanent_resident",
            posting("building_cleaning"),
            true,
            false,
            vec![],
        ),
        (
            "permanent resident, other",
            "permanent_resident",
            posting("other"),
            true,
            false,
            vec![],
        ),
        (
            "permanent resident, part-time",
            "permanent_resident",
            posting("food_service").part_time(Some(35.0)),
            true,
            false,
            vec![],
        ),
        (
            "EHI, software",
            "engineer_humanities_international",
            posting("software_engineering"),
            true,
            false,
            vec![],
        ),
        (
            "EHI, building cleaning",
            "engineer_humanities_international",
            posting("building_cleaning"),
            false,
            false,
            vec![(Code::StatusNotPermittedForCategory, Error)],
        ),
        (
            "none, sponsorship fits",
            "none",
            posting("software_engineering").sponsoring(&["engineer_humanities_international"]),
            true,
            true,
            vec![(Code::VisaChangeRequired, Warning)],
        ),
        (
            "none, no sponsorship",
            "none",
            posting("software_engineering"),
            false,
            false,
            vec![(Code::NoStatusWithoutSponsorship, Error)],
        ),
        (
            "student, part-time 20 h",
            "student",
            posting("food_service").part_time(Some(20.0)),
            true,
            false,
            vec![(Code::PartTimePermissionRequired, Warning)],
        ),
        (
            "student, full-time",
            "student",
            posting("software_engineering"),
            false,
            false,
            vec![(Code::StudentWorkLimit, Error)],
        ),
        (
            "SSW-i, nursing care",
            "specified_skilled_worker_i",
            posting("nursing_care"),
            true,
            false,
            vec![(Code::EmployerChangeNeedsPermission, Warning)],
        ),
        (
            "SSW-i, software",
            "specified_skilled_worker_i",
            posting("software_engineering"),
            false,
            false,
            vec![(Code::StatusNotPermittedForCategory, Error)],
        ),
    ]);
}

#[test]
fn unrestricted_statuses_may_do_any_work() {
    for status in [
        "japanese_national",
        "permanent_resident",
        "spouse_of_japanese",
        "spouse_of_permanent_resident",
        "long_term_resident",
    ] {
        for category in [
            "software_engineering",
            "building_cleaning",
            "nursing_care",
            "other",
        ] {
            let result = posting(category).check(status);
            assert!(result.eligible && !result.needs_visa_change && result.findings.is_empty());
        }
        // Even a posting without a category.
        let result = Offer {
            category: None,
            ..posting("other")
        }
        .check(status);
        assert!(result.eligible, "{status}");
    }
}

#[test]
fn students_and_dependents() {
    let limit = vec![(Code::StudentWorkLimit, Error)];
    let permission = vec![(Code::PartTimePermissionRequired, Warning)];
    run(vec![
        (
            "student, 28 h",
            "student",
            posting("customer_support").part_time(Some(28.0)),
            true,
            false,
            permission.clone(),
        ),
        (
            "dependent, 20 h",
            "dependent",
            posting("food_service").part_time(Some(20.0)),
            true,
            false,
            permission.clone(),
        ),
        (
            "student, 28.5 h",
            "student",
            posting("food_service").part_time(Some(28.5)),
            false,
            false,
            limit.clone(),
        ),
        (
            "student, part-time, hours unknown",
            "student",
            posting("food_service").part_time(None),
            false,
            false,
            limit.clone(),
        ),
        (
            "dependent, contract",
            "dependent",
            Offer {
                employment: "contract",
                hours: Some(20.0),
                ..posting("legal")
            },
            false,
            false,
            limit.clone(),
        ),
        (
            "graduating student, full-time with sponsorship",
            "student",
            posting("software_engineering").sponsoring(&["engineer_humanities_international"]),
            true,
            true,
            vec![(Code::VisaChangeRequired, Warning)],
        ),
        (
            "student, sponsorship that does not fit",
            "student",
            posting("software_engineering").sponsoring(&["specified_skilled_worker_i"]),
            false,
            false,
            limit,
        ),
    ]);
    let result = posting("food_service")
        .part_time(Some(32.0))
        .check("student");
    assert_eq!(result.findings[0].field, "weeklyHours");
    assert_eq!(
        result.findings[0].message_en,
        "Student holders may work at most 28 hours a week; this posting asks for 32"
    );
    let result = posting("software_engineering").check("student");
    assert_eq!(result.findings[0].field, "employmentType");
}

#[test]
fn work_statuses_follow_the_category_table() {
    let ok = |s| (s, true);
    let cases = [
        (
            "software_engineering",
            ok("engineer_humanities_international"),
        ),
        ("software_engineering", ok("highly_skilled_professional")),
        ("software_engineering", ok("intra_company_transferee")),
        ("management", ok("business_manager")),
        ("research", ok("researcher")),
        ("research", ok("professor")),
        ("language_teaching", ok("instructor")),
        ("food_service", ok("skilled_labor")),
        ("nursing_care", ok("nursing_care")),
        ("railway", ok("specified_skilled_worker_i")),
        ("construction", ok("specified_skilled_worker_ii")),
        ("railway", ("specified_skilled_worker_ii", false)),
        ("nursing_care", ("specified_skilled_worker_ii", false)),
        ("legal", ("skilled_labor", false)),
        ("sales_marketing", ("business_manager", false)),
        ("agriculture", ("highly_skilled_professional", false)),
        ("building_cleaning", ("nursing_care", false)),
    ];
    for (category, (status, eligible)) in cases {
        let result = posting(category).check(status);
        assert_eq!(
            result.eligible, eligible,
            "{status} in {category}: {result:#?}"
        );
        assert!(!result.needs_visa_change);
    }
}

#[test]
fn changing_status_through_sponsorship() {
    run(vec![
        (
            "EHI moving into sponsored SSW-i cleaning",
            "engineer_humanities_international",
            posting("building_cleaning").sponsoring(&["specified_skilled_worker_i"]),
            true,
            true,
            vec![(Code::VisaChangeRequired, Warning)],
        ),
        (
            "none, sponsorship for the wrong category",
            "none",
            posting("software_engineering").sponsoring(&["specified_skilled_worker_i"]),
            false,
            false,
            vec![(Code::NoStatusWithoutSponsorship, Error)],
        ),
        (
            "none, only a non-work status listed",
            "none",
            posting("software_engineering").sponsoring(&["student", "permanent_resident"]),
            false,
            false,
            vec![(Code::NoStatusWithoutSponsorship, Error)],
        ),
        (
            "none, the fitting status is found among others",
            "none",
            posting("nursing_care").sponsoring(&[
                "h1b",
                "engineer_humanities_international",
                "nursing_care",
            ]),
            true,
            true,
            vec![(Code::VisaChangeRequired, Warning)],
        ),
        (
            "none, category other needs review",
            "none",
            posting("other").sponsoring(&["engineer_humanities_international"]),
            true,
            true,
            vec![
                (Code::VisaChangeRequired, Warning),
                (Code::StatusNeedsReview, Warning),
            ],
        ),
        (
            "none, sponsorship but no category",
            "none",
            Offer {
                category: None,
                ..posting("other")
            }
            .sponsoring(&["engineer_humanities_international"]),
            false,
            false,
            vec![
                (Code::NoStatusWithoutSponsorship, Error),
                (Code::MissingJobCategory, Error),
            ],
        ),
        (
            "sponsorship flag off",
            "none",
            Offer {
                sponsor: false,
                ..posting("software_engineering").sponsoring(&["engineer_humanities_international"])
            },
            false,
            false,
            vec![(Code::NoStatusWithoutSponsorship, Error)],
        ),
    ]);
    let result = posting("software_engineering")
        .sponsoring(&["engineer_humanities_international"])
        .check("none");
    assert_eq!(
        result.findings[0].message_en,
        "The candidate has no Japanese status of residence yet; they can take this job once granted \
         Engineer/Specialist in Humanities/International Services, which the posting sponsors. \
         Steps: the employer applies to the regional immigration bureau for a Certificate of \
         Eligibility for Engineer/Specialist in Humanities/International Services; with it the \
         candidate obtains the visa at a Japanese embassy or consulate and may start work after \
         entering Japan"
    );
}

#[test]
fn specified_skilled_workers_only_in_direct_full_time_employment() {
    let dispatched = |category| Offer {
        employment: "temporary",
        ..posting(category)
    };
    run(vec![
        (
            "SSW-i, part-time care",
            "specified_skilled_worker_i",
            posting("nursing_care").part_time(Some(20.0)),
            false,
            false,
            vec![(Code::SswNotFullTime, Error)],
        ),
        (
            "SSW-ii, 25 hours a week of construction",
            "specified_skilled_worker_ii",
            Offer {
                hours: Some(25.0),
                ..posting("construction")
            },
            false,
            false,
            vec![(Code::SswNotFullTime, Error)],
        ),
        (
            "SSW-i, dispatched to a food factory",
            "specified_skilled_worker_i",
            dispatched("food_manufacturing"),
            false,
            false,
            vec![(Code::SswNotFullTime, Error)],
        ),
        (
            "SSW-i, dispatched to a farm",
            "specified_skilled_worker_i",
            dispatched("agriculture"),
            true,
            false,
            vec![(Code::EmployerChangeNeedsPermission, Warning)],
        ),
        (
            "SSW-i, full-time care",
            "specified_skilled_worker_i",
            Offer {
                hours: Some(40.0),
                ..posting("nursing_care")
            },
            true,
            false,
            vec![(Code::EmployerChangeNeedsPermission, Warning)],
        ),
    ]);
}

#[test]
fn special_statuses() {
    run(vec![
        (
            "working holiday",
            "working_holiday",
            posting("food_service").part_time(Some(35.0)),
            true,
            false,
            vec![(Code::WorkingHolidayTemporary, Warning)],
        ),
        (
            "designated activities",
            "designated_activities",
            posting("software_engineering"),
            true,
            false,
            vec![(Code::DesignatedActivitiesReview, Warning)],
        ),
        (
            "technical intern",
            "technical_intern_training",
            posting("agriculture"),
            false,
            false,
            vec![(Code::TechnicalInternNotHireable, Error)],
        ),
        (
            "technical intern, even with SSW sponsorship",
            "technical_intern_training",
            posting("agriculture").sponsoring(&["specified_skilled_worker_i"]),
            false,
            false,
            vec![(Code::TechnicalInternNotHireable, Error)],
        ),
        (
            "work status in other",
            "engineer_humanities_international",
            posting("other"),
            true,
            false,
            vec![(Code::StatusNeedsReview, Warning)],
        ),
        (
            "HSP keeps its status but needs permission",
            "highly_skilled_professional",
            posting("data_science"),
            true,
            false,
            vec![(Code::EmployerChangeNeedsPermission, Warning)],
        ),
    ]);
}

#[test]
fn unreadable_inputs() {
    run(vec![
        (
            "unknown status",
            "h1b",
            posting("software_engineering"),
            false,
            false,
            vec![(Code::UnknownVisaStatus, Error)],
        ),
        (
            "blank status",
            " ",
            posting("software_engineering"),
            false,
            false,
            vec![(Code::UnknownVisaStatus, Error)],
        ),
        (
            "work status, no category",
            "engineer_humanities_international",
            Offer {
                category: None,
                ..posting("other")
            },
            false,
            false,
            vec![(Code::MissingJobCategory, Error)],
        ),
        (
            "work status, unknown category",
            "engineer_humanities_international",
            Offer {
                category: Some("astronaut"),
                ..posting("other")
            },
            false,
            false,
            vec![(Code::UnknownJobCategory, Error)],
        ),
        (
            "normalised status spelling",
            " Engineer-Humanities International ",
            posting("software_engineering"),
            true,
            false,
            vec![],
        ),
    ]);
}

#[test]
fn every_status_gets_an_answer() {
    for status in VISA_STATUSES {
        for category in ["software_engineering", "nursing_care", "other"] {
            // Panics or inconsistencies are caught by `check`.
            posting(category).check(status);
            posting(category).part_time(Some(20.0)).check(status);
            posting(category)
                .sponsoring(&[
                    "engineer_humanities_international",
                    "specified_skilled_worker_i",
                ])
                .check(status);
        }
    }
}

#[test]
fn eligibility_serializes_for_the_api() {
    let result = posting("software_engineering").check("permanent_resident");
    assert_eq!(
        serde_json::to_value(&result).unwrap(),
        serde_json::json!({"eligible": true, "needsVisaChange": false, "findings": []})
    );
}
