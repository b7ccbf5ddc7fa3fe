//! The matching engine's parts below the score: what it reads of each side (`profiles`),
//! skill names and terms (`skills`), the hard gates, vector storage and hybrid retrieval.

pub mod gates;
pub mod profiles;
pub mod retrieval;
pub mod skills;
pub mod vectors;
