//! The delivery loop with a real bus and database: an event that keeps failing becomes a dead
//! letter after the allowed attempts and the consumer moves on; a retried dead letter that
//! fails again stays open; a discarded one is recorded as handled.

use super::*;
use crate::events::InProcessBus;
use crate::lifecycle::shutdown_signal;
use crate::test_databases::both;
use contracts::EventName;
use migrations::JobsMigrator;
use std::sync::Arc;

/// Applies `company.member_added` events, failing those whose payload says `"poison": true`.
#[derive(Clone)]
struct Picky;

impl EventApplier for Picky {
    fn interested_in(&self, event: &Event) -> bool {
        event.is(EventName::CompanyMemberAdded)
    }

    async fn apply(
        &self,
        _txn: &DatabaseTransaction,
        _ledger: CopyLedger,
        event: &Event,
    ) -> ApiResult<Effect> {
        if event.payload["poison"] == true {
            return Err(ApiError::defect("this payload never applies"));
        }
        Ok(Effect::none())
    }
}

fn event(poison: bool) -> Event {
    Event::new(
        EventName::CompanyMemberAdded,
        "c",
        serde_json::json!({"poison": poison}),
    )
}

#[tokio::test]
async fn a_poison_event_becomes_a_dead_letter_and_the_consumer_moves_on() {
    for database in both::<JobsMigrator>().await {
        let bus: SharedBus = Arc::new(InProcessBus::default());
        let consumer = Consumer {
            group: "jobs",
            tables: migrations::jobs::CONSUMER,
            db: database.db.clone(),
            bus: bus.clone(),
            outbox: Outbox::new(migrations::jobs::EVENTS),
            applier: Picky,
            metrics: Metrics::new("jobs"),
            settings: ConsumerSettings {
                max_attempts: 3,
                ..ConsumerSettings::default()
            },
        };
        let (trigger, shutdown) = shutdown_signal();
        let task = consumer.clone().spawn(shutdown).await.unwrap();
        let (poison, fine) = (event(true), event(false));
        bus.publish("users_outbox", &[poison.clone(), fine.clone()])
            .await
            .unwrap();
        let mut moved_on = false;
        for _ in 0..100 {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            if consumer.already_applied(&fine).await.unwrap() {
                moved_on = true;
                break;
            }
        }
        assert!(
            moved_on,
            "{}: the consumer moved on past the poison",
            database.name
        );
        let letter = consumer.dead_letter(poison.id).await.unwrap();
        assert_eq!(letter.attempts, 3, "{}", database.name);
        assert!(letter.is_open() && letter.error.contains("never applies"));
        assert_eq!(consumer.metrics.sum("events_dead_lettered_total"), 1.0);
        // The acknowledgement follows the commit: wait for it rather than race it.
        let mut pending = bus.group_status("jobs").await.unwrap().pending;
        for _ in 0..100 {
            if pending == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            pending = bus.group_status("jobs").await.unwrap().pending;
        }
        assert_eq!(pending, 0, "{}: acknowledged", database.name);

        let retried = consumer
            .retry_dead_letter(poison.id, uuid::Uuid::now_v7())
            .await
            .unwrap();
        assert!(retried.is_open(), "{}: it fails again", database.name);
        assert_eq!(retried.attempts, 4);
        let by = uuid::Uuid::now_v7();
        let discarded = consumer.discard_dead_letter(poison.id, by).await.unwrap();
        assert_eq!(discarded.resolution, Some(Resolution::Discarded));
        assert_eq!(discarded.resolved_by, Some(by));
        assert_eq!(
            consumer.handle(&poison).await.unwrap(),
            Outcome::Duplicate,
            "never applied later"
        );
        assert!(matches!(
            consumer.discard_dead_letter(poison.id, by).await,
            Err(ApiError::Conflict(_))
        ));
        trigger.trigger();
        task.await.unwrap();
    }
}
