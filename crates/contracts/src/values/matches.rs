//! The values of a match: where the company has got with it, the candidate's answer, and the
//! codes of its explanation. Matching stores and raises them; users reads the answer from
//! `match.status_changed` to decide what a company may see; clients switch on the codes to
//! highlight or translate them. Typed once here.

use super::serde_by_wire_name;

wire_names! {
    /// The employer's workflow of a match.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum MatchStatus {
        /// Scored; nobody at the company has acted on it yet.
        Generated => "generated",
        /// Someone at the company has looked at it.
        Viewed => "viewed",
        /// The company put the candidate on its shortlist.
        Shortlisted => "shortlisted",
        /// The company contacted the candidate.
        Contacted => "contacted",
        /// The company decided against the candidate; it may still move the match on again.
        Rejected => "rejected",
    }
}
serde_by_wire_name!(MatchStatus);

impl MatchStatus {
    /// Why the employer may not move a match from `self` to `to`, if they may not: never back
    /// down the ladder, never back to generated; rejecting, and moving on from a rejection, are
    /// always possible.
    pub fn refuses(self, to: MatchStatus) -> Option<String> {
        if to == Self::Generated && self != Self::Generated {
            return Some("a match cannot go back to generated".into());
        }
        match (self.step(), to.step()) {
            (Some(from), Some(next)) if next < from => Some(format!(
                "a {} match cannot go back to {}",
                self.as_str(),
                to.as_str()
            )),
            _ => None,
        }
    }

    /// The step on the ladder `generated → viewed → shortlisted → contacted`; rejected is off
    /// it.
    pub fn step(self) -> Option<u8> {
        match self {
            Self::Generated => Some(0),
            Self::Viewed => Some(1),
            Self::Shortlisted => Some(2),
            Self::Contacted => Some(3),
            Self::Rejected => None,
        }
    }
}

wire_names! {
    /// The candidate's answer to a match.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum CandidateInterest {
        /// The candidate would like to hear from the company.
        Interested => "interested",
        /// The candidate declined the match.
        NotInterested => "not_interested",
    }
}
serde_by_wire_name!(CandidateInterest);

wire_names! {
    /// What a strength or a gap of a match is about.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum MatchReasonCode {
        /// The candidate holds required skills.
        #[cfg_attr(feature = "graphql", graphql(name = "SKILLS_MATCHED"))]
        SkillsMatched => "SKILLS_MATCHED",
        /// A skill the candidate holds is close to a wanted one.
        #[cfg_attr(feature = "graphql", graphql(name = "SKILL_NEAR_MATCH"))]
        SkillNearMatch => "SKILL_NEAR_MATCH",
        /// Required skills the candidate does not list.
        #[cfg_attr(feature = "graphql", graphql(name = "SKILLS_MISSING"))]
        SkillsMissing => "SKILLS_MISSING",
        /// The candidate has the years of experience asked for.
        #[cfg_attr(feature = "graphql", graphql(name = "EXPERIENCE_MET"))]
        ExperienceMet => "EXPERIENCE_MET",
        /// The candidate has fewer years than asked for.
        #[cfg_attr(feature = "graphql", graphql(name = "EXPERIENCE_SHORT"))]
        ExperienceShort => "EXPERIENCE_SHORT",
        /// The candidate's JLPT level meets the requirement.
        #[cfg_attr(feature = "graphql", graphql(name = "JLPT_MET"))]
        JlptMet => "JLPT_MET",
        /// The candidate's JLPT level is below the requirement.
        #[cfg_attr(feature = "graphql", graphql(name = "JLPT_SHORT"))]
        JlptShort => "JLPT_SHORT",
        /// The job can be done remotely.
        #[cfg_attr(feature = "graphql", graphql(name = "REMOTE_WORK"))]
        RemoteWork => "REMOTE_WORK",
        /// The job is in a prefecture the candidate lives in or wants (private to the company
        /// until disclosed).
        #[cfg_attr(feature = "graphql", graphql(name = "SAME_PREFECTURE"))]
        SamePrefecture => "SAME_PREFECTURE",
        /// The profile reads close to the posting.
        #[cfg_attr(feature = "graphql", graphql(name = "PROFILE_CLOSE"))]
        ProfileClose => "PROFILE_CLOSE",
        /// The profile reads far from the posting.
        #[cfg_attr(feature = "graphql", graphql(name = "PROFILE_DISTANT"))]
        ProfileDistant => "PROFILE_DISTANT",
        /// The posting's remote option fits the candidate's work style.
        #[cfg_attr(feature = "graphql", graphql(name = "WORK_STYLE_FITS"))]
        WorkStyleFits => "WORK_STYLE_FITS",
        /// The posting's remote option differs from the candidate's work style.
        #[cfg_attr(feature = "graphql", graphql(name = "WORK_STYLE_DIFFERS"))]
        WorkStyleDiffers => "WORK_STYLE_DIFFERS",
    }
}
serde_by_wire_name!(MatchReasonCode);

