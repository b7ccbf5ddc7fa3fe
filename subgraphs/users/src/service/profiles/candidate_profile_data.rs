//! A candidate profile's values in domain types: what the service reads from storage, applies
//! changes to, and hands to the schema and the `candidate.profile_updated` event.

use async_graphql::Enum;
use chrono::NaiveDate;
use contracts::{JlptLevel, LanguageSkillLevel};
use serde::{Deserialize, Serialize};

/// How a candidate wants to work. Stored as `remote`, `hybrid`, `office`.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkStyle {
    /// Fully remote.
    Remote,
    /// Partly remote, partly in the office.
    Hybrid,
    /// In the office.
    Office,
}

impl WorkStyle {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Remote => "remote",
            Self::Hybrid => "hybrid",
            Self::Office => "office",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Remote, Self::Hybrid, Self::Office]
            .into_iter()
            .find(|style| style.as_str() == value)
    }
}

/// A language and the level in it: JLPT `N1`–`N5` for Japanese, CEFR `A1`–`C2` for others, or
/// `native` for either.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageSkill {
    /// ISO 639-1 code, lower case (`ja`, `en`, `vi`).
    pub language: String,
    pub level: LanguageSkillLevel,
}

/// An annual pay range in JPY; either bound may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalaryRange {
    pub min: Option<i32>,
    pub max: Option<i32>,
}

/// A candidate profile's values; serialised as a saved version's snapshot (unknown or missing
/// fields read as their defaults, so older snapshots still read).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CandidateProfileData {
    pub nationality: Option<String>,
    pub current_country: Option<String>,
    pub current_city: Option<String>,
    pub visa_status: Option<String>,
    pub visa_expiry_date: Option<NaiveDate>,
    pub work_authorization: bool,
    pub years_experience: i32,
    pub current_salary: SalaryRange,
    pub desired_salary: SalaryRange,
    pub availability_date: Option<NaiveDate>,
    pub technical_skills: Vec<String>,
    pub soft_skills: Vec<String>,
    pub languages: Vec<LanguageSkill>,
    pub certifications: Vec<String>,
    pub preferred_locations: Vec<String>,
    pub preferred_industries: Vec<String>,
    pub work_style: Option<WorkStyle>,
    /// The role the candidate looks for, e.g. `Backend engineer`.
    pub desired_role: Option<String>,
    /// Free text about past work.
    pub experience_summary: Option<String>,
    pub willing_to_relocate: bool,
    /// Who may see the candidate.
    pub visibility: super::disclosures::CandidateVisibility,
}

impl CandidateProfileData {
    /// The Japanese level matching scores from: the JLPT level listed for `ja`; a native
    /// speaker counts as `N1`.
    pub fn jlpt_level(&self) -> Option<JlptLevel> {
        self.languages
            .iter()
            .find(|skill| skill.language == "ja")
            .and_then(|skill| match skill.level {
                LanguageSkillLevel::Native => Some(JlptLevel::N1),
                level => level.jlpt(),
            })
    }
}
