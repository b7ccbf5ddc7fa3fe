use super::*;
use crate::events::{InProcessBus, SharedBus};
use crate::lifecycle::Shutdown;
use crate::metrics::Metrics;
use crate::test_databases::both;
use contracts::EventName;
use futures::StreamExt;
use migrations::UsersMigrator;
use sea_orm::{DatabaseConnection, TransactionTrait};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

fn outbox() -> Outbox {
    Outbox::new(migrations::users::EVENTS)
}

async fn enqueue(db: &DatabaseConnection, aggregate: &str) -> Event {
    let txn = db.begin().await.unwrap();
    let event = outbox()
        .enqueue(
            &txn,
            &Event::new(EventName::UserUpdated, aggregate, serde_json::json!({})),
        )
        .await
        .unwrap();
    txn.commit().await.unwrap();
    event
}

fn relay(db: &DatabaseConnection, bus: &SharedBus) -> Relay {
    Relay::new(
        outbox(),
        db.clone(),
        bus.clone(),
        Metrics::new("users"),
        RelaySettings::default(),
    )
}

#[tokio::test]
async fn each_aggregate_counts_its_own_versions() {
    for database in both::<UsersMigrator>().await {
        let db = &database.db;
        let versions: Vec<i64> = [
            enqueue(db, "a").await,
            enqueue(db, "a").await,
            enqueue(db, "b").await,
            enqueue(db, "a").await,
        ]
        .iter()
        .map(|event| event.aggregate_version)
        .collect();
        assert_eq!(versions, [1, 2, 1, 3], "{}", database.name);
    }
}

/// What a consumer group receives, by event id.
async fn received(bus: &SharedBus, group: &str, expected: usize) -> HashMap<Uuid, usize> {
    let mut deliveries = bus.consume(group, "reader").await.unwrap();
    let mut seen = HashMap::new();
    while let Ok(Some(delivery)) =
        tokio::time::timeout(Duration::from_millis(300), deliveries.next()).await
    {
        *seen.entry(delivery.event.id).or_insert(0) += 1;
        bus.ack(group, &delivery).await.unwrap();
        if seen.values().sum::<usize>() > expected + 50 {
            break;
        }
    }
    seen
}

#[tokio::test]
async fn two_relays_on_one_outbox_publish_each_row_once() {
    for database in both::<UsersMigrator>().await {
        let db = &database.db;
        let bus: SharedBus = Arc::new(InProcessBus::default());
        // The group exists before anything is published, as consumers join before serving.
        let _ = bus.consume("counting", "reader").await.unwrap();
        let mut ids = Vec::new();
        for n in 0..250 {
            ids.push(enqueue(db, &format!("user-{}", n % 7)).await.id);
        }
        let (first, second) = (relay(db, &bus), relay(db, &bus));
        let drain = |relay: Relay| async move {
            let mut sent = 0;
            loop {
                match relay.publish_batch().await.expect("a pass") {
                    0 => return sent,
                    n => sent += n,
                }
            }
        };
        let (a, b) = tokio::join!(drain(first), drain(second));
        assert_eq!(a + b, 250, "{}: {a} + {b}", database.name);
        let seen = received(&bus, "counting", 250).await;
        assert_eq!(seen.len(), 250, "{}", database.name);
        assert!(
            seen.values().all(|count| *count == 1),
            "{}: a row went out twice",
            database.name
        );
    }
}

#[tokio::test]
async fn a_new_event_does_not_hide_what_the_bus_lost_before_it() {
    for database in both::<UsersMigrator>().await {
        let db = &database.db;
        let before: SharedBus = Arc::new(InProcessBus::default());
        let mut lost = Vec::new();
        for n in 0..3 {
            lost.push(enqueue(db, &format!("lost-{n}")).await.id);
        }
        assert_eq!(relay(db, &before).publish_batch().await.unwrap(), 3);

        // The broker restarts empty, and the next thing the relay does is publish a new row
        // (no housekeeping in between): it must not go out ahead of the loss being seen.
        let after: SharedBus = Arc::new(InProcessBus::default());
        let mut fresh = after.consume("matching", "a").await.unwrap();
        let newer = enqueue(db, "newer").await.id;
        let relay = relay(db, &after);
        assert_eq!(
            relay.publish_batch().await.unwrap(),
            0,
            "{}: refused, and the lost rows marked unsent",
            database.name
        );
        assert_eq!(relay.publish_batch().await.unwrap(), 4, "{}", database.name);
        let mut received = Vec::new();
        for _ in 0..4 {
            received.push(fresh.next().await.unwrap().event.id);
        }
        let mut expected = lost.clone();
        expected.push(newer);
        assert_eq!(
            received, expected,
            "{}: the lost ones first, in order",
            database.name
        );
        assert_eq!(relay.repair_lost().await.unwrap(), 0, "{}", database.name);
    }
}

