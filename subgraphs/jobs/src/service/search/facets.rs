//! Facet counts of a search: for each dimension, how many hits each value has when every other
//! active filter applies but not the dimension's own (so choosing one prefecture still shows
//! how many postings the other prefectures have). Counted in the same pass over the keyword
//! hits as the results (`evaluate`).

use super::query::SearchFilter;
use crate::service::JobsService;
use kit::ApiResult;

/// The dimensions counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Facet {
    Prefecture,
    EmploymentType,
    RemoteOption,
    JlptLevel,
    VisaType,
    Industry,
    CompanySize,
    SalaryBand,
    Skill,
}

/// Yearly-yen bands of the salary facet, by the posting's maximum: name, lower bound.
pub const SALARY_BANDS: [(&str, i64); 5] = [
    ("under_3m", 0),
    ("3m_to_5m", 3_000_000),
    ("5m_to_7m", 5_000_000),
    ("7m_to_10m", 7_000_000),
    ("10m_and_over", 10_000_000),
];

/// One value of a dimension and its number of hits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: i64,
}

/// Every dimension, in the order they are reported.
pub const FACETS: [Facet; 9] = [
    Facet::Prefecture,
    Facet::EmploymentType,
    Facet::RemoteOption,
    Facet::JlptLevel,
    Facet::VisaType,
    Facet::Industry,
    Facet::CompanySize,
    Facet::SalaryBand,
    Facet::Skill,
];

impl JobsService {
    /// How many hits of `query` and `filter` each value of each dimension has, most first
    /// (ties by value), values that are not set left out; skills only the 20 most asked.
    pub async fn search_facets(
        &self,
        query: Option<&str>,
        filter: &SearchFilter,
    ) -> ApiResult<Vec<(Facet, Vec<FacetCount>)>> {
        self.search_engine()
            .facets(self.db(), query.map(str::to_owned), filter.clone())
            .await
    }
}
