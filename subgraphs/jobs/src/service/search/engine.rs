//! The search engine of one jobs instance: the in-memory index (`memory`) kept up to date from
//! the index tables, and the searches answered from it off the async threads.
//!
//! Before each search the engine reads the index's version (one indexed row); when another
//! instance or this one has changed the index since, it loads the changed postings' rows (or
//! everything, after a rebuild or when many changed) before answering. Every instance therefore
//! answers from what is committed, including its own writes of a moment ago, with no event
//! delivery to wait for, and the tables can always rebuild it.

use super::evaluate;
use super::facets::{Facet, FacetCount};
use super::memory::{MemoryIndex, Row};
use super::plan::{IndexWords, Plan, keyword_holds_anywhere, plan};
use super::query::{SearchFilter, SearchPage, SearchSort};
use super::reading::{QueryReading, relax_once};
use entities::jobs::{job_search, job_search_term};
use kit::{ApiError, ApiResult};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use uuid::Uuid;

/// Rows read per statement while loading.
const LOAD_BATCH: u64 = 1_000;
/// More changed postings than this since the last look, and the engine loads everything.
const MOST_CHANGES: usize = 5_000;

/// The index version an instance has caught up with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Version {
    generation: i64,
    version: i64,
}

#[derive(Default)]
struct State {
    index: MemoryIndex,
    seen: Option<Version>,
}

#[derive(Default)]
pub struct SearchEngine {
    state: RwLock<State>,
    /// One catch-up at a time; searches wait for it rather than load the same rows twice.
    catching_up: tokio::sync::Mutex<()>,
}

fn poisoned<T>(_: T) -> ApiError {
    ApiError::defect("the search index lock is poisoned")
}

impl SearchEngine {
    fn seen(&self) -> ApiResult<Option<Version>> {
        Ok(self.state.read().map_err(poisoned)?.seen)
    }

    /// How many postings the engine holds.
    pub fn len(&self) -> ApiResult<u64> {
        Ok(self.state.read().map_err(poisoned)?.index.len())
    }

    pub fn is_empty(&self) -> ApiResult<bool> {
        Ok(self.len()? == 0)
    }

    /// Brings the index up to what is committed.
    pub async fn catch_up(self: &Arc<Self>, db: &DatabaseConnection) -> ApiResult<()> {
        let current = current_version(db).await?;
        if self.seen()? == Some(current) {
            return Ok(());
        }
        let _one_at_a_time = self.catching_up.lock().await;
        let current = current_version(db).await?;
        let seen = self.seen()?;
        if seen == Some(current) {
            return Ok(());
        }
        let wasted = {
            let state = self.state.read().map_err(poisoned)?;
            state.index.wasted() > (state.index.len() as usize).max(MOST_CHANGES)
        };
        let changed = match seen {
            Some(seen) if seen.generation == current.generation && !wasted => {
                changed_since(db, seen.version, current.version).await?
            }
            _ => None,
        };
        match changed {
            Some(ids) => {
                let rows = load_rows(db, &ids).await?;
                let engine = self.clone();
                blocking(move || {
                    let mut state = engine.state.write().map_err(poisoned)?;
                    let present: HashMap<Uuid, &Row> = rows
                        .iter()
                        .map(|row| (row.search.posting_id, row))
                        .collect();
                    for id in &ids {
                        match present.get(id) {
                            Some(row) => state.index.upsert(row),
                            None => state.index.remove(*id),
                        }
                    }
                    state.seen = Some(current);
                    Ok(())
                })
                .await
            }
            None => {
                let index = load_all(db).await?;
                *self.state.write().map_err(poisoned)? = State {
                    index,
                    seen: Some(current),
                };
                Ok(())
            }
        }
    }

    /// One page of hits and the total (see `evaluate::page`), with how the query was read;
    /// a query that finds nothing as read is relaxed step by step (see `reading`).
    pub async fn page(
        self: &Arc<Self>,
        db: &DatabaseConnection,
        query: Option<String>,
        filter: SearchFilter,
        sort: SearchSort,
        offset: u64,
        limit: u64,
    ) -> ApiResult<SearchPage> {
        self.catch_up(db).await?;
        let engine = self.clone();
        blocking(move || {
            let state = engine.state.read().map_err(poisoned)?;
            let index = &state.index;
            let Some(query) = query.filter(|query| !query.trim().is_empty()) else {
                return Ok(evaluate::page(
                    index,
                    &Plan::default(),
                    &filter,
                    sort,
                    offset,
                    limit,
                ));
            };
            let mut understanding = lexicon::understand(&query, &IndexWords(index));
            let mut reading = QueryReading::new(&query, &understanding);
            let mut found = evaluate::page(
                index,
                &plan(index, &understanding),
                &filter,
                sort,
                offset,
                limit,
            );
            let unknown = |keyword: &lexicon::Keyword| !keyword_holds_anywhere(index, keyword);
            while found.total == 0
                && let Some((relaxed, said)) = relax_once(&understanding, &unknown)
            {
                understanding = relaxed;
                reading.relaxed.extend(said);
                found = evaluate::page(
                    index,
                    &plan(index, &understanding),
                    &filter,
                    sort,
                    offset,
                    limit,
                );
            }
            found.reading = reading;
            Ok(found)
        })
        .await
    }

