//! The statuses of residence a candidate may hold and a company may sponsor, as stored names.
//! One list for both, so a candidate's status and a company's supported types compare as
//! equal strings (matching and compliance rely on that).

/// Japan's statuses of residence relevant to hiring, plus `none` (no Japanese visa yet) and
/// `japanese_national`.
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

/// The stored name of a status (`Engineer_Humanities_International` → lower case), or a
/// problem when it is not one of [`VISA_STATUSES`].
pub fn normalize_visa_status(status: &str) -> Result<String, &'static str> {
    let status = status.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    if VISA_STATUSES.contains(&status.as_str()) {
        Ok(status)
    } else {
        Err("is not a known status of residence")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_normalised_to_known_names() {
        assert_eq!(
            normalize_visa_status(" Specified Skilled Worker I ").as_deref(),
            Ok("specified_skilled_worker_i")
        );
        assert_eq!(
            normalize_visa_status("highly-skilled-professional").as_deref(),
            Ok("highly_skilled_professional")
        );
        assert!(normalize_visa_status("tourist").is_err());
    }
}
