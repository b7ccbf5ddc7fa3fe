//! What a search asks for (keywords, filters, sort, a page) and what it returns; the engine
//! (`engine`, `evaluate`) answers it from memory, the same way on both storage backends.

use super::reading::QueryReading;
use crate::service::{EmploymentType, JobsService, RemoteOption};
use chrono::{DateTime, Utc};
use kit::ApiResult;
use uuid::Uuid;

/// What a search keeps (every field optional; lists mean "any of").
#[derive(Clone, Debug, Default)]
pub struct SearchFilter {
    pub prefectures: Vec<String>,
    /// Case-insensitive.
    pub city: Option<String>,
    pub remote_options: Vec<RemoteOption>,
    /// Yearly yen the posting pays at least up to (its maximum reaches it).
    pub salary_min: Option<i64>,
    /// Yearly yen the posting starts at or below.
    pub salary_max: Option<i64>,
    pub employment_types: Vec<EmploymentType>,
    /// Postings asking at most this much experience.
    pub max_experience_years: Option<i32>,
    pub skills_any: Vec<String>,
    pub skills_all: Vec<String>,
    pub visa_sponsorship: Option<bool>,
    /// `false`: postings that say they have no night shifts; `true`: those that say they do.
    pub night_shifts: Option<bool>,
    pub visa_type: Option<String>,
    /// The candidate's JLPT level (1 = N1 … 5 = N5): postings asking that level or an easier
    /// one, or none.
    pub jlpt_level: Option<i16>,
    pub industries: Vec<String>,
    pub company_sizes: Vec<String>,
    pub posted_since: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SearchSort {
    /// Best match first (newest first without keywords).
    #[default]
    Relevance,
    Newest,
    /// Highest yearly maximum first; postings without a yen salary last.
    Salary,
}

/// One page of hits, how many there are in all, and how the query was read.
#[derive(Clone, Debug, Default)]
pub struct SearchPage {
    pub ids: Vec<Uuid>,
    pub total: u64,
    pub reading: QueryReading,
}

impl JobsService {
    /// The `limit` hits after the first `offset` for `query` (may be blank) and `filter`,
    /// in `sort` order, and the total.
    pub async fn search_postings(
        &self,
        query: Option<&str>,
        filter: &SearchFilter,
        sort: SearchSort,
        offset: u64,
        limit: u64,
    ) -> ApiResult<SearchPage> {
        self.search_engine()
            .page(
                self.db(),
                query.map(str::to_owned),
                filter.clone(),
                sort,
                offset,
                limit,
            )
            .await
    }
}
