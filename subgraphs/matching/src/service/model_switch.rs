//! Moving matching to another embedding model without mixing two models' scores in a list.
//!
//! Vectors and scores are stored with the model that made them, and scores of two models are
//! not comparable. The model changes when the one fetched on first start takes over from the
//! lexical fallback, or when a restart brings another one. Then, in the background:
//!
//! 1. every read-copy whose vector came from another model is embedded again, a few per short
//!    transaction, so events keep applying in between;
//! 2. one transaction embeds what events changed meanwhile, rescores every published posting
//!    and names the new model in `match_scoring_model`.
//!
//! Lists read only the scores of the model that row names ([`of_serving_model`]), so they show
//! the old scores until the transaction of step 2 commits and the new ones from then on. A pair
//! an event rescored during step 1 is already under the new model and waits for the switch.
//! A database that is busy (SQLite's one writer, a PostgreSQL restart) is retried with back-off
//! instead of ending the switch, and the embedder is replaced only inside the writers' lock,
//! so no recompute stores a vector under the wrong model's name.

use super::MatchingService;
use chrono::Utc;
use embeddings::Embedder;
use entities::matching::{candidate_copy, job_copy, match_result, scoring_model};
use kit::ApiResult;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect,
};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// Copies embedded per transaction in step 1.
const BATCH: u64 = 32;

/// The id of the one `match_scoring_model` row.
const ROW: i32 = 1;

/// Tries of a step on a busy database, and the first wait (doubling, at most [`MAX_BACKOFF`]).
const ATTEMPTS: u32 = 10;
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// The matches lists may show: those of the model `match_scoring_model` names (all of them
/// before a model was ever named).
pub fn of_serving_model() -> Condition {
    let serving = Query::select()
        .column(scoring_model::Column::ModelId)
        .from(scoring_model::Entity)
        .to_owned();
    Condition::any()
        .add(match_result::Column::ModelId.in_subquery(serving.clone()))
        .add(Expr::exists(serving).not())
}

fn stale(model_column: impl ColumnTrait, model: &str) -> Condition {
    Condition::any()
        .add(model_column.is_null())
        .add(model_column.ne(model))
}

/// What [`MatchingService::settle_model`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Settled {
    /// Copies embedded again.
    pub embedded: usize,
    /// Postings rescored in the switch (0 when the model did not change).
    pub rescored: usize,
}

/// Runs `step` again while the database is busy or unreachable for now.
async fn retrying<T, F, Fut>(what: &str, mut step: F) -> ApiResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ApiResult<T>>,
{
    let mut backoff = FIRST_BACKOFF;
    let mut attempt = 1;
    loop {
        match step().await {
            Err(error) if error.code() == "SERVICE_UNAVAILABLE" && attempt < ATTEMPTS => {
                tracing::info!(error = %error.report(), attempt, "{what}: database busy, retrying");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
                attempt += 1;
            }
            other => return other,
        }
    }
}

impl MatchingService {
    /// The model whose scores the lists show, once one was named.
    pub async fn serving_model(&self) -> ApiResult<Option<String>> {
        Ok(scoring_model::Entity::find_by_id(ROW)
            .one(self.db())
            .await?
            .map(|row| row.model_id))
    }

    /// Embeds with `embedder` from now on. The swap happens inside the writers' lock, between
    /// two recomputes, never during one; [`Self::settle_model`] then moves the scores.
    pub async fn adopt_model(&self, embedder: Arc<dyn Embedder>) -> ApiResult<()> {
        retrying("adopting the embedding model", || async {
            let txn = self.begin_rescoring().await?;
            self.embeddings()
                .replace(embedder.clone())
                .map_err(|error| kit::ApiError::internal("replace the embedding model", error))?;
            txn.commit().await?;
            Ok(())
        })
        .await
    }

    /// Brings every vector and score to the running model (steps 1 and 2 of the module doc).
    pub async fn settle_model(&self) -> ApiResult<Settled> {
        let model = self.embeddings().model_id();
        let mut settled = Settled::default();
        loop {
            let embedded = retrying("re-embedding candidates", || {
                self.embed_stale(Copies::Candidates, &model)
            })
            .await?;
            if embedded == 0 {
                break;
            }
            settled.embedded += embedded;
        }
        loop {
            let embedded = retrying("re-embedding postings", || {
                self.embed_stale(Copies::Postings, &model)
            })
            .await?;
            if embedded == 0 {
                break;
            }
            settled.embedded += embedded;
        }
        settled.rescored = retrying("switching the scores to the new model", || {
            self.switch_scores(&model)
        })
        .await?;
        Ok(settled)
    }

    /// Step 1: embeds up to [`BATCH`] stale copies in one transaction; how many it embedded.
    async fn embed_stale(&self, copies: Copies, model: &str) -> ApiResult<usize> {
        let ids = stale_ids(self.db(), copies, model, Some(BATCH)).await?;
        if ids.is_empty() {
            return Ok(0);
        }
        let txn = self.begin_rescoring().await?;
        if self.embeddings().model_id() != model {
            // Replaced meanwhile: the next settle works for the new model.
            return Ok(0);
        }
        for id in &ids {
            match copies {
                Copies::Candidates => self.embed_candidate(&txn, *id).await?,
                Copies::Postings => self.embed_job(&txn, *id).await?,
            }
        }
        txn.commit().await?;
        Ok(ids.len())
    }

