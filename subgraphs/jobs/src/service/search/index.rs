//! Keeping the search index tables in step with postings: a posting is indexed when it is
//! published or edited while published, and leaves the index when it closes, is archived or
//! deleted, all in the transaction that changes it. A company's copied name, industry or size
//! reaches its indexed postings in the transaction that updates the copy. `rebuild` recomputes
//! the whole index from the postings (at start-up when the two disagree, e.g. after an upgrade).
//!
//! Every write ends by numbering the change (`job_search_state`, `job_search_changes`): the
//! in-memory engine of each instance reads the changes after the last version it saw.

use super::tokens::{analysis, indexed};
use crate::service::{JobStatus, JobsService, PostingData, SalaryPeriod, data_of};
use compliance::DEFAULT_FULL_TIME_WEEKLY_HOURS;
use contracts::Currency;
use entities::jobs::{company, job_posting, job_search, job_search_term};
use kit::ApiResult;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Statement,
};
use std::collections::HashMap;
use uuid::Uuid;

pub const SKILL: &str = "skill";
pub const VISA_TYPE: &str = "visa_type";
pub const CATEGORY: &str = "category";
/// Stored for postings that ask no JLPT level: above N5, so "open to N3" is `jlpt_level >= 3`.
pub const NO_JLPT: i16 = 6;

/// `amount` per `period` as yearly yen; none for other currencies.
fn yearly(amount: Option<i64>, data: &PostingData) -> Option<i64> {
    if data.currency != Currency::Jpy {
        return None;
    }
    let hours = data
        .weekly_hours
        .unwrap_or(f64::from(DEFAULT_FULL_TIME_WEEKLY_HOURS));
    amount.map(|amount| match data.salary_period {
        SalaryPeriod::Yearly => amount,
        SalaryPeriod::Monthly => amount * 12,
        SalaryPeriod::Hourly => (amount as f64 * hours * 52.0).round() as i64,
    })
}

fn jlpt_level(data: &PostingData) -> i16 {
    data.jlpt_required
        .map_or(NO_JLPT, |level| i16::from(level.rank()))
}

/// The company's names as tokens.
fn company_tokens(company: Option<&company::Model>) -> String {
    company.map_or_else(String::new, |company| {
        let names = [
            Some(company.name.as_str()),
            company.name_ja.as_deref(),
            company.name_kana.as_deref(),
        ];
        indexed(&names.into_iter().flatten().collect::<Vec<_>>().join(" "))
    })
}

fn row(posting: &job_posting::Model, company: Option<&company::Model>) -> job_search::ActiveModel {
    let data = data_of(posting);
    let text = |parts: &[Option<&str>]| {
        indexed(
            &parts
                .iter()
                .flatten()
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
        )
    };
    let skills: Vec<&str> = data
        .required_skills
        .iter()
        .chain(&data.preferred_skills)
        .map(String::as_str)
        .collect();
    job_search::ActiveModel {
        posting_id: Set(posting.id),
        company_id: Set(posting.company_id),
        published_at: Set(posting.published_at.unwrap_or(posting.created_at)),
        prefecture: Set(data.prefecture.clone()),
        city: Set(data.city.as_deref().map(str::to_lowercase)),
        remote_option: Set(data.remote_option.as_str().to_owned()),
        employment_type: Set(data.employment_type.as_str().to_owned()),
        industry: Set(company.and_then(|company| company.industry.clone())),
        company_size: Set(company.and_then(|company| company.size.clone())),
        salary_min_yearly: Set(yearly(data.salary_min, &data)),
        salary_max_yearly: Set(yearly(data.salary_max, &data)),
        min_experience_years: Set(data.min_experience_years),
        jlpt_level: Set(jlpt_level(&data)),
        visa_sponsorship: Set(data.visa_sponsorship),
        night_shifts: Set(data.night_shifts),
        title_tokens: Set(text(&[Some(&data.title), data.title_ja.as_deref()])),
        skill_tokens: Set(indexed(&skills.join(" "))),
        company_tokens: Set(company_tokens(company)),
        description_tokens: Set(text(&[
            Some(&data.description),
            data.description_ja.as_deref(),
            data.department.as_deref(),
            Some(&data.location),
            data.location_ja.as_deref(),
            data.city.as_deref(),
        ])),
    }
}

