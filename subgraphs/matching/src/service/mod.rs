//! The matching domain: event handling into read-copies, scoring and recomputation.

mod access;
mod consumer;
mod copies;
pub use copies::candidate_rows;
pub mod engine;
mod match_pages;
mod recommendations;
mod recompute;
mod refresh;
pub mod scoring;
mod workflow;

pub use access::Reader;
pub use match_pages::{MatchFilter, MatchOrder, MatchPage};
pub use recommendations::Recommendations;
pub use workflow::MatchStatus;

use embeddings::EmbeddingService;
use kit::events::SharedBus;
use kit::outbox::Outbox;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// The consumer group every matching instance joins: each event is handled by one of them.
pub const CONSUMER_GROUP: &str = "matching";

#[derive(Clone)]
pub struct MatchingService {
    db: DatabaseConnection,
    outbox: Outbox,
    bus: SharedBus,
    embeddings: Arc<EmbeddingService>,
}

impl MatchingService {
    /// A service embedding with the process's shared model (MiniLM when its files are
    /// found, else the lexical fallback; see `embeddings::load_shared`).
    pub fn new(db: DatabaseConnection, bus: SharedBus) -> Self {
        let embedder = embeddings::load_shared(None);
        Self::with_embeddings(db, bus, Arc::new(EmbeddingService::new(embedder)))
    }

    pub fn with_embeddings(
        db: DatabaseConnection,
        bus: SharedBus,
        embeddings: Arc<EmbeddingService>,
    ) -> Self {
        Self {
            db,
            outbox: Outbox::new(migrations::matching::OUTBOX_TABLE),
            bus,
            embeddings,
        }
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
