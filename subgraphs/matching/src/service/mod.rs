//! The matching domain: event handling into read-copies, scoring and recomputation.

mod access;
mod consumer;
mod copies;
mod disclosure;
pub use copies::{FOLLOWED_EVENTS, candidate_rows};
pub mod engine;
mod gaps;
mod match_pages;
mod model_switch;
mod recommendations;
mod recompute;
pub mod scoring;
mod workflow;

pub use access::{ReadRule, Reader};
pub use disclosure::{CandidateChoice, INTERESTED, shown_to_companies};
pub use gaps::{GateGap, MOST_POSTINGS, RecommendationGaps};
pub use match_pages::{MatchFilter, MatchOrder, MatchPage};
pub use model_switch::{Settled, of_serving_model};
pub use recommendations::Recommendations;
pub use workflow::MatchStatus;

use embeddings::EmbeddingService;
use kit::ApiResult;
use kit::events::SharedBus;
use kit::metrics::Metrics;
use kit::outbox::Outbox;
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use std::sync::Arc;

/// The consumer group every matching instance joins: each event is handled by one of them.
pub const CONSUMER_GROUP: &str = "matching";

#[derive(Clone)]
pub struct MatchingService {
    db: DatabaseConnection,
    outbox: Outbox,
    bus: SharedBus,
    embeddings: Arc<EmbeddingService>,
    metrics: Metrics,
}

impl MatchingService {
    /// A service embedding with the process's shared embedding service (the configured model
    /// when its files are found, else the lexical fallback until it is fetched; see
    /// `embeddings::shared_service`).
    pub fn new(db: DatabaseConnection, bus: SharedBus) -> Self {
        Self::with_embeddings(db, bus, embeddings::shared_service())
    }

    pub fn with_embeddings(
        db: DatabaseConnection,
        bus: SharedBus,
        embeddings: Arc<EmbeddingService>,
    ) -> Self {
        Self {
            db,
            outbox: Outbox::new(migrations::matching::EVENTS),
            bus,
            embeddings,
            metrics: Metrics::new("matching"),
        }
    }

    /// This instance's metrics (`/metrics`).
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// A transaction that rescored pairs may be written in: it waits for the event consumer of
    /// every instance (see [`Self::consumer`]), so scores are computed from committed copies.
    pub(crate) async fn begin_rescoring(&self) -> ApiResult<DatabaseTransaction> {
        let txn = kit::db::begin_write(&self.db).await?;
        kit::db::serialize_writers(&txn, CONSUMER_GROUP).await?;
        Ok(txn)
    }

    pub fn embeddings(&self) -> &EmbeddingService {
        &self.embeddings
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    pub fn bus(&self) -> &SharedBus {
        &self.bus
    }
}
