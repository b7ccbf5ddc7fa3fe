//! The contracts between the subgraphs, in one small crate that producers and consumers both
//! depend on: event names and payloads, permissions and error codes. A misspelt event name, a
//! payload field read under the wrong name, a misspelt permission or error code fails to
//! compile instead of being dropped or denied at run time.

pub mod error_codes;
pub mod events;
pub mod permissions;

pub use error_codes::ErrorCode;
pub use events::{EventName, EventPayload};
pub use permissions::Permission;
