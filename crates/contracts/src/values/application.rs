//! Applications: where one is in the hiring pipeline, why a company turned it down, and where
//! the candidate came from. The jobs subgraph owns applications; users (who reads a candidate)
//! and matching read their events, so the values are typed here once.

use super::serde_by_wire_name;

wire_names! {
    /// Where an application is: `SUBMITTED` → `SCREENING` → `INTERVIEW` → `OFFER` → `HIRED`,
    /// or `REJECTED` (by the company) or `WITHDRAWN` (by the candidate) from any open step.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum ApplicationStatus {
        /// Sent by the candidate; the company has not acted on it yet.
        Submitted => "submitted",
        /// The company is reviewing it.
        Screening => "screening",
        /// The company wants to interview the candidate.
        Interview => "interview",
        /// The company made an offer; the candidate has not answered it yet.
        Offer => "offer",
        /// The candidate accepted an offer. Final.
        Hired => "hired",
        /// The company turned the application down. Final.
        Rejected => "rejected",
        /// The candidate withdrew it (or deleted their account). Final.
        Withdrawn => "withdrawn",
    }
}
serde_by_wire_name!(ApplicationStatus);

impl ApplicationStatus {
    /// Open applications can still move; one candidate holds at most one open application per
    /// posting.
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Hired | Self::Rejected | Self::Withdrawn)
    }

    /// The place of an open step on the way to `HIRED` (final statuses have none).
    fn rank(self) -> Option<u8> {
        match self {
            Self::Submitted => Some(0),
            Self::Screening => Some(1),
            Self::Interview => Some(2),
            Self::Offer => Some(3),
            Self::Hired | Self::Rejected | Self::Withdrawn => None,
        }
    }

    /// Whether a company member may move an application from `self` to `to` by hand: forward
    /// to `SCREENING` or `INTERVIEW` (a step may be skipped), or `REJECTED` from any open step.
    /// `OFFER` is reached by making an offer and `HIRED` by its acceptance, never by hand;
    /// `WITHDRAWN` is the candidate's.
    pub fn company_may_move(self, to: ApplicationStatus) -> bool {
        match to {
            Self::Rejected => self.is_open(),
            Self::Screening | Self::Interview => match (self.rank(), to.rank()) {
                (Some(from), Some(to)) => to > from,
                _ => false,
            },
            Self::Submitted | Self::Offer | Self::Hired | Self::Withdrawn => false,
        }
    }
}

wire_names! {
    /// Why a company turned an application down; the candidate reads it in their language.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum RejectionReason {
        /// The skills the job needs are not there.
        SkillsMismatch => "skills_mismatch",
        /// Not enough experience for the job.
        Experience => "experience",
        /// Japanese (or another language) below what the job needs.
        Language => "language",
        /// The candidate's status of residence does not allow this job, and no change of
        /// status is possible for it.
        Visa => "visa",
        /// The position was filled.
        PositionFilled => "position_filled",
        /// The candidate did not answer the company.
        NoResponse => "no_response",
        /// Another reason; the message says which.
        Other => "other",
    }
}
serde_by_wire_name!(RejectionReason);

impl RejectionReason {
    /// What the candidate reads, in English and in Japanese.
    pub fn text(self, japanese: bool) -> &'static str {
        match (self, japanese) {
            (Self::SkillsMismatch, false) => "Your skills did not match what this job needs.",
            (Self::SkillsMismatch, true) => "この求人に必要なスキルと合致しませんでした。",
            (Self::Experience, false) => "This job needs more experience.",
            (Self::Experience, true) => "この求人にはより多くの実務経験が必要です。",
            (Self::Language, false) => "This job needs a higher language level.",
            (Self::Language, true) => "この求人にはより高い語学力が必要です。",
            (Self::Visa, false) => "Your status of residence does not allow this job.",
            (Self::Visa, true) => "現在の在留資格ではこの仕事に就くことができません。",
            (Self::PositionFilled, false) => "The position has been filled.",
            (Self::PositionFilled, true) => "この求人の採用枠は埋まりました。",
            (Self::NoResponse, false) => "The company did not hear back from you.",
            (Self::NoResponse, true) => "企業からの連絡に返信がありませんでした。",
            (Self::Other, false) => "The company decided not to go on with your application.",
            (Self::Other, true) => "企業は今回の応募を見送ることにしました。",
        }
    }
}

wire_names! {
    /// Where the candidate found the posting they applied to.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum ApplicationSource {
        /// From search results.
        Search => "search",
        /// From a match the platform recommended.
        Recommendation => "recommendation",
        /// From a link to the posting (shared, or the company's own site).
        DirectLink => "direct_link",
    }
}
serde_by_wire_name!(ApplicationSource);

wire_names! {
    /// Who moved an application.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum ApplicationActor {
        /// The candidate (applied, withdrew, answered an offer).
        Candidate => "candidate",
        /// A member of the company (or an administrator acting for it).
        Company => "company",
        /// The platform (an account deleted, a posting filled).
        System => "system",
    }
}
serde_by_wire_name!(ApplicationActor);

#[cfg(test)]
mod tests {
    use super::ApplicationStatus::*;
    use super::*;

    #[test]
    fn statuses_keep_their_stored_names() {
        let wire: Vec<&str> = ApplicationStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            wire,
            [
                "submitted",
                "screening",
                "interview",
                "offer",
                "hired",
                "rejected",
                "withdrawn"
            ]
        );
    }

    #[test]
    fn companies_move_forward_or_reject_open_applications_only() {
        assert!(Submitted.company_may_move(Screening));
        assert!(Submitted.company_may_move(Interview));
        assert!(Screening.company_may_move(Interview));
        assert!(!Interview.company_may_move(Screening));
        assert!(!Screening.company_may_move(Screening));
        assert!(!Interview.company_may_move(Offer));
        assert!(!Offer.company_may_move(Hired));
        assert!(!Submitted.company_may_move(Withdrawn));
        for open in [Submitted, Screening, Interview, Offer] {
            assert!(open.company_may_move(Rejected), "{open}");
        }
        for closed in [Hired, Rejected, Withdrawn] {
            for to in ApplicationStatus::ALL {
                assert!(!closed.company_may_move(*to), "{closed} → {to}");
            }
        }
    }

    #[test]
    fn every_reason_reads_in_both_languages() {
        for reason in RejectionReason::ALL {
            assert!(reason.text(false).is_ascii(), "{reason}");
            assert!(!reason.text(true).is_ascii(), "{reason}");
        }
    }
}
