//! The contracts between the subgraphs, in one small crate that producers and consumers both
//! depend on: event names and payloads, permissions, error codes and the domain values they share. A misspelt event name, a
//! payload field read under the wrong name, a misspelt permission or error code fails to
//! compile instead of being dropped or denied at run time.

/// Declares a `Copy` enum whose variants each stand for one name on the wire, with `ALL`,
/// `as_str`, `parse` and `Display`: the one place each name is spelled.
macro_rules! wire_names {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$doc:meta])* $variant:ident => $wire:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$doc])* $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The name on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)*
                }
            }

            /// The variant a wire name stands for; `None` for names this version does not know.
            pub fn parse(wire: &str) -> Option<Self> {
                match wire {
                    $($wire => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod error_codes;
pub mod error_messages;
pub mod events;
pub mod permissions;
pub mod request_id;
pub mod values;

pub use error_codes::ErrorCode;
pub use events::{EventName, EventPayload};
pub use permissions::Permission;
pub use values::{
    ApplicationActor, ApplicationSource, ApplicationStatus, CandidateInterest, CompanyMemberRole,
    CompanyVerificationStatus, Currency, JlptLevel, JobCategoryCode, JobStatus, LanguageSkillLevel,
    MatchReasonCode, MatchRiskCode, MatchStatus, Prefecture, RejectionReason, StatusOfResidence,
    UserStatus,
};
