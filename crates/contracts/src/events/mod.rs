//! Domain events: each name once, as [`EventName`], and each payload as a struct that the
//! producer serializes and the consumer deserializes, so both sides read one definition.
//!
//! Names follow the seeds (`user.created`, `job.published`, `match.completed`, …). Payloads
//! evolve additively: a new field is optional or `#[serde(default)]`, so events already in an
//! outbox or a stream still decode; a change that old consumers could not read takes a new
//! event name.

mod applications;
mod companies;
mod jobs;
mod matching;
mod users;

pub use applications::{
    ApplicationStatusChanged, ApplicationSubmitted, InterviewChanged, OfferAnswered, OfferMade,
};
pub use companies::{
    CompanyFacts, CompanyMemberAdded, CompanyMemberRemoved, CompanyProfileCreated,
    CompanyProfileUpdated, CompanyVerificationChanged,
};
pub use jobs::{JobDetails, JobPosted, JobStatusChanged};
pub use matching::{MatchCompleted, MatchStatusChanged};
pub use users::{
    CandidateLanguage, CandidateProfileUpdated, UserCreated, UserDeleted, UserEmailVerified,
    UserLogin, UserLogout, UserMfaEnabled, UserPasswordChanged, UserProfileCompleted,
    UserSecurityViolation, UserStatusChanged, UserUpdated,
};

use serde::Serialize;
use serde::de::DeserializeOwned;

wire_names! {
    /// Every event the subgraphs publish; `as_str` is the envelope's `eventType`.
    pub enum EventName {
        UserCreated => "user.created",
        UserUpdated => "user.updated",
        UserActivated => "user.activated",
        UserDeactivated => "user.deactivated",
        UserDeleted => "user.deleted",
        UserEmailVerified => "user.email_verified",
        UserLogin => "user.login",
        UserLogout => "user.logout",
        UserMfaEnabled => "user.mfa_enabled",
        UserPasswordChanged => "user.password_changed",
        UserProfileCompleted => "user.profile_completed",
        UserSecurityViolation => "user.security_violation",
        CandidateProfileUpdated => "candidate.profile_updated",
        CompanyProfileCreated => "company.profile_created",
        CompanyProfileUpdated => "company.profile_updated",
        CompanyMemberAdded => "company.member_added",
        CompanyMemberRemoved => "company.member_removed",
        CompanyVerificationChanged => "company.verification_changed",
        JobPosted => "job.posted",
        JobUpdated => "job.updated",
        JobPublished => "job.published",
        JobClosed => "job.closed",
        JobArchived => "job.archived",
        MatchCompleted => "match.completed",
        MatchStatusChanged => "match.status_changed",
        ApplicationSubmitted => "application.submitted",
        ApplicationStatusChanged => "application.status_changed",
        OfferMade => "offer.made",
        OfferAnswered => "offer.answered",
        InterviewScheduled => "interview.scheduled",
        InterviewChanged => "interview.changed",
    }
}

/// A payload and the event names it travels under: most payloads have one name; a status
/// change has one per status it reaches.
pub trait EventPayload: Serialize + DeserializeOwned {
    /// Every name this payload is published under.
    const NAMES: &'static [EventName];

    /// The name this value is published under.
    fn name(&self) -> EventName;
}

