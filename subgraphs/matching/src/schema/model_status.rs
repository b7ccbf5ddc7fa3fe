//! `matchingModel`: which embedding model matching runs, whether it is the configured one, and
//! which model's scores the lists show. A fresh install fetches its model on first start and
//! answers on the lexical fallback meanwhile; this is how a client or an operator sees that,
//! and every `Match.modelId` says which model scored it.

use crate::service::MatchingService;
use async_graphql::{Context, Enum, Object, Result, SimpleObject};
use embeddings::ModelStatus;

/// Where the configured embedding model stands in this matching instance.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum EmbeddingModelState {
    /// The configured model is loaded and embeds.
    Ready,
    /// The configured model is being downloaded; the lexical fallback embeds meanwhile.
    Fetching,
    /// The configured model could not be had (see the server log); the fallback embeds.
    Fallback,
}

/// The embedding model of matching.
#[derive(SimpleObject)]
pub struct MatchingModel {
    /// The model that embeds now, e.g. `intfloat/multilingual-e5-small` or the lexical
    /// fallback `iworkz/lexical-hash-v1`.
    model_id: String,
    /// The model this instance is configured to run (`EMBEDDING_MODEL`).
    configured_model_id: String,
    /// Whether the configured model runs, is on its way, or could not be had.
    state: EmbeddingModelState,
    /// How much of the configured model has been downloaded, in percent, while fetching.
    fetched_percent: Option<i32>,
    /// The model whose scores the lists show. It changes in one step once every score was
    /// computed again with a new model, so a list never mixes two models.
    scores_model_id: Option<String>,
}

#[derive(Default)]
pub struct ModelQueries;

#[Object]
impl ModelQueries {
    /// Which embedding model matching runs and which model's scores the lists show. Public:
    /// it names models, nothing about users.
    async fn matching_model(&self, ctx: &Context<'_>) -> Result<MatchingModel> {
        let service = ctx.data::<MatchingService>()?;
        let model_id = service.embeddings().model_id();
        let configured_model_id = embeddings::ModelChoice::configured().model_id().to_owned();
        let (state, fetched_percent) = match embeddings::model_status() {
            Some(ModelStatus::Fetching { percent, .. }) => {
                (EmbeddingModelState::Fetching, Some(i32::from(percent)))
            }
            _ if model_id == configured_model_id => (EmbeddingModelState::Ready, None),
            _ => (EmbeddingModelState::Fallback, None),
        };
        Ok(MatchingModel {
            model_id,
            configured_model_id,
            state,
            fetched_percent,
            scores_model_id: service.serving_model().await?,
        })
    }
}