#[tokio::test]
async fn what_a_bus_lost_and_no_group_confirmed_is_published_again() {
    for database in both::<UsersMigrator>().await {
        let db = &database.db;
        let before: SharedBus = Arc::new(InProcessBus::default());
        let mut group = before.consume("matching", "a").await.unwrap();
        let events: Vec<Event> = futures::future::join_all((0..5).map(|n| {
            let db = db.clone();
            async move { enqueue(&db, &format!("user-{n}")).await }
        }))
        .await;
        let sent = relay(db, &before);
        assert_eq!(sent.publish_batch().await.unwrap(), 5);
        // The group applies two of them, then the broker loses everything (a new bus).
        let mut applied = Vec::new();
        for _ in 0..2 {
            let delivery = group.next().await.unwrap();
            before.ack("matching", &delivery).await.unwrap();
            applied.push(delivery.event.id);
        }
        sent.confirm_and_purge().await.unwrap();
        assert_eq!(
            sent.repair_lost().await.unwrap(),
            0,
            "{}: nothing lost yet",
            database.name
        );

        let after: SharedBus = Arc::new(InProcessBus::default());
        let mut fresh = after.consume("matching", "a").await.unwrap();
        let relay = relay(db, &after);
        assert_eq!(relay.repair_lost().await.unwrap(), 3, "{}", database.name);
        assert_eq!(relay.publish_batch().await.unwrap(), 3);
        let mut again = Vec::new();
        for _ in 0..3 {
            again.push(fresh.next().await.unwrap().event.id);
        }
        again.sort();
        let mut unconfirmed: Vec<Uuid> = events
            .iter()
            .map(|event| event.id)
            .filter(|id| !applied.contains(id))
            .collect();
        unconfirmed.sort();
        assert_eq!(
            again, unconfirmed,
            "{}: the three the group never confirmed",
            database.name
        );
        assert_eq!(
            relay.repair_lost().await.unwrap(),
            0,
            "{}: repaired once",
            database.name
        );
    }
}

#[tokio::test]
async fn replays_follow_bus_order_and_confirmed_rows_leave_after_retention() {
    for database in both::<UsersMigrator>().await {
        let db = &database.db;
        let bus: SharedBus = Arc::new(InProcessBus::default());
        let mut group = bus.consume("jobs", "a").await.unwrap();
        let first = enqueue(db, "a").await;
        let second = enqueue(db, "b").await;
        let third = enqueue(db, "a").await;
        let relay = Relay::new(
            outbox(),
            db.clone(),
            bus.clone(),
            Metrics::new("users"),
            RelaySettings {
                retention: Duration::ZERO,
                batch: 100,
            },
        );
        relay.publish_batch().await.unwrap();
        let ReplayStart::After(from) = outbox().replay_start(db, first.id).await.unwrap() else {
            panic!("{}: the first event was published", database.name);
        };
        let types = [EventName::UserUpdated.as_str()];
        let replayed: Vec<Uuid> = outbox()
            .replay(db, from, &types, None, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|(_, event)| event.id)
            .collect();
        assert_eq!(replayed, [second.id, third.id], "{}", database.name);
        let only_a: Vec<Uuid> = outbox()
            .replay(db, from, &types, Some("a"), 10)
            .await
            .unwrap()
            .into_iter()
            .map(|(_, event)| event.id)
            .collect();
        assert_eq!(only_a, [third.id], "{}", database.name);
        assert_eq!(
            outbox().replay_start(db, Uuid::now_v7()).await.unwrap(),
            ReplayStart::Unknown
        );

        for _ in 0..3 {
            let delivery = group.next().await.unwrap();
            bus.ack("jobs", &delivery).await.unwrap();
        }
        relay.confirm_and_purge().await.unwrap();
        // Confirmed, and a zero retention: gone.
        assert_eq!(
            outbox().replay_start(db, first.id).await.unwrap(),
            ReplayStart::Unknown,
            "{}",
            database.name
        );
    }
}

#[tokio::test]
async fn the_relay_task_publishes_what_is_enqueued_and_stops_on_shutdown() {
    for database in both::<UsersMigrator>().await {
        let db = &database.db;
        let bus: SharedBus = Arc::new(InProcessBus::default());
        let mut group = bus.consume("jobs", "a").await.unwrap();
        let (trigger, shutdown) = crate::lifecycle::shutdown_signal();
        let task = relay(db, &bus).spawn(shutdown);
        let event = enqueue(db, "a").await;
        outbox().wake();
        let delivered = tokio::time::timeout(Duration::from_secs(5), group.next())
            .await
            .expect("published in time")
            .unwrap();
        assert_eq!(delivered.event.id, event.id);
        assert_eq!(delivered.event.aggregate_version, 1);
        trigger.trigger();
        tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .expect("stops")
            .unwrap();
        let _ = Shutdown::never();
    }
}
