//! Where an account stands. The users subgraph owns accounts; matching drops a deactivated
//! account's matches and restores them on activation from the status `user.activated` and
//! `user.deactivated` carry, so the status is typed here for both.

use super::serde_by_wire_name;

wire_names! {
    /// Where an account stands. Only `ACTIVE` accounts can sign in.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum UserStatus {
        /// Signed up, e-mail address not confirmed yet (`verifyEmail`); cannot sign in
        /// (`EMAIL_NOT_VERIFIED`).
        PendingVerification => "pending_verification",
        /// May sign in.
        Active => "active",
        /// Suspended by an administrator; cannot sign in (`ACCOUNT_SUSPENDED`).
        Suspended => "suspended",
        /// Deactivated by an administrator; cannot sign in (`ACCOUNT_INACTIVE`).
        Inactive => "inactive",
        /// Deleted by its owner (`deleteMyAccount`): personal data erased; cannot sign in.
        Deleted => "deleted",
    }
}
serde_by_wire_name!(UserStatus);

#[cfg(test)]
mod tests {
    use super::UserStatus;

    #[test]
    fn statuses_keep_their_stored_names() {
        assert_eq!(
            UserStatus::PendingVerification.as_str(),
            "pending_verification"
        );
        let read: Result<UserStatus, _> = serde_json::from_str("\"inactive\"");
        assert_eq!(read.ok(), Some(UserStatus::Inactive));
    }
}