/// The posting's job category; for a posting without one (or `other`), the categories its
/// titles name (`Caregiver`, `介護スタッフ` → `nursing_care`), so that it is found by its
/// occupation in either language like a categorised posting.
fn categories(data: &PostingData) -> Vec<String> {
    let titles: Vec<&str> = [Some(data.title.as_str()), data.title_ja.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    lexicon::posting_occupations(data.job_category.as_deref(), &titles)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

fn terms(posting: &job_posting::Model) -> Vec<job_search_term::ActiveModel> {
    let data = data_of(posting);
    let term = |kind: &str, value: &String| job_search_term::ActiveModel {
        kind: Set(kind.to_owned()),
        value: Set(value.clone()),
        posting_id: Set(posting.id),
    };
    data.required_skills
        .iter()
        .map(|skill| term(SKILL, skill))
        .chain(
            data.supported_visa_types
                .iter()
                .map(|visa| term(VISA_TYPE, visa)),
        )
        .chain(
            categories(&data)
                .iter()
                .map(|category| term(CATEGORY, category)),
        )
        .collect()
}

/// Brings `posting`'s index entry in line with it: indexed while published, absent otherwise.
pub async fn sync(conn: &impl ConnectionTrait, posting: &job_posting::Model) -> ApiResult<()> {
    delete_rows(conn, posting.id).await?;
    if posting.status == JobStatus::Published.as_str() {
        let company = company::Entity::find_by_id(posting.company_id)
            .one(conn)
            .await?;
        job_search::Entity::insert(row(posting, company.as_ref()))
            .exec_without_returning(conn)
            .await?;
        let terms = terms(posting);
        if !terms.is_empty() {
            job_search_term::Entity::insert_many(terms)
                .on_conflict(
                    OnConflict::columns([
                        job_search_term::Column::Kind,
                        job_search_term::Column::Value,
                        job_search_term::Column::PostingId,
                    ])
                    .do_nothing()
                    .to_owned(),
                )
                .exec_without_returning(conn)
                .await?;
        }
    }
    changed(conn, &[posting.id]).await
}

/// Takes the posting `id` out of the index.
pub async fn remove(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    delete_rows(conn, id).await?;
    changed(conn, &[id]).await
}

async fn delete_rows(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    job_search_term::Entity::delete_many()
        .filter(job_search_term::Column::PostingId.eq(id))
        .exec(conn)
        .await?;
    job_search::Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}

/// Numbers a change to the index: the next version, and, per posting in `ids`, that version
/// as its latest change. Must be the transaction's last index write: the state row stays
/// locked until commit, which orders index writers (see the `job_search_changes` migration).
async fn changed(conn: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<()> {
    let version = next_version(conn, false).await?;
    let backend = conn.get_database_backend();
    for batch in ids.chunks(500) {
        let mut values = Vec::with_capacity(batch.len() + 1);
        values.push(version.into());
        let rows: Vec<String> = batch
            .iter()
            .map(|id| {
                values.push((*id).into());
                match backend {
                    sea_orm::DbBackend::Postgres => format!("(${}, $1)", values.len()),
                    _ => format!("(?{}, ?1)", values.len()),
                }
            })
            .collect();
        conn.execute_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "INSERT INTO job_search_changes (posting_id, version) VALUES {} \
                 ON CONFLICT (posting_id) DO UPDATE SET version = excluded.version",
                rows.join(", ")
            ),
            values,
        ))
        .await?;
    }
    Ok(())
}

/// Increments the index version (and the generation, for a whole rebuild) and returns it.
async fn next_version(conn: &impl ConnectionTrait, rebuilt: bool) -> ApiResult<i64> {
    let generation = if rebuilt { 1 } else { 0 };
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            format!(
                "UPDATE job_search_state SET version = version + 1, \
                 generation = generation + {generation} WHERE id = 1 RETURNING version"
            ),
        ))
        .await?
        .ok_or_else(|| kit::ApiError::defect("the search index state row is missing"))?;
    Ok(row.try_get("", "version")?)
}

/// The company's copied facts on its indexed postings.
pub async fn company_changed(
    conn: &impl ConnectionTrait,
    company: &company::Model,
) -> ApiResult<()> {
    job_search::Entity::update_many()
        .col_expr(
            job_search::Column::CompanyTokens,
            Expr::value(company_tokens(Some(company))),
        )
        .col_expr(
            job_search::Column::Industry,
            Expr::value(company.industry.clone()),
        )
        .col_expr(
            job_search::Column::CompanySize,
            Expr::value(company.size.clone()),
        )
        .filter(job_search::Column::CompanyId.eq(company.id))
        .exec(conn)
        .await?;
    let ids: Vec<Uuid> = job_search::Entity::find()
        .select_only()
        .column(job_search::Column::PostingId)
        .filter(job_search::Column::CompanyId.eq(company.id))
        .into_tuple()
        .all(conn)
        .await?;
    if ids.is_empty() {
        return Ok(());
    }
    changed(conn, &ids).await
}

