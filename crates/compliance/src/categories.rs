//! Job categories, and which work statuses of residence may do each one's work.
//!
//! A work status of residence in Japan permits a defined set of activities, not "any job". A
//! posting that sponsors a status which cannot do the advertised work would leave the hire unable
//! to get, or keep, their status, so the category a posting is filed under decides which
//! sponsorships it may offer and which candidates may take it.
//!
//! The category → statuses table is data (`data/job_categories.json`) because it follows policy:
//! the Specified Skilled Worker fields in particular have been widened several times.
//!
//! Simplifications, deliberately kept coarse so that the checks block only what is plainly wrong:
//!
//! * Professional categories accept Engineer/Specialist in Humanities/International Services and
//!   Highly Skilled Professional. Intra-company Transferee is accepted for all of them except
//!   language teaching; that the employer belongs to the transferee's corporate group is not
//!   checked.
//! * Business Manager is accepted for `management` only; Professor and Researcher for `research`;
//!   Professor and Instructor for `language_teaching` (universities and public schools).
//! * Skilled Labor covers narrow trades (cooks of foreign cuisine, builders of foreign-style
//!   structures, aircraft pilots, and others). It is accepted for `food_service`, `construction`
//!   and `aviation` without checking the trade, which a category cannot express.
//! * Specified Skilled Worker (i) is accepted in the 16 designated fields, and (ii) in the 11
//!   where it exists (every pre-2024 field except nursing care, which has its own Nursing Care
//!   status). The business sub-classifications inside each field are not checked.
//! * `other` lists no work status: any work status there is flagged for review, not blocked.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::vocab::{StatusClass, status_class};

/// A job category as stored, with its English and Japanese labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobCategory {
    pub code: &'static str,
    pub label_en: &'static str,
    pub label_ja: &'static str,
}

const fn cat(code: &'static str, label_en: &'static str, label_ja: &'static str) -> JobCategory {
    JobCategory {
        code,
        label_en,
        label_ja,
    }
}

/// Every job category a posting can be filed under.
pub const JOB_CATEGORIES: &[JobCategory] = &[
    // Professional work.
    cat(
        "software_engineering",
        "Software engineering",
        "ソフトウェア開発",
    ),
    cat("it_infrastructure", "IT infrastructure", "ITインフラ"),
    cat("data_science", "Data science", "データサイエンス"),
    cat("design", "Design", "デザイン"),
    cat(
        "product_management",
        "Product management",
        "プロダクトマネジメント",
    ),
    cat(
        "sales_marketing",
        "Sales and marketing",
        "営業・マーケティング",
    ),
    cat("finance_accounting", "Finance and accounting", "財務・会計"),
    cat("human_resources", "Human resources", "人事"),
    cat("legal", "Legal", "法務"),
    cat(
        "translation_interpretation",
        "Translation and interpretation",
        "翻訳・通訳",
    ),
    cat("language_teaching", "Language teaching", "語学教育"),
    cat("research", "Research", "研究"),
    cat("management", "Management", "経営・管理"),
    cat("consulting", "Consulting", "コンサルティング"),
    cat("customer_support", "Customer support", "カスタマーサポート"),
    // The Specified Skilled Worker fields.
    cat("nursing_care", "Nursing care", "介護"),
    cat("building_cleaning", "Building cleaning", "ビルクリーニング"),
    cat(
        "industrial_products_manufacturing",
        "Industrial products manufacturing",
        "工業製品製造業",
    ),
    cat("construction", "Construction", "建設"),
    cat(
        "shipbuilding",
        "Shipbuilding and ship machinery",
        "造船・舶用工業",
    ),
    cat(
        "automobile_repair",
        "Automobile repair and maintenance",
        "自動車整備",
    ),
    cat("aviation", "Aviation", "航空"),
    cat("accommodation", "Accommodation", "宿泊"),
    cat("agriculture", "Agriculture", "農業"),
    cat("fishery", "Fishery and aquaculture", "漁業"),
    cat(
        "food_manufacturing",
        "Food and beverage manufacturing",
        "飲食料品製造業",
    ),
    cat("food_service", "Food service", "外食業"),
    cat(
        "automobile_transportation",
        "Automobile transportation",
        "自動車運送業",
    ),
    cat("railway", "Railway", "鉄道"),
    cat("forestry", "Forestry", "林業"),
    cat("wood_industry", "Wood industry", "木材産業"),
    cat("other", "Other", "その他"),
];

