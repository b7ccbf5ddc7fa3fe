//! The domain values the subgraphs agree on, typed once: company member roles, JLPT levels,
//! posting statuses, salary currencies, match statuses and explanation codes, prefectures,
//! statuses of residence and job categories. Each is stored in the database and carried in events as the same lower-
//! or upper-case string it always was (`hr_manager`, `N2`, `JPY`), so rows and outbox events
//! written before these types existed still decode; with the `graphql` feature each is also the
//! GraphQL enum the subgraphs expose, so a client sees the closed set in introspection instead
//! of a `String` and a typo is refused before any resolver runs.

mod application;
mod company_verification;
mod currency;
mod jlpt;
mod job_category;
mod job_status;
mod language_level;
mod matches;
mod member_role;
mod prefecture;
mod status_of_residence;
mod user_status;

pub use application::{ApplicationActor, ApplicationSource, ApplicationStatus, RejectionReason};
pub use company_verification::CompanyVerificationStatus;
pub use currency::Currency;
pub use jlpt::JlptLevel;
pub use job_category::JobCategoryCode;
pub use job_status::JobStatus;
pub use language_level::LanguageSkillLevel;
pub use matches::{CandidateInterest, MatchReasonCode, MatchRiskCode, MatchStatus};
pub use member_role::CompanyMemberRole;
pub use prefecture::Prefecture;
pub use status_of_residence::StatusOfResidence;
pub use user_status::UserStatus;

/// Serialises a [`wire_names!`] enum as its wire string and refuses any other string, naming
/// the values it accepts.
macro_rules! serde_by_wire_name {
    ($name:ident) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let wire = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::parse(&wire).ok_or_else(|| {
                    let known: Vec<&str> = Self::ALL.iter().map(|value| value.as_str()).collect();
                    serde::de::Error::custom(format!(
                        "unknown {} `{wire}`, expected one of {}",
                        stringify!($name),
                        known.join(", ")
                    ))
                })
            }
        }
    };
}
pub(crate) use serde_by_wire_name;
