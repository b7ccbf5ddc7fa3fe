//! The words job seekers search with, and how to read them.
//!
//! Why a crate of its own: search (jobs) reads queries with it and matching can share the same
//! vocabulary; it holds data and pure functions only. What it knows:
//!
//! - folding (`fold`): widths, case, accents, hiragana/katakana, long-vowel marks, romaji long
//!   vowels, so the spellings of one word meet;
//! - the names of places (`places`: 47 prefectures, main cities), occupations (`occupations`,
//!   mapped to the compliance crate's job categories), statuses of residence, employment types
//!   and qualifiers (`conditions`), in Japanese, English and romaji;
//! - reading a query (`understand`): typos corrected, the longest phrases recognised as those
//!   fields, the rest kept as keywords.
//!
//! Japanese is matched against the phrase table character by character (longest phrase
//! first), which segments what the tables know without a general dictionary.

pub mod conditions;
pub mod fold;
mod meaning;
pub mod occupations;
mod phrases;
pub mod places;
pub mod skills;
mod understand;
pub mod units;

pub use conditions::Qualifier;
pub use meaning::Meaning;
pub use skills::canonical_skill;
pub use understand::{
    Correction, Keyword, KnownWords, NoIndex, Recognised, Understanding, combine_occupations,
    occupations_named, posting_occupations, typo_distance, understand,
};
