//! Checking the statuses of residence a candidate may hold and a company may sponsor.
//! One list for both, kept by the `compliance` crate with the rules on what each status may
//! do, so a candidate's status, a company's supported types and a posting's compare as equal
//! strings (matching and compliance rely on that).

pub use compliance::normalize_visa_status;
