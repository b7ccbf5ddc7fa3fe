//! Running a search: keywords (every token must match), filters, sort and a page, plus the
//! total. One SQL text for both backends except the keyword match and its score: PostgreSQL
//! matches on the full weighted `tsvector` (GIN) and ranks with `ts_rank` on a small vector of
//! title, skills and company name (a description-only hit ranks by recency), SQLite matches
//! and ranks on its FTS5 table (`bm25`, columns weighted title > skills > company >
//! description). Both match the same postings; scores differ in scale, so the relevance order
//! may differ between backends where two postings are close.

use super::index::{NO_JLPT, SKILL, VISA_TYPE};
use super::tokens::query_tokens;
use crate::service::{EmploymentType, JobsService, RemoteOption};
use chrono::{DateTime, Utc};
use kit::ApiResult;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, Statement,
    TransactionTrait, Value,
};
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

/// One page of hits and how many there are in all.
#[derive(Clone, Debug, Default)]
pub struct SearchPage {
    pub ids: Vec<Uuid>,
    pub total: u64,
}

/// SQL text with its bound values, written for one backend's placeholders.
pub(super) struct Sql {
    backend: DbBackend,
    values: Vec<Value>,
}

impl Sql {
    pub(super) fn new(backend: DbBackend) -> Self {
        Self {
            backend,
            values: Vec::new(),
        }
    }

    pub(super) fn into_values(self) -> Vec<Value> {
        self.values
    }

    pub(super) fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        // Numbered on both backends, so a value may be bound before text that precedes it.
        match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => format!("?{}", self.values.len()),
        }
    }

    fn bind_list<T: Clone + Into<Value>>(&mut self, values: &[T]) -> String {
        let marks: Vec<String> = values
            .iter()
            .map(|value| self.bind(value.clone()))
            .collect();
        marks.join(", ")
    }
}

/// A transaction for the statements of one search. With keywords on PostgreSQL it keeps the
/// planner on the GIN index (`enable_seqscan = off` for this transaction only): for a common
/// word it would otherwise scan the table and test every posting's whole vector, which takes
/// seconds, where the index answers in milliseconds.
pub(super) async fn search_transaction(
    db: &DatabaseConnection,
    keywords: bool,
) -> ApiResult<DatabaseTransaction> {
    let txn = db.begin().await?;
    if keywords && db.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("SET LOCAL enable_seqscan = off")
            .await?;
    }
    Ok(txn)
}

fn quoted(tokens: &[String], quote: char) -> Vec<String> {
    // Tokens are letters, digits and CJK characters only: nothing to escape in either syntax.
    tokens
        .iter()
        .map(|token| format!("{quote}{token}{quote}"))
        .collect()
}

/// The `FROM` clause and the keyword condition of a keyword match, or of none.
pub(super) fn keyword_source(sql: &mut Sql, tokens: &[String]) -> (String, Option<String>) {
    if tokens.is_empty() {
        return ("job_search s".into(), None);
    }
    match sql.backend {
        DbBackend::Postgres => {
            // The full vector decides the match (GIN, exact for ANDed plain terms).
            let all = sql.bind(quoted(tokens, '\'').join(" & "));
            (
                format!("job_search s CROSS JOIN CAST({all} AS tsquery) q"),
                Some("s.search_vector @@ q".into()),
            )
        }
        _ => {
            let all = sql.bind(quoted(tokens, '"').join(" AND "));
            (
                "job_search_fts JOIN job_search s ON s.rowid = job_search_fts.rowid".into(),
                Some(format!("job_search_fts MATCH {all}")),
            )
        }
    }
}

/// How well a hit matches, lower first: on PostgreSQL the small vector (title, skills,
/// company; a description-only hit scores 0 and goes by recency), on SQLite `bm25` over the
/// four columns weighted alike.
fn score(sql: &mut Sql, tokens: &[String]) -> String {
    if tokens.is_empty() {
        return "0".into();
    }
    match sql.backend {
        DbBackend::Postgres => {
            let any = sql.bind(quoted(tokens, '\'').join(" | "));
            format!("-ts_rank('{{0.1, 0.2, 0.4, 1.0}}', s.rank_vector, CAST({any} AS tsquery))")
        }
        _ => "bm25(job_search_fts, 10.0, 5.0, 3.0, 1.0)".into(),
    }
}

