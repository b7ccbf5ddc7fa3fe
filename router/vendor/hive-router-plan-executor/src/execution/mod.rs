pub mod client_request_details;
pub mod demand_control;
pub mod error;
pub mod error_masking;
pub mod jwt_forward;
pub mod operation_name;
pub mod plan;
pub mod rewrites;
