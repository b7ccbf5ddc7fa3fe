//! Facet counts of a search: for each dimension, how many hits each value has when every other
//! active filter applies but not the dimension's own (so choosing one prefecture still shows
//! how many postings the other prefectures have). One grouped count per dimension, over the
//! same keyword match and filters as the search itself.

use super::index::{NO_JLPT, SKILL, VISA_TYPE};
use super::query::{SearchFilter, Sql, filter_conditions, keyword_source};
use super::tokens::query_tokens;
use crate::service::JobsService;
use kit::ApiResult;
use sea_orm::{ConnectionTrait, Statement};

/// Most values returned for skills (the others have all their values).
const TOP_SKILLS: i64 = 20;

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

impl SearchFilter {
    /// This filter without the dimension's own condition.
    fn without(&self, facet: Facet) -> SearchFilter {
        let mut filter = self.clone();
        match facet {
            Facet::Prefecture => filter.prefectures.clear(),
            Facet::EmploymentType => filter.employment_types.clear(),
            Facet::RemoteOption => filter.remote_options.clear(),
            Facet::JlptLevel => filter.jlpt_level = None,
            Facet::VisaType => filter.visa_type = None,
            Facet::Industry => filter.industries.clear(),
            Facet::CompanySize => filter.company_sizes.clear(),
            Facet::SalaryBand => {
                filter.salary_min = None;
                filter.salary_max = None;
            }
            Facet::Skill => {
                filter.skills_any.clear();
                filter.skills_all.clear();
            }
        }
        filter
    }
}

/// The grouped value of a dimension, and any join it needs.
fn grouping(sql: &mut Sql, facet: Facet) -> (String, String) {
    let column = |name: &str| (format!("s.{name}"), String::new());
    match facet {
        Facet::Prefecture => column("prefecture"),
        Facet::EmploymentType => column("employment_type"),
        Facet::RemoteOption => column("remote_option"),
        Facet::Industry => column("industry"),
        Facet::CompanySize => column("company_size"),
        Facet::JlptLevel => (
            format!(
                "CASE WHEN s.jlpt_level = {NO_JLPT} THEN 'none' ELSE 'N' || CAST(s.jlpt_level AS TEXT) END"
            ),
            String::new(),
        ),
        Facet::SalaryBand => {
            let mut case = String::from("CASE");
            for (name, floor) in SALARY_BANDS.iter().rev() {
                case.push_str(&format!(
                    " WHEN s.salary_max_yearly >= {floor} THEN '{name}'"
                ));
            }
            case.push_str(" END");
            (case, String::new())
        }
        Facet::VisaType | Facet::Skill => {
            let kind = sql.bind(if facet == Facet::Skill {
                SKILL
            } else {
                VISA_TYPE
            });
            (
                "t.value".into(),
                format!(
                    " JOIN job_search_terms t ON t.posting_id = s.posting_id AND t.kind = {kind}"
                ),
            )
        }
    }
}

impl JobsService {
    /// How many hits of `query` and `filter` each value of `facet` has, most first (ties by
    /// value); values that are not set are left out.
    pub async fn search_facet(
        &self,
        query: Option<&str>,
        filter: &SearchFilter,
        facet: Facet,
    ) -> ApiResult<Vec<FacetCount>> {
        let backend = self.db().get_database_backend();
        let mut sql = Sql::new(backend);
        let tokens = query.map(query_tokens).unwrap_or_default();
        let (from, where_keyword, _) = keyword_source(&mut sql, &tokens);
        let (value, join) = grouping(&mut sql, facet);
        let mut conditions: Vec<String> = where_keyword.into_iter().collect();
        conditions.extend(filter_conditions(&mut sql, &filter.without(facet)));
        conditions.push(format!("({value}) IS NOT NULL"));
        let limit = if facet == Facet::Skill {
            format!(" LIMIT {}", sql.bind(TOP_SKILLS))
        } else {
            String::new()
        };
        let text = format!(
            "SELECT {value} AS value, COUNT(*) AS n FROM {from}{join} WHERE {} \
             GROUP BY 1 ORDER BY n DESC, value ASC{limit}",
            conditions.join(" AND ")
        );
        let rows = self
            .db()
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                text,
                sql.into_values(),
            ))
            .await?;
        rows.iter()
            .map(|row| {
                Ok(FacetCount {
                    value: row.try_get("", "value")?,
                    count: row.try_get("", "n")?,
                })
            })
            .collect()
    }
}
