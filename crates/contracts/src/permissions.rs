//! Permissions, each spelled once. Guards and checks take a [`Permission`], so a misspelt one
//! fails to compile; access tokens carry their wire names (`resource:action`), which the roles
//! in the users database grant (seeded by the migrations, changed by administrators later).

wire_names! {
    /// Every permission a guard or service checks; `as_str` is its name in tokens and in
    /// the `permissions` table.
    pub enum Permission {
        UsersRead => "users:read",
        UsersManage => "users:manage",
        RolesManage => "roles:manage",
        AuditRead => "audit:read",
        KeysManage => "keys:manage",
        ProfileRead => "profile:read",
        ProfileUpdate => "profile:update",
        CompaniesManage => "companies:manage",
        CandidatesRead => "candidates:read",
        JobsCreate => "jobs:create",
        JobsRead => "jobs:read",
        JobsUpdate => "jobs:update",
        JobsDelete => "jobs:delete",
        JobsManage => "jobs:manage",
        ApplicationsCreate => "applications:create",
        InterviewsCreate => "interviews:create",
        MatchesRead => "matches:read",
        AnalyticsRead => "analytics:read",
        /// See, retry and discard the events a subgraph could not apply (dead letters).
        EventsManage => "events:manage",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_resource_actions() {
        let mut names: Vec<&str> = Permission::ALL.iter().map(|p| p.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Permission::ALL.len());
        for name in names {
            let (resource, action) = name.split_once(':').expect("resource:action");
            assert!(
                !resource.is_empty() && !action.is_empty() && action != "*",
                "{name}"
            );
        }
    }
}
