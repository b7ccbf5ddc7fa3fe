//! Tables owned by the jobs subgraph.

pub mod company;
pub mod job_posting;
