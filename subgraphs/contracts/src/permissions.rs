//! Permissions, each spelled once. Guards and checks take a [`Permission`], so a misspelt one
//! fails to compile; access tokens carry their wire names (`resource:action`), which the roles
//! in the users database grant (seeded by the migrations, changed by administrators later).

/// Declares [`Permission`] with its wire names, so each appears once.
macro_rules! permissions {
    ($($variant:ident => $name:literal,)*) => {
        /// Every permission a guard or service checks.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Permission {
            $($variant,)*
        }

        impl Permission {
            pub const ALL: &'static [Permission] = &[$(Permission::$variant,)*];

            /// The name in tokens and in the `permissions` table.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Permission::$variant => $name,)*
                }
            }
        }
    };
}

permissions! {
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
}

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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