/// Look up a category by its (normalised) code.
pub(crate) fn job_category(code: &str) -> Option<&'static JobCategory> {
    JOB_CATEGORIES.iter().find(|c| c.code == code)
}

/// What kind of work a category is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoryKind {
    /// Professional or specialist work.
    Professional,
    /// One of the Specified Skilled Worker designated fields.
    SpecifiedSkilledWorkerField,
    /// Work the table cannot classify (`other`).
    Unclassified,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CategoryRule {
    pub code: String,
    pub kind: CategoryKind,
    pub work_statuses: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CategoryTable {
    #[allow(dead_code)]
    pub description: String,
    #[allow(dead_code)]
    pub as_of: String,
    #[allow(dead_code)]
    pub sources: Vec<String>,
    pub categories: Vec<CategoryRule>,
}

const CATEGORY_DATA: &str = include_str!("../data/job_categories.json");

static CATEGORY_TABLE: LazyLock<CategoryTable> = LazyLock::new(|| {
    let table: CategoryTable =
        serde_json::from_str(CATEGORY_DATA).expect("data/job_categories.json parses");
    if let Err(problem) = validate(&table) {
        panic!("data/job_categories.json: {problem}");
    }
    table
});

fn validate(table: &CategoryTable) -> Result<(), String> {
    let mut seen = HashSet::new();
    for rule in &table.categories {
        if job_category(&rule.code).is_none() {
            return Err(format!("{} is not a job category", rule.code));
        }
        if !seen.insert(rule.code.as_str()) {
            return Err(format!("{} is listed twice", rule.code));
        }
        for status in &rule.work_statuses {
            match status_class(status) {
                Some(StatusClass::Work) => {}
                Some(_) => return Err(format!("{status} in {} is not a work status", rule.code)),
                None => return Err(format!("{status} in {} is not a status", rule.code)),
            }
        }
    }
    if let Some(missing) = JOB_CATEGORIES.iter().find(|c| !seen.contains(c.code)) {
        return Err(format!("{} has no rule", missing.code));
    }
    Ok(())
}

pub(crate) fn category_rule(code: &str) -> Option<&'static CategoryRule> {
    CATEGORY_TABLE.categories.iter().find(|r| r.code == code)
}

/// Whether a status may do a category's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Lawful without further checks.
    Allowed,
    /// Cannot be decided from the category alone; a person should look.
    NeedsReview,
    /// Not lawful.
    NotAllowed,
}

