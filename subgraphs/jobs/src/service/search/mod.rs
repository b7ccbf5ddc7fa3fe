//! Searching published postings: bilingual keywords, filters, sorts, totals and facets.
//!
//! Why this design: the tokens are computed here (`tokens`), so PostgreSQL (a weighted
//! `tsvector` with a GIN index) and SQLite (FTS5) index and match exactly the same terms without
//! a Japanese dictionary; the index rows are written in the same transaction as the posting
//! change (`index`), so search never shows a posting that is no longer published and needs no
//! separate process to feed; `query` builds one statement per backend over the same table.

mod facets;
pub mod index;
mod query;
pub mod tokens;

pub use facets::{FACETS, Facet, FacetCount, SALARY_BANDS};
pub use query::{SearchFilter, SearchPage, SearchSort};
