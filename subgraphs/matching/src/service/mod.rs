//! The matching domain: event handling into read-copies, scoring and recomputation.

mod access;
mod consumer;
mod copies;
mod match_pages;
mod recommendations;
mod recompute;
pub mod scoring;
mod workflow;

pub use access::Reader;
pub use match_pages::{MatchFilter, MatchOrder, MatchPage};
pub use recommendations::Recommendations;
pub use workflow::MatchStatus;

use kit::events::SharedBus;
use kit::outbox::Outbox;
use sea_orm::DatabaseConnection;

/// The consumer group every matching instance joins: each event is handled by one of them.
pub const CONSUMER_GROUP: &str = "matching";

#[derive(Clone)]
pub struct MatchingService {
    db: DatabaseConnection,
    outbox: Outbox,
    bus: SharedBus,
}

impl MatchingService {
    pub fn new(db: DatabaseConnection, bus: SharedBus) -> Self {
        Self {
            db,
            outbox: Outbox::new(migrations::matching::OUTBOX_TABLE),
            bus,
        }
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
