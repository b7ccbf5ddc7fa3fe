//! Matching as a consumer of other subgraphs' events: `kit::consumer` gives the delivery
//! guarantees (each event applied once, acknowledged after commit); `copies` says what an
//! event does.

use super::{CONSUMER_GROUP, MatchingService};
use kit::consumer::{Consumer, ConsumerSettings, Effect, EventApplier, Outcome};
use kit::copies::CopyLedger;
use kit::events::BusError;
use kit::lifecycle::Shutdown;
use kit::{ApiResult, Event};
use sea_orm::DatabaseTransaction;

impl EventApplier for MatchingService {
    fn interested_in(&self, event: &Event) -> bool {
        Self::follows(event)
    }

    async fn apply(
        &self,
        txn: &DatabaseTransaction,
        ledger: CopyLedger,
        event: &Event,
    ) -> ApiResult<Effect> {
        self.apply_event(txn, ledger, event).await
    }

    async fn prepare(&self, event: &Event) -> ApiResult<()> {
        self.warm_embeddings(event).await
    }
}

impl MatchingService {
    /// The consumer of this instance. Events apply one at a time across instances: applying
    /// one reads one side (a candidate, a posting) and writes its pairs across the other, so two
    /// in parallel could each score a pair from the other side's old state.
    pub fn consumer(&self, settings: ConsumerSettings) -> Consumer<MatchingService> {
        Consumer {
            group: CONSUMER_GROUP,
            tables: migrations::matching::CONSUMER,
            db: self.db().clone(),
            bus: self.bus().clone(),
            outbox: self.outbox().clone(),
            applier: self.clone(),
            metrics: self.metrics().clone(),
            settings: ConsumerSettings {
                one_at_a_time: true,
                ..settings
            },
        }
    }

    /// Joins the consumer group and handles deliveries until `shutdown`.
    pub async fn spawn_consumer(
        &self,
        settings: ConsumerSettings,
        shutdown: Shutdown,
    ) -> Result<tokio::task::JoinHandle<()>, BusError> {
        self.consumer(settings).spawn(shutdown).await
    }

    /// Applies one event (read-copy update, recomputation and resulting events) atomically,
    /// unless it was applied before or is older than the copies.
    pub async fn handle(&self, event: &Event) -> ApiResult<Outcome> {
        self.consumer(ConsumerSettings::default())
            .handle(event)
            .await
    }
}
