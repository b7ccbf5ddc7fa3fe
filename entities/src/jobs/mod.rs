//! Tables of the jobs subgraph.

pub mod company;
pub mod company_member;
pub mod job_application;
pub mod job_application_history;
pub mod job_audit_log;
pub mod job_candidate_facts;
pub mod job_interview;
pub mod job_interview_participant;
pub mod job_match_score;
pub mod job_offer;
pub mod job_posting;
pub mod job_search;
pub mod job_search_term;
pub mod job_view;
pub mod job_view_salt;
pub mod processed_event;