wire_names! {
    /// A risk of going ahead with a match.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum MatchRiskCode {
        /// The candidate would need a new status of residence the posting sponsors.
        #[cfg_attr(feature = "graphql", graphql(name = "VISA_CHANGE_NEEDED"))]
        VisaChangeNeeded => "VISA_CHANGE_NEEDED",
        /// The candidate has not said which status of residence they hold.
        #[cfg_attr(feature = "graphql", graphql(name = "VISA_STATUS_UNSTATED"))]
        VisaStatusUnstated => "VISA_STATUS_UNSTATED",
        /// Whether the status fits could not be checked (no job category, or a status that
        /// needs a person to look).
        #[cfg_attr(feature = "graphql", graphql(name = "VISA_UNCHECKED"))]
        VisaUnchecked => "VISA_UNCHECKED",
        /// The candidate expects more than the posting's range.
        #[cfg_attr(feature = "graphql", graphql(name = "SALARY_ABOVE_RANGE"))]
        SalaryAboveRange => "SALARY_ABOVE_RANGE",
        /// The candidate's status names their current employer: a new one needs permission
        /// for change of status before the candidate starts (Specified Skilled Worker, Highly
        /// Skilled Professional).
        #[cfg_attr(feature = "graphql", graphql(name = "EMPLOYER_CHANGE_NEEDS_PERMISSION"))]
        EmployerChangeNeedsPermission => "EMPLOYER_CHANGE_NEEDS_PERMISSION",
        /// A student or dependent may take the part-time job only with permission for activity
        /// outside status, within 28 hours a week.
        #[cfg_attr(feature = "graphql", graphql(name = "PART_TIME_PERMISSION_NEEDED"))]
        PartTimePermissionNeeded => "PART_TIME_PERMISSION_NEEDED",
        /// The candidate would have to move to the posting's prefecture.
        #[cfg_attr(feature = "graphql", graphql(name = "RELOCATION_NEEDED"))]
        RelocationNeeded => "RELOCATION_NEEDED",
        /// The candidate's status no longer lets them do the job (a match someone works on).
        #[cfg_attr(feature = "graphql", graphql(name = "FAILS_VISA_GATE"))]
        FailsVisaGate => "FAILS_VISA_GATE",
        /// The candidate's Japanese is now two or more levels short (a match someone works on).
        #[cfg_attr(feature = "graphql", graphql(name = "FAILS_JAPANESE_GATE"))]
        FailsJapaneseGate => "FAILS_JAPANESE_GATE",
        /// The job is on site somewhere the candidate will not work (a match someone works on).
        #[cfg_attr(feature = "graphql", graphql(name = "FAILS_LOCATION_GATE"))]
        FailsLocationGate => "FAILS_LOCATION_GATE",
    }
}
serde_by_wire_name!(MatchRiskCode);

impl MatchReasonCode {
    /// Whether the reason's text reveals a private profile field (where the candidate lives).
    pub fn reveals_private(self) -> bool {
        matches!(self, Self::SamePrefecture)
    }
}

impl MatchRiskCode {
    /// Whether the risk's text reveals a private profile field (status of residence, salary
    /// expectation, where the candidate lives); the Japanese-level gate does not.
    pub fn reveals_private(self) -> bool {
        !matches!(self, Self::FailsJapaneseGate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_stay_as_stored() {
        for code in MatchReasonCode::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(
                serde_json::from_str::<MatchReasonCode>(&json).unwrap(),
                *code
            );
        }
        for code in MatchRiskCode::ALL {
            assert_eq!(MatchRiskCode::parse(code.as_str()), Some(*code));
        }
        assert_eq!(MatchStatus::Shortlisted.as_str(), "shortlisted");
        assert_eq!(CandidateInterest::NotInterested.as_str(), "not_interested");
    }

    #[test]
    fn the_ladder_has_rejected_off_it() {
        assert!(MatchStatus::Viewed.step() < MatchStatus::Contacted.step());
        assert_eq!(MatchStatus::Rejected.step(), None);
    }
}