    /// Step 2: in one transaction, embeds what is still stale, rescores every published posting
    /// when any stored score is of another model, and names `model` as the lists' model.
    /// Returns how many postings it rescored.
    async fn switch_scores(&self, model: &str) -> ApiResult<usize> {
        let txn = self.begin_rescoring().await?;
        if self.embeddings().model_id() != model {
            return Ok(0);
        }
        for copies in [Copies::Candidates, Copies::Postings] {
            for id in stale_ids(&txn, copies, model, None).await? {
                match copies {
                    Copies::Candidates => self.embed_candidate(&txn, id).await?,
                    Copies::Postings => self.embed_job(&txn, id).await?,
                }
            }
        }
        let serving = scoring_model::Entity::find_by_id(ROW).one(&txn).await?;
        let published_jobs = Query::select()
            .column(job_copy::Column::JobId)
            .from(job_copy::Entity)
            .and_where(job_copy::Column::Status.eq(contracts::JobStatus::Published.as_str()))
            .to_owned();
        let other_scores = match_result::Entity::find()
            .filter(stale(match_result::Column::ModelId, model))
            .filter(match_result::Column::JobId.in_subquery(published_jobs))
            .count(&txn)
            .await?;
        let mut rescored = 0;
        let mut raised = false;
        if other_scores > 0 || serving.as_ref().is_some_and(|row| row.model_id != model) {
            let published: Vec<Uuid> = job_copy::Entity::find()
                .select_only()
                .column(job_copy::Column::JobId)
                .filter(job_copy::Column::Status.eq(contracts::JobStatus::Published.as_str()))
                .into_tuple()
                .all(&txn)
                .await?;
            for job_id in published {
                let events = self.recompute_for_job(&txn, job_id).await?;
                for event in &events {
                    self.outbox().enqueue(&txn, event).await?;
                }
                raised |= !events.is_empty();
                rescored += 1;
            }
        }
        if serving.as_ref().is_none_or(|row| row.model_id != model) {
            scoring_model::Entity::insert(scoring_model::ActiveModel {
                id: Set(ROW),
                model_id: Set(model.to_owned()),
                switched_at: Set(Utc::now()),
            })
            .on_conflict(
                OnConflict::column(scoring_model::Column::Id)
                    .update_columns([
                        scoring_model::Column::ModelId,
                        scoring_model::Column::SwitchedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        }
        txn.commit().await?;
        if raised {
            self.outbox().wake();
        }
        Ok(rescored)
    }

    /// At start: settles the scores on the model the process started with; then, when the
    /// configured model had to be fetched, adopts it once it is there and settles again.
    pub fn spawn_model_upkeep(&self) -> tokio::task::JoinHandle<()> {
        let service = self.clone();
        tokio::spawn(async move {
            let running = service.embeddings().model_id();
            embeddings::note_started_with(&running);
            service.settle_and_log().await;
            if let Some(model) = embeddings::fetch_configured_model(&running).await {
                match service.adopt_model(model).await {
                    Ok(()) => {
                        tracing::info!(
                            model = %service.embeddings().model_id(),
                            "matching now embeds with the fetched model; rescoring in the background"
                        );
                        service.settle_and_log().await;
                    }
                    Err(error) => {
                        tracing::warn!(error = %error.report(), "adopting the fetched model failed")
                    }
                }
            }
        })
    }

    async fn settle_and_log(&self) {
        match self.settle_model().await {
            Ok(Settled {
                embedded: 0,
                rescored: 0,
            }) => {}
            Ok(settled) => tracing::info!(
                model = %self.embeddings().model_id(),
                embedded = settled.embedded,
                rescored = settled.rescored,
                "matching scores are on the current model"
            ),
            Err(error) => {
                tracing::warn!(error = %error.report(), "moving scores to the current model failed")
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Copies {
    Candidates,
    Postings,
}

/// Active candidates or published postings whose vector is not of `model`.
async fn stale_ids(
    conn: &impl ConnectionTrait,
    copies: Copies,
    model: &str,
    limit: Option<u64>,
) -> ApiResult<Vec<Uuid>> {
    Ok(match copies {
        Copies::Candidates => {
            candidate_copy::Entity::find()
                .select_only()
                .column(candidate_copy::Column::UserId)
                .filter(candidate_copy::Column::Active.eq(true))
                .filter(stale(candidate_copy::Column::EmbeddingModel, model))
                .limit(limit)
                .into_tuple()
                .all(conn)
                .await?
        }
        Copies::Postings => {
            job_copy::Entity::find()
                .select_only()
                .column(job_copy::Column::JobId)
                .filter(job_copy::Column::Status.eq(contracts::JobStatus::Published.as_str()))
                .filter(stale(job_copy::Column::EmbeddingModel, model))
                .limit(limit)
                .into_tuple()
                .all(conn)
                .await?
        }
    })
}