    /// The facet counts of a search (see `evaluate::facets`), of the query as read (not
    /// relaxed).
    pub async fn facets(
        self: &Arc<Self>,
        db: &DatabaseConnection,
        query: Option<String>,
        filter: SearchFilter,
    ) -> ApiResult<Vec<(Facet, Vec<FacetCount>)>> {
        self.catch_up(db).await?;
        let engine = self.clone();
        blocking(move || {
            let state = engine.state.read().map_err(poisoned)?;
            let index = &state.index;
            let plan = match query.filter(|query| !query.trim().is_empty()) {
                Some(query) => plan(index, &lexicon::understand(&query, &IndexWords(index))),
                None => Plan::default(),
            };
            Ok(evaluate::facets(index, &plan, &filter))
        })
        .await
    }
}

/// Runs `work` on the blocking pool: searching and loading are CPU work.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| ApiError::internal("search", err))?
}

async fn current_version(db: &DatabaseConnection) -> ApiResult<Version> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT generation, version FROM job_search_state WHERE id = 1",
        ))
        .await?
        .ok_or_else(|| ApiError::defect("the search index state row is missing"))?;
    Ok(Version {
        generation: row.try_get("", "generation")?,
        version: row.try_get("", "version")?,
    })
}

/// The postings changed after `seen` up to `current`, or none when there are too many to load
/// one by one.
async fn changed_since(
    db: &DatabaseConnection,
    seen: i64,
    current: i64,
) -> ApiResult<Option<Vec<Uuid>>> {
    let backend = db.get_database_backend();
    let (after, upto, most) = match backend {
        sea_orm::DbBackend::Postgres => ("$1", "$2", "$3"),
        _ => ("?1", "?2", "?3"),
    };
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT posting_id FROM job_search_changes \
                 WHERE version > {after} AND version <= {upto} LIMIT {most}"
            ),
            [
                seen.into(),
                current.into(),
                (MOST_CHANGES as i64 + 1).into(),
            ],
        ))
        .await?;
    if rows.len() > MOST_CHANGES {
        return Ok(None);
    }
    let ids = rows
        .iter()
        .map(|row| row.try_get::<Uuid>("", "posting_id"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(ids))
}

/// The index rows of the postings `ids` (the removed ones have none), a batch per statement.
async fn load_rows(db: &DatabaseConnection, ids: &[Uuid]) -> ApiResult<Vec<Row>> {
    let mut rows = Vec::new();
    for batch in ids.chunks(LOAD_BATCH as usize) {
        let found = job_search::Entity::find()
            .filter(job_search::Column::PostingId.is_in(batch.iter().copied()))
            .all(db)
            .await?;
        rows.extend(with_terms(db, found).await?);
    }
    Ok(rows)
}

/// A new index of every indexed posting, built a batch of rows at a time.
async fn load_all(db: &DatabaseConnection) -> ApiResult<MemoryIndex> {
    let mut index = MemoryIndex::default();
    let mut after: Option<Uuid> = None;
    loop {
        let mut query = job_search::Entity::find()
            .order_by_asc(job_search::Column::PostingId)
            .limit(LOAD_BATCH);
        if let Some(after) = after {
            query = query.filter(job_search::Column::PostingId.gt(after));
        }
        let found = query.all(db).await?;
        let Some(last) = found.last() else {
            return Ok(index);
        };
        after = Some(last.posting_id);
        let rows = with_terms(db, found).await?;
        index = blocking(move || {
            for row in &rows {
                index.upsert(row);
            }
            Ok(index)
        })
        .await?;
    }
}

async fn with_terms(db: &DatabaseConnection, found: Vec<job_search::Model>) -> ApiResult<Vec<Row>> {
    let mut terms: HashMap<Uuid, Vec<job_search_term::Model>> = HashMap::new();
    for term in job_search_term::Entity::find()
        .filter(job_search_term::Column::PostingId.is_in(found.iter().map(|row| row.posting_id)))
        .all(db)
        .await?
    {
        terms.entry(term.posting_id).or_default().push(term);
    }
    Ok(found
        .into_iter()
        .map(|search| Row {
            terms: terms.remove(&search.posting_id).unwrap_or_default(),
            search,
        })
        .collect())
}
