//! Bringing stored vectors to the running model. A vector is stored with the model that made
//! it; after a model change (the MiniLM files appeared, or were replaced) every copy whose
//! vector came from another model is embedded again, in small batches, and each published
//! posting is rescored with its new vector. Runs in the background at start-up so serving
//! never waits for it; events apply meanwhile and embed what they touch themselves.

use super::MatchingService;
use entities::matching::{candidate_copy, job_copy};
use kit::ApiResult;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// Copies embedded per transaction.
const BATCH: u64 = 32;

fn stale(model_column: impl ColumnTrait, model: &str) -> Condition {
    Condition::any()
        .add(model_column.is_null())
        .add(model_column.ne(model))
}

impl MatchingService {
    /// Re-embeds every stale candidate, then every stale published posting (rescoring it);
    /// returns how many copies it embedded.
    pub async fn refresh_stale_vectors(&self) -> ApiResult<usize> {
        let model = self.embeddings().model_id().to_owned();
        let mut refreshed = 0;
        loop {
            let ids: Vec<Uuid> = candidate_copy::Entity::find()
                .select_only()
                .column(candidate_copy::Column::UserId)
                .filter(candidate_copy::Column::Active.eq(true))
                .filter(stale(candidate_copy::Column::EmbeddingModel, &model))
                .limit(BATCH)
                .into_tuple()
                .all(self.db())
                .await?;
            if ids.is_empty() {
                break;
            }
            let txn = self.begin_rescoring().await?;
            for id in &ids {
                self.embed_candidate(&txn, *id).await?;
            }
            txn.commit().await?;
            refreshed += ids.len();
        }
        loop {
            let ids: Vec<Uuid> = job_copy::Entity::find()
                .select_only()
                .column(job_copy::Column::JobId)
                .filter(job_copy::Column::Status.eq("published"))
                .filter(stale(job_copy::Column::EmbeddingModel, &model))
                .limit(1)
                .into_tuple()
                .all(self.db())
                .await?;
            let Some(id) = ids.first() else {
                break;
            };
            // One posting per transaction: its rescoring raises events, which go out through
            // the outbox like those of any recompute.
            let txn = self.begin_rescoring().await?;
            let events = self.recompute_for_job(&txn, *id).await?;
            for event in &events {
                self.outbox().enqueue(&txn, event).await?;
            }
            // A posting with no text keeps no vector: mark it current so it is not retried.
            job_copy::Entity::update_many()
                .col_expr(
                    job_copy::Column::EmbeddingModel,
                    sea_orm::sea_query::Expr::value(model.clone()),
                )
                .filter(job_copy::Column::JobId.eq(*id))
                .filter(stale(job_copy::Column::EmbeddingModel, &model))
                .exec(&txn)
                .await?;
            txn.commit().await?;
            if !events.is_empty() {
                self.outbox().wake();
            }
            refreshed += 1;
        }
        Ok(refreshed)
    }

    /// Spawns [`Self::refresh_stale_vectors`], logging what it did.
    pub fn spawn_vector_refresh(&self) -> tokio::task::JoinHandle<()> {
        let service = self.clone();
        tokio::spawn(async move {
            match service.refresh_stale_vectors().await {
                Ok(0) => {}
                Ok(count) => {
                    tracing::info!(count, "re-embedded matching copies for the current model")
                }
                Err(error) => {
                    tracing::warn!(error = %error.report(), "re-embedding stale copies failed")
                }
            }
        })
    }
}
