//! Matching as a consumer of other subgraphs' events: `kit::consumer` gives the delivery
//! guarantees (each event applied once, acknowledged after commit); `copies` says what an
//! event does.

use super::{CONSUMER_GROUP, MatchingService};
use kit::consumer::{Consumer, EventApplier};
use kit::events::BusError;
use kit::{ApiResult, Event};
use sea_orm::DatabaseTransaction;

impl EventApplier for MatchingService {
    fn interested_in(&self, event: &Event) -> bool {
        Self::follows(event)
    }

    async fn apply(&self, txn: &DatabaseTransaction, event: &Event) -> ApiResult<Vec<Event>> {
        self.apply_event(txn, event).await
    }

    async fn prepare(&self, event: &Event) -> ApiResult<()> {
        self.warm_embeddings(event).await
    }
}

impl MatchingService {
    fn consumer(&self) -> Consumer<MatchingService> {
        Consumer {
            group: CONSUMER_GROUP,
            processed_table: "match_processed_events",
            db: self.db().clone(),
            bus: self.bus().clone(),
            outbox: self.outbox().clone(),
            applier: self.clone(),
        }
    }

    /// Joins the consumer group and handles deliveries until the task is aborted.
    pub async fn spawn_consumer(&self) -> Result<tokio::task::JoinHandle<()>, BusError> {
        self.consumer().spawn().await
    }

    /// Applies one event (read-copy update, recomputation and resulting events) atomically,
    /// unless it was applied before.
    pub async fn handle(&self, event: &Event) -> ApiResult<()> {
        self.consumer().handle(event).await
    }
}
