//! Searching published postings: bilingual keywords, filters, sorts, totals and facets.
//!
//! Why this design: a query is read first (`plan`, with the `lexicon` crate): places,
//! occupations, statuses of residence, employment types and qualifiers become conditions on
//! the postings' fields, misspellings are corrected, and a query that finds nothing is relaxed
//! step by step (`reading`); only the words left are matched as text. The tokens are computed
//! here (`tokens`: whole Latin words, CJK bigrams, and with the Japanese dictionary of
//! `morphology` the base forms of inflected words), the same on both backends; the index rows are written to the database in the same
//! transaction as the posting change (`index`), so they are never out of step with the
//! postings and can rebuild everything; and each instance answers searches from an in-memory
//! index of those rows (`memory`, `engine`, `evaluate`), brought up to date with what is
//! committed before every search. In memory, a common word's 50,000 hits are filtered, ranked
//! and counted for nine facets in one pass of a few milliseconds, where the databases took
//! hundreds (see docs/benchmarks.md), and both storage backends give the same answers by
//! construction.

mod engine;
mod evaluate;
#[cfg(test)]
mod evaluate_tests;
mod facets;
pub mod index;
mod memory;
mod plan;
mod query;
pub mod reading;
pub mod tokens;

pub use engine::SearchEngine;
pub use facets::{FACETS, Facet, FacetCount, SALARY_BANDS};
pub use query::{SearchFilter, SearchPage, SearchSort};
pub use reading::{QueryReading, ReadTerm, Relaxation, Relaxed, TermKind};
