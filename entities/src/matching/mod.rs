//! Tables owned by the matching subgraph: its scores and its read-copies of the job and
//! candidate fields it scores, kept current from events (never read from other subgraphs' tables).

pub mod candidate_account;
pub mod candidate_copy;
pub mod candidate_term;
pub mod company_member;
pub mod company_verification;
pub mod job_copy;
pub mod job_term;
pub mod match_result;
pub mod opt_out;
pub mod processed_event;
pub mod scoring_model;
pub mod skill_vector;
