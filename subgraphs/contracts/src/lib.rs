//! The contracts between the subgraphs, in one small crate that producers and consumers both
//! depend on: event names and payloads, and permissions. A misspelt event name, a payload field
//! read under the wrong name or a misspelt permission fails to compile instead of being
//! dropped or denied at run time.

pub mod events;
pub mod permissions;

pub use events::{EventName, EventPayload};
pub use permissions::Permission;
