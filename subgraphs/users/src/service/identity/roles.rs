//! The closed sets of values a user has: role, status, language. Stored as lower-case strings.

use async_graphql::Enum;

#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Role {
    Candidate,
    Employer,
    Recruiter,
    HrManager,
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

#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum UserStatus {
    PendingVerification,
    Active,
    Suspended,
    Inactive,
    Deleted,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PendingVerification => "pending_verification",
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Inactive => "inactive",
            Self::Deleted => "deleted",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::PendingVerification,
            Self::Active,
            Self::Suspended,
            Self::Inactive,
            Self::Deleted,
        ]
        .into_iter()
        .find(|status| status.as_str() == value)
    }
}

#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    Ja,
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
