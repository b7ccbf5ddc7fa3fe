//! The event consumer: applies each event once (its id is recorded in the same transaction as
//! its effects) and acknowledges it only after commit, so a crash means redelivery, not loss.

use super::{CONSUMER_GROUP, MatchingService};
use entities::matching::processed_event;
use futures::StreamExt;
use kit::events::BusError;
use kit::{ApiResult, Event};
use sea_orm::{ActiveValue::Set, EntityTrait};

impl MatchingService {
    /// Joins the consumer group and handles deliveries until the task is aborted.
    pub async fn spawn_consumer(&self) -> Result<tokio::task::JoinHandle<()>, BusError> {
        let name = format!("matching-{}", uuid::Uuid::now_v7());
        let mut deliveries = self.bus().consume(CONSUMER_GROUP, &name).await?;
        let service = self.clone();
        Ok(tokio::spawn(async move {
            while let Some(delivery) = deliveries.next().await {
                match service.handle(&delivery.event).await {
                    Ok(()) => {
                        if let Err(err) = service.bus().ack(CONSUMER_GROUP, &delivery).await {
                            tracing::warn!(error = %err, "acknowledging event failed");
                        }
                    }
                    Err(err) => tracing::warn!(
                        event = %delivery.event.id,
                        event_type = %delivery.event.event_type,
                        code = err.code(),
                        "handling event failed; it stays pending"
                    ),
                }
            }
        }))
    }

    /// Applies one event: read-copy update, recomputation and resulting events, atomically.
    pub async fn handle(&self, event: &Event) -> ApiResult<()> {
        if !Self::interested_in(event) {
            return Ok(());
        }
        let txn = kit::db::begin_write(self.db()).await?;
        if processed_event::Entity::find_by_id(event.id)
            .one(&txn)
            .await?
            .is_some()
        {
            return Ok(());
        }
        processed_event::Entity::insert(processed_event::ActiveModel {
            event_id: Set(event.id),
            processed_at: Set(chrono::Utc::now()),
        })
        .exec(&txn)
        .await?;
        let updates = self.apply(&txn, event).await?;
        for update in &updates {
            self.outbox().enqueue(&txn, update).await?;
        }
        txn.commit().await?;
        if !updates.is_empty() {
            self.outbox().wake();
        }
        Ok(())
    }
}