/// Whether a holder of `status` may do work in `category` (both normalised codes).
///
/// Statuses without work restriction and working holiday are allowed everywhere; designated
/// activities always need review; student, dependent, technical intern training and `none` are
/// never allowed by category alone (their limits are about hours and sponsorship, which
/// [`crate::candidate_eligibility`] checks). Work statuses follow the data table.
pub fn category_permits(category: &str, status: &str) -> Permission {
    let Some(class) = status_class(status) else {
        return Permission::NotAllowed;
    };
    match class {
        StatusClass::Unrestricted | StatusClass::WorkingHoliday => Permission::Allowed,
        StatusClass::DesignatedActivities => Permission::NeedsReview,
        StatusClass::NoStatus | StatusClass::StudentOrDependent | StatusClass::TechnicalIntern => {
            Permission::NotAllowed
        }
        StatusClass::Work => match category_rule(category) {
            None => Permission::NotAllowed,
            Some(rule) if rule.work_statuses.iter().any(|s| s == status) => Permission::Allowed,
            Some(rule) if rule.kind == CategoryKind::Unclassified => Permission::NeedsReview,
            Some(_) => Permission::NotAllowed,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::VISA_STATUSES;

    const SSW_FIELDS: [&str; 16] = [
        "nursing_care",
        "building_cleaning",
        "industrial_products_manufacturing",
        "construction",
        "shipbuilding",
        "automobile_repair",
        "aviation",
        "accommodation",
        "agriculture",
        "fishery",
        "food_manufacturing",
        "food_service",
        "automobile_transportation",
        "railway",
        "forestry",
        "wood_industry",
    ];

    #[test]
    fn data_parses_and_uses_only_known_names() {
        let table: CategoryTable = serde_json::from_str(CATEGORY_DATA).unwrap();
        validate(&table).unwrap();
        assert_eq!(table.categories.len(), JOB_CATEGORIES.len());
        for rule in &table.categories {
            assert!(JOB_CATEGORIES.iter().any(|c| c.code == rule.code));
            for status in &rule.work_statuses {
                assert!(VISA_STATUSES.contains(&status.as_str()), "{status}");
            }
        }
        // The lazily parsed table is the same data.
        assert_eq!(CATEGORY_TABLE.categories.len(), JOB_CATEGORIES.len());
    }

    #[test]
    fn validation_rejects_bad_tables() {
        let bad = [
            r#"{"code":"astronaut","kind":"professional","work_statuses":[]}"#,
            r#"{"code":"legal","kind":"professional","work_statuses":["student"]}"#,
            r#"{"code":"legal","kind":"professional","work_statuses":["h1b"]}"#,
        ];
        for rule in bad {
            let json =
                format!(r#"{{"description":"","as_of":"","sources":[],"categories":[{rule}]}}"#);
            let table: CategoryTable = serde_json::from_str(&json).unwrap();
            assert!(validate(&table).is_err(), "{rule}");
        }
    }

    #[test]
    fn labels_are_complete_and_codes_unique() {
        let codes: HashSet<_> = JOB_CATEGORIES.iter().map(|c| c.code).collect();
        assert_eq!(codes.len(), JOB_CATEGORIES.len());
        assert_eq!(JOB_CATEGORIES.len(), 15 + 16 + 1);
        for c in JOB_CATEGORIES {
            assert!(
                !c.label_en.is_empty() && !c.label_ja.is_empty(),
                "{}",
                c.code
            );
        }
    }

    #[test]
    fn specified_skilled_worker_fields() {
        for field in SSW_FIELDS {
            assert_eq!(
                category_rule(field).unwrap().kind,
                CategoryKind::SpecifiedSkilledWorkerField,
                "{field}"
            );
            assert_eq!(
                category_permits(field, "specified_skilled_worker_i"),
                Permission::Allowed,
                "{field}"
            );
        }
        let ssw_ii: Vec<_> = SSW_FIELDS
            .iter()
            .filter(|f| category_permits(f, "specified_skilled_worker_ii") == Permission::Allowed)
            .copied()
            .collect();
        assert_eq!(ssw_ii.len(), 11);
        for field in [
            "nursing_care",
            "automobile_transportation",
            "railway",
            "forestry",
            "wood_industry",
        ] {
            assert!(!ssw_ii.contains(&field), "{field}");
        }
    }

    #[test]
    fn permits_table() {
        use Permission::*;
        let cases = [
            (
                "software_engineering",
                "engineer_humanities_international",
                Allowed,
            ),
            (
                "software_engineering",
                "highly_skilled_professional",
                Allowed,
            ),
            ("software_engineering", "intra_company_transferee", Allowed),
            (
                "software_engineering",
                "specified_skilled_worker_i",
                NotAllowed,
            ),
            ("software_engineering", "nursing_care", NotAllowed),
            (
                "building_cleaning",
                "engineer_humanities_international",
                NotAllowed,
            ),
            ("building_cleaning", "specified_skilled_worker_i", Allowed),
            ("nursing_care", "nursing_care", Allowed),
            ("nursing_care", "specified_skilled_worker_ii", NotAllowed),
            ("management", "business_manager", Allowed),
            ("consulting", "business_manager", NotAllowed),
            ("research", "researcher", Allowed),
            ("language_teaching", "instructor", Allowed),
            ("language_teaching", "intra_company_transferee", NotAllowed),
            ("food_service", "skilled_labor", Allowed),
            ("legal", "skilled_labor", NotAllowed),
            ("other", "engineer_humanities_international", NeedsReview),
            ("other", "permanent_resident", Allowed),
            ("building_cleaning", "spouse_of_japanese", Allowed),
            ("agriculture", "working_holiday", Allowed),
            ("legal", "designated_activities", NeedsReview),
            ("legal", "student", NotAllowed),
            ("legal", "none", NotAllowed),
            ("agriculture", "technical_intern_training", NotAllowed),
            ("legal", "h1b", NotAllowed),
            ("astronaut", "engineer_humanities_international", NotAllowed),
        ];
        for (category, status, expected) in cases {
            assert_eq!(
                category_permits(category, status),
                expected,
                "{category} {status}"
            );
        }
    }
}
