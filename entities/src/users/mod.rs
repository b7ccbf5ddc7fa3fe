//! Tables owned by the users subgraph.

pub mod candidate_profile;
pub mod user;
