//! The closed sets of values a user has: role, status, language. Stored as lower-case strings.

use async_graphql::Enum;

/// A role: a user's primary one, and every one held (`User.roles`, `assignRole`). Stored and
/// carried in tokens as the lower-case forms: `candidate`, `employer`, `recruiter`,
/// `hr_manager`, `admin`.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Looks for work in Japan; keeps a candidate profile. Open to anyone at sign-up.
    Candidate,
    /// Hires for a company. Open to anyone at sign-up.
    Employer,
    /// Recruits for a company, in house or from an agency. Open to anyone at sign-up.
    Recruiter,
    /// Manages a company's HR. Not open at sign-up: granted by an administrator, or given to an
    /// account created from an HR-manager invitation.
    HrManager,
    /// Administers the platform. Not open at sign-up: granted by an administrator.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Candidate => "candidate",
            Self::Employer => "employer",
            Self::Recruiter => "recruiter",
            Self::HrManager => "hr_manager",
            Self::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Candidate,
            Self::Employer,
            Self::Recruiter,
            Self::HrManager,
            Self::Admin,
        ]
        .into_iter()
        .find(|role| role.as_str() == value)
    }

    /// Roles anyone may pick at sign-up; staff roles are granted by admins.
    pub fn self_service(self) -> bool {
        matches!(self, Self::Candidate | Self::Employer | Self::Recruiter)
    }
}

/// Where an account stands (typed once, in `contracts`: matching reads it from events).
pub use contracts::UserStatus;

/// The language the platform uses with a user: the interface, mail and error messages.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum Language {
    /// Japanese; the default.
    #[default]
    Ja,
    /// English.
    En,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ja => "ja",
            Self::En => "en",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "ja" => Some(Self::Ja),
            "en" => Some(Self::En),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_strings_round_trip() {
        for role in [Role::Candidate, Role::HrManager, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        for status in [UserStatus::PendingVerification, UserStatus::Deleted] {
            assert_eq!(UserStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn staff_roles_are_not_self_service() {
        assert!(Role::Candidate.self_service());
        assert!(!Role::HrManager.self_service());
        assert!(!Role::Admin.self_service());
    }
}