/// Implements [`EventPayload`] for payloads that travel under one name.
macro_rules! one_name {
    ($($payload:ty => $name:ident,)*) => {
        $(
            impl $crate::events::EventPayload for $payload {
                const NAMES: &'static [$crate::events::EventName] =
                    &[$crate::events::EventName::$name];

                fn name(&self) -> $crate::events::EventName {
                    $crate::events::EventName::$name
                }
            }
        )*
    };
}
use one_name;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_name_is_unique_and_parses_back() {
        let mut seen = HashSet::new();
        for name in EventName::ALL {
            assert!(seen.insert(name.as_str()), "{name} twice");
            assert_eq!(EventName::parse(name.as_str()), Some(*name));
        }
        assert_eq!(EventName::parse("job.publish"), None);
    }

    /// Events already sitting in outboxes and streams were written as JSON by hand before the
    /// payloads were typed; they still decode, field for field.
    #[test]
    fn payloads_written_before_typing_still_decode() {
        let job = uuid::Uuid::now_v7();
        let company = uuid::Uuid::now_v7();
        let status: JobStatusChanged = serde_json::from_value(serde_json::json!({
            "jobId": job, "companyId": company, "status": "published", "title": "SRE",
            "requiredSkills": ["rust"], "minExperienceYears": 2, "jlptRequired": "N3",
            "visaSponsorship": true,
        }))
        .unwrap();
        assert_eq!(status.name(), EventName::JobPublished);
        assert_eq!(status.required_skills, ["rust"]);
        assert_eq!(status.jlpt_required, Some(crate::JlptLevel::N3));
        let member: CompanyMemberAdded = serde_json::from_value(serde_json::json!({
            "companyId": company, "userId": job, "role": "hr_manager",
        }))
        .unwrap();
        assert_eq!(member.role, crate::CompanyMemberRole::HrManager);
        let created: CompanyProfileCreated = serde_json::from_value(serde_json::json!({
            "companyId": company, "name": "Acme", "createdBy": job, "visaSponsorship": false,
        }))
        .unwrap();
        assert_eq!(created.creator_role(), crate::CompanyMemberRole::Employer);
        let profile: CandidateProfileUpdated = serde_json::from_value(serde_json::json!({
            "userId": job, "skills": ["go"], "jlptLevel": null, "visaStatus": "engineer",
            "yearsExperience": 4, "softSkills": [], "languages": [{"language": "ja", "level": "N2"}],
            "workAuthorization": true, "workStyle": "remote", "desiredSalaryMin": 4000000,
            "desiredSalaryMax": null, "preferredLocations": ["Tokyo"], "changedFields": ["bio"],
        }))
        .unwrap();
        assert_eq!(profile.languages[0].level, crate::LanguageSkillLevel::N2);
        assert_eq!(profile.desired_salary_min, Some(4_000_000));
        let updated: UserUpdated = serde_json::from_value(serde_json::json!({
            "userId": job, "changedFields": ["phone"], "profileCompleteness": 0.5,
        }))
        .unwrap();
        assert_eq!(updated.profile_completeness, Some(0.5));
    }

    #[test]
    fn payloads_are_camel_case_on_the_wire() {
        let completed = MatchCompleted {
            match_id: uuid::Uuid::nil(),
            job_id: uuid::Uuid::nil(),
            candidate_id: uuid::Uuid::nil(),
            score: 0.5,
            previous_score: None,
            score_version: 1,
            company_id: None,
        };
        let wire = serde_json::to_value(&completed).unwrap();
        let mut keys: Vec<&str> = wire
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "candidateId",
                "companyId",
                "jobId",
                "matchId",
                "previousScore",
                "score",
                "scoreVersion"
            ]
        );
    }

    #[test]
    fn every_name_is_carried_by_exactly_one_payload() {
        let carried: Vec<EventName> = [
            UserCreated::NAMES,
            UserUpdated::NAMES,
            UserStatusChanged::NAMES,
            UserDeleted::NAMES,
            UserEmailVerified::NAMES,
            UserLogin::NAMES,
            UserLogout::NAMES,
            UserMfaEnabled::NAMES,
            UserPasswordChanged::NAMES,
            UserProfileCompleted::NAMES,
            UserSecurityViolation::NAMES,
            CandidateProfileUpdated::NAMES,
            CompanyProfileCreated::NAMES,
            CompanyProfileUpdated::NAMES,
            CompanyMemberAdded::NAMES,
            CompanyMemberRemoved::NAMES,
            CompanyVerificationChanged::NAMES,
            JobPosted::NAMES,
            JobStatusChanged::NAMES,
            MatchCompleted::NAMES,
            MatchStatusChanged::NAMES,
            ApplicationSubmitted::NAMES,
            ApplicationStatusChanged::NAMES,
            OfferMade::NAMES,
            OfferAnswered::NAMES,
            InterviewChanged::NAMES,
        ]
        .concat();
        for name in EventName::ALL {
            let carriers = carried.iter().filter(|carried| *carried == name).count();
            assert_eq!(carriers, 1, "{name} is carried by {carriers} payloads");
        }
        assert_eq!(carried.len(), EventName::ALL.len());
    }
}