/// Whether an index written by the analysis `stored` is rewritten by an instance writing `mine`:
/// when they differ, except that an index written with the dictionary stays while this
/// instance still wants (fetches) it.
fn analysis_is_stale(stored: Option<i64>, mine: i64, dictionary_wanted: bool) -> bool {
    let waiting_for_dictionary = dictionary_wanted && stored.is_some_and(|stored| stored > mine);
    stored != Some(mine) && !waiting_for_dictionary
}

impl JobsService {
    /// Recomputes the index from the postings when the number of indexed postings differs
    /// from the number of published ones, or when they were indexed by another version of the
    /// text analysis ([`analysis`]); returns how many postings it indexed.
    ///
    /// An index written with the Japanese dictionary is not rewritten without it by an instance
    /// still fetching it (it would undo the instance that has it; both answer from either
    /// index), only when the dictionary is turned off (`SEARCH_ANALYSER=bigrams`).
    pub async fn rebuild_search_index_if_stale(&self) -> ApiResult<usize> {
        let stored = self
            .db()
            .query_one_raw(Statement::from_string(
                self.db().get_database_backend(),
                "SELECT analysis FROM job_search_state WHERE id = 1",
            ))
            .await?
            .map(|row| row.try_get::<i64>("", "analysis"))
            .transpose()?;
        if analysis_is_stale(stored, analysis(), morphology::wanted()) {
            return self.rebuild_search_index().await;
        }
        let published = job_posting::Entity::find()
            .filter(job_posting::Column::Status.eq(JobStatus::Published.as_str()))
            .count(self.db())
            .await?;
        let indexed = job_search::Entity::find().count(self.db()).await?;
        if published == indexed {
            return Ok(0);
        }
        self.rebuild_search_index().await
    }

    /// Recomputes the whole index from the postings, in one transaction, a batch of postings
    /// per statement.
    pub async fn rebuild_search_index(&self) -> ApiResult<usize> {
        const BATCH: usize = 500;
        // Read once: the dictionary may arrive while the rows are computed, and the version
        // stored must not claim more than every row holds.
        let analysis = analysis();
        let txn = kit::db::begin_write(self.db()).await?;
        job_search_term::Entity::delete_many().exec(&txn).await?;
        job_search::Entity::delete_many().exec(&txn).await?;
        let companies: HashMap<Uuid, company::Model> = company::Entity::find()
            .all(&txn)
            .await?
            .into_iter()
            .map(|company| (company.id, company))
            .collect();
        let postings = job_posting::Entity::find()
            .filter(job_posting::Column::Status.eq(JobStatus::Published.as_str()))
            .all(&txn)
            .await?;
        for batch in postings.chunks(BATCH) {
            let rows = batch
                .iter()
                .map(|posting| row(posting, companies.get(&posting.company_id)));
            job_search::Entity::insert_many(rows)
                .exec_without_returning(&txn)
                .await?;
            let terms: Vec<_> = batch.iter().flat_map(terms).collect();
            for terms in terms.chunks(BATCH) {
                job_search_term::Entity::insert_many(terms.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
        }
        next_version(&txn, true).await?;
        txn.execute_raw(Statement::from_string(
            txn.get_database_backend(),
            format!("UPDATE job_search_state SET analysis = {analysis} WHERE id = 1"),
        ))
        .await?;
        txn.commit().await?;
        Ok(postings.len())
    }
}

#[cfg(test)]
mod tests {
    use super::analysis_is_stale;
    use crate::service::search::tokens::{BIGRAM_ANALYSIS as BIGRAMS, MORPHEME_ANALYSIS as WORDS};

    #[test]
    fn an_index_is_rewritten_up_but_not_down_while_the_dictionary_is_on_its_way() {
        // Upgrades: an older index, or one without the dictionary, once this instance has it.
        assert!(analysis_is_stale(None, WORDS, true));
        assert!(analysis_is_stale(Some(1), BIGRAMS, true));
        assert!(analysis_is_stale(Some(BIGRAMS), WORDS, true));
        // Up to date.
        assert!(!analysis_is_stale(Some(WORDS), WORDS, true));
        assert!(!analysis_is_stale(Some(BIGRAMS), BIGRAMS, false));
        // An instance still fetching the dictionary leaves another instance's index alone…
        assert!(!analysis_is_stale(Some(WORDS), BIGRAMS, true));
        // …but one told to go without it (SEARCH_ANALYSER=bigrams) rewrites it.
        assert!(analysis_is_stale(Some(WORDS), BIGRAMS, false));
    }
}