pub(super) fn filter_conditions(sql: &mut Sql, filter: &SearchFilter) -> Vec<String> {
    let mut conditions = Vec::new();
    let strings = |list: &[String]| list.to_vec();
    if !filter.prefectures.is_empty() {
        conditions.push(format!(
            "s.prefecture IN ({})",
            sql.bind_list(&strings(&filter.prefectures))
        ));
    }
    if let Some(city) = &filter.city {
        conditions.push(format!("s.city = {}", sql.bind(city.trim().to_lowercase())));
    }
    if !filter.remote_options.is_empty() {
        let names: Vec<String> = filter
            .remote_options
            .iter()
            .map(|option| option.as_str().to_owned())
            .collect();
        conditions.push(format!("s.remote_option IN ({})", sql.bind_list(&names)));
    }
    if !filter.employment_types.is_empty() {
        let names: Vec<String> = filter
            .employment_types
            .iter()
            .map(|kind| kind.as_str().to_owned())
            .collect();
        conditions.push(format!("s.employment_type IN ({})", sql.bind_list(&names)));
    }
    if let Some(min) = filter.salary_min {
        conditions.push(format!("s.salary_max_yearly >= {}", sql.bind(min)));
    }
    if let Some(max) = filter.salary_max {
        conditions.push(format!("s.salary_min_yearly <= {}", sql.bind(max)));
    }
    if let Some(years) = filter.max_experience_years {
        conditions.push(format!("s.min_experience_years <= {}", sql.bind(years)));
    }
    if !filter.skills_any.is_empty() {
        let kind = sql.bind(SKILL);
        let values = sql.bind_list(&strings(&filter.skills_any));
        conditions.push(format!(
            "s.posting_id IN (SELECT posting_id FROM job_search_terms WHERE kind = {kind} AND value IN ({values}))"
        ));
    }
    if !filter.skills_all.is_empty() {
        let kind = sql.bind(SKILL);
        let values = sql.bind_list(&strings(&filter.skills_all));
        let count = sql.bind(filter.skills_all.len() as i64);
        conditions.push(format!(
            "s.posting_id IN (SELECT posting_id FROM job_search_terms WHERE kind = {kind} \
             AND value IN ({values}) GROUP BY posting_id HAVING COUNT(*) = {count})"
        ));
    }
    if let Some(sponsors) = filter.visa_sponsorship {
        conditions.push(format!("s.visa_sponsorship = {}", sql.bind(sponsors)));
    }
    if let Some(visa) = &filter.visa_type {
        let kind = sql.bind(VISA_TYPE);
        let value = sql.bind(visa.clone());
        conditions.push(format!(
            "s.posting_id IN (SELECT posting_id FROM job_search_terms WHERE kind = {kind} AND value = {value})"
        ));
    }
    if let Some(level) = filter.jlpt_level {
        conditions.push(format!(
            "s.jlpt_level >= {}",
            sql.bind(level.clamp(1, NO_JLPT))
        ));
    }
    if !filter.industries.is_empty() {
        conditions.push(format!(
            "s.industry IN ({})",
            sql.bind_list(&strings(&filter.industries))
        ));
    }
    if !filter.company_sizes.is_empty() {
        conditions.push(format!(
            "s.company_size IN ({})",
            sql.bind_list(&strings(&filter.company_sizes))
        ));
    }
    if let Some(since) = filter.posted_since {
        conditions.push(format!("s.published_at >= {}", sql.bind(since)));
    }
    conditions
}

fn order_by(sort: SearchSort, keywords: bool) -> &'static str {
    match sort {
        SearchSort::Relevance if keywords => "score ASC, s.published_at DESC, s.posting_id DESC",
        SearchSort::Relevance | SearchSort::Newest => "s.published_at DESC, s.posting_id DESC",
        SearchSort::Salary => {
            "(s.salary_max_yearly IS NULL) ASC, s.salary_max_yearly DESC, s.published_at DESC, s.posting_id DESC"
        }
    }
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
        let backend = self.db().get_database_backend();
        let mut sql = Sql::new(backend);
        let tokens = query.map(query_tokens).unwrap_or_default();
        let (source, keyword) = keyword_source(&mut sql, &tokens);
        let mut conditions: Vec<String> = keyword.into_iter().collect();
        conditions.extend(filter_conditions(&mut sql, filter));
        let mut base = format!("FROM {source}");
        if !conditions.is_empty() {
            base.push_str(" WHERE ");
            base.push_str(&conditions.join(" AND "));
        }
        let count = Statement::from_sql_and_values(
            backend,
            format!("SELECT COUNT(*) AS total {base}"),
            sql.values.clone(),
        );
        let txn = search_transaction(self.db(), !tokens.is_empty()).await?;
        let total: i64 = match txn.query_one_raw(count).await? {
            Some(row) => row.try_get("", "total")?,
            None => 0,
        };
        let score = score(&mut sql, &tokens);
        let limit_mark = sql.bind(limit as i64);
        let offset_mark = sql.bind(offset as i64);
        let page = Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT s.posting_id, {score} AS score {base} ORDER BY {} LIMIT {limit_mark} OFFSET {offset_mark}",
                order_by(sort, !tokens.is_empty())
            ),
            sql.values,
        );
        let rows = txn.query_all_raw(page).await?;
        txn.commit().await?;
        let ids = rows
            .iter()
            .map(|row| row.try_get::<Uuid>("", "posting_id"))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SearchPage {
            ids,
            total: total.max(0) as u64,
        })
    }
}
