//! Facet counts of a search: for each dimension, how many hits each value has when every other
//! active filter applies but not the dimension's own (so choosing one prefecture still shows
//! how many postings the other prefectures have), all in one statement over one reading of the
//! keyword match.

use super::index::{NO_JLPT, SKILL, VISA_TYPE};
use super::query::{SearchFilter, Sql, filter_conditions, keyword_source, search_transaction};
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

impl SearchFilter {
    /// This filter's conditions on `facet` alone.
    fn only(&self, facet: Facet) -> SearchFilter {
        let mut only = SearchFilter::default();
        match facet {
            Facet::Prefecture => only.prefectures = self.prefectures.clone(),
            Facet::EmploymentType => only.employment_types = self.employment_types.clone(),
            Facet::RemoteOption => only.remote_options = self.remote_options.clone(),
            Facet::JlptLevel => only.jlpt_level = self.jlpt_level,
            Facet::VisaType => only.visa_type = self.visa_type.clone(),
            Facet::Industry => only.industries = self.industries.clone(),
            Facet::CompanySize => only.company_sizes = self.company_sizes.clone(),
            Facet::SalaryBand => {
                only.salary_min = self.salary_min;
                only.salary_max = self.salary_max;
            }
            Facet::Skill => {
                only.skills_any = self.skills_any.clone();
                only.skills_all = self.skills_all.clone();
            }
        }
        only
    }

    /// This filter without any condition on a dimension.
    fn without_facets(&self) -> SearchFilter {
        SearchFilter {
            city: self.city.clone(),
            max_experience_years: self.max_experience_years,
            visa_sponsorship: self.visa_sponsorship,
            posted_since: self.posted_since,
            ..SearchFilter::default()
        }
    }
}

/// The counted value of a dimension over the candidate rows `c`, and any join it needs.
fn grouping(sql: &mut Sql, facet: Facet) -> (String, String) {
    let column = |name: &str| (format!("c.{name}"), String::new());
    match facet {
        Facet::Prefecture => column("prefecture"),
        Facet::EmploymentType => column("employment_type"),
        Facet::RemoteOption => column("remote_option"),
        Facet::Industry => column("industry"),
        Facet::CompanySize => column("company_size"),
        Facet::JlptLevel => (
            format!(
                "CASE WHEN c.jlpt_level = {NO_JLPT} THEN 'none' ELSE 'N' || CAST(c.jlpt_level AS TEXT) END"
            ),
            String::new(),
        ),
        Facet::SalaryBand => {
            let mut case = String::from("CASE");
            for (name, floor) in SALARY_BANDS.iter().rev() {
                case.push_str(&format!(
                    " WHEN c.salary_max_yearly >= {floor} THEN '{name}'"
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
                    " JOIN job_search_terms t ON t.posting_id = c.posting_id AND t.kind = {kind}"
                ),
            )
        }
    }
}

fn all_of(conditions: Vec<String>) -> String {
    if conditions.is_empty() {
        "1 = 1".into()
    } else {
        format!("({})", conditions.join(" AND "))
    }
}

impl JobsService {
    /// How many hits of `query` and `filter` each value of each dimension has, most first
    /// (ties by value), values that are not set left out. One statement: the hits of the
    /// keywords and the filters on no dimension are read once, with a flag per dimension
    /// filter; each dimension then counts the rows that pass every flag but its own.
    pub async fn search_facets(
        &self,
        query: Option<&str>,
        filter: &SearchFilter,
    ) -> ApiResult<Vec<(Facet, Vec<FacetCount>)>> {
        let backend = self.db().get_database_backend();
        let mut sql = Sql::new(backend);
        let tokens = query.map(query_tokens).unwrap_or_default();
        let (from, keyword) = keyword_source(&mut sql, &tokens);
        let mut base: Vec<String> = keyword.into_iter().collect();
        base.extend(filter_conditions(&mut sql, &filter.without_facets()));
        let flags: Vec<String> = FACETS
            .iter()
            .map(|facet| all_of(filter_conditions(&mut sql, &filter.only(*facet))))
            .collect();
        let flag_columns: Vec<String> = flags
            .iter()
            .enumerate()
            .map(|(n, flag)| format!("{flag} AS f{n}"))
            .collect();
        let mut branches = Vec::new();
        for (n, facet) in FACETS.iter().enumerate() {
            let others = (0..FACETS.len())
                .filter(|other| *other != n)
                .map(|other| format!("c.f{other}"))
                .collect::<Vec<_>>()
                .join(" AND ");
            let (value, join) = grouping(&mut sql, *facet);
            let limit = if *facet == Facet::Skill {
                format!(" ORDER BY n DESC, value ASC LIMIT {}", sql.bind(TOP_SKILLS))
            } else {
                String::new()
            };
            branches.push(format!(
                "SELECT * FROM (SELECT {n} AS facet, {value} AS value, COUNT(*) AS n FROM c{join} \
                 WHERE {others} AND ({value}) IS NOT NULL GROUP BY {value}{limit}) b{n}"
            ));
        }
        let text = format!(
            "WITH c AS MATERIALIZED (SELECT s.posting_id, s.prefecture, s.employment_type, \
             s.remote_option, s.jlpt_level, s.industry, s.company_size, s.salary_max_yearly, {} \
             FROM {from} WHERE {}) {}",
            flag_columns.join(", "),
            all_of(base),
            branches.join(" UNION ALL ")
        );
        let txn = search_transaction(self.db(), !tokens.is_empty()).await?;
        let rows = txn
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                text,
                sql.into_values(),
            ))
            .await?;
        txn.commit().await?;
        let mut counts: Vec<(Facet, Vec<FacetCount>)> =
            FACETS.iter().map(|facet| (*facet, Vec::new())).collect();
        for row in &rows {
            let facet: i32 = row.try_get("", "facet")?;
            let list = &mut counts[facet as usize].1;
            list.push(FacetCount {
                value: row.try_get("", "value")?,
                count: row.try_get("", "n")?,
            });
        }
        for (_, list) in &mut counts {
            list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        }
        Ok(counts)
    }
}
