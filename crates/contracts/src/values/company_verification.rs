//! Where a company stands with verification. The users subgraph reviews companies; matching
//! lets only verified companies see what candidates disclose, from the status
//! `company.verification_changed` carries, so the status is typed here for both.

use super::serde_by_wire_name;

wire_names! {
    /// Where a company stands with verification.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum CompanyVerificationStatus {
        /// Nothing submitted yet.
        Unverified => "unverified",
        /// Evidence submitted, waiting for a reviewer.
        Pending => "pending",
        /// A reviewer approved the evidence.
        Verified => "verified",
        /// A reviewer rejected the evidence (see the reason); members may submit again.
        Rejected => "rejected",
    }
}
serde_by_wire_name!(CompanyVerificationStatus);

impl CompanyVerificationStatus {
    /// A stored value; an unknown one reads as unverified: never as more trust than granted.
    pub fn of_stored(value: &str) -> Self {
        Self::parse(value).unwrap_or(Self::Unverified)
    }
}

#[cfg(test)]
mod tests {
    use super::CompanyVerificationStatus;

    #[test]
    fn unknown_values_never_read_as_verified() {
        assert_eq!(
            CompanyVerificationStatus::of_stored("verified"),
            CompanyVerificationStatus::Verified
        );
        assert_eq!(
            CompanyVerificationStatus::of_stored("VERIFIED"),
            CompanyVerificationStatus::Unverified
        );
    }
}
