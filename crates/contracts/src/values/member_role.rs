//! What a person does for a company. The users subgraph owns memberships; jobs and matching keep
//! read-copies of them and decide from the role who writes postings and who reads matches, so
//! the role and what it allows are written here once.

use super::serde_by_wire_name;

wire_names! {
    /// What a person does for a company. Stored as `employer`, `recruiter`, `hr_manager`.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum CompanyMemberRole {
        /// Runs the company's hiring; adds members.
        Employer => "employer",
        /// Recruits for the company (in house or from an agency).
        Recruiter => "recruiter",
        /// Manages HR; adds members.
        HrManager => "hr_manager",
    }
}
serde_by_wire_name!(CompanyMemberRole);

impl CompanyMemberRole {
    /// Member roles that may add, invite and remove other members.
    pub fn manages_members(self) -> bool {
        matches!(self, Self::Employer | Self::HrManager)
    }

    /// Employers and HR managers write their company's postings; recruiters read them.
    pub fn writes_postings(self) -> bool {
        matches!(self, Self::Employer | Self::HrManager)
    }
}

#[cfg(test)]
mod tests {
    use super::CompanyMemberRole;

    #[test]
    fn roles_keep_their_stored_names() {
        let wire: Vec<&str> = CompanyMemberRole::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(wire, ["employer", "recruiter", "hr_manager"]);
        assert_eq!(
            serde_json::to_string(&CompanyMemberRole::HrManager)
                .ok()
                .as_deref(),
            Some("\"hr_manager\"")
        );
        let read: Result<CompanyMemberRole, _> = serde_json::from_str("\"recruiter\"");
        assert_eq!(read.ok(), Some(CompanyMemberRole::Recruiter));
        let refused = serde_json::from_str::<CompanyMemberRole>("\"owner\"");
        assert!(refused.is_err_and(|error| error.to_string().contains("hr_manager")));
    }

    #[test]
    fn recruiters_read_but_do_not_manage() {
        assert!(!CompanyMemberRole::Recruiter.writes_postings());
        assert!(!CompanyMemberRole::Recruiter.manages_members());
        assert!(CompanyMemberRole::HrManager.writes_postings());
        assert!(CompanyMemberRole::Employer.manages_members());
    }
}
