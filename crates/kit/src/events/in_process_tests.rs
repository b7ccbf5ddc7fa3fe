use super::*;
use contracts::EventName;

fn event() -> Event {
    Event::new(EventName::JobPublished, "job", serde_json::json!({}))
}

async fn next(stream: &mut BoxStream<'static, Delivery>) -> Delivery {
    tokio::time::timeout(Duration::from_secs(2), stream.next())
        .await
        .expect("a delivery in time")
        .expect("the stream goes on")
}

#[tokio::test]
async fn a_new_bus_holds_nothing_and_positions_grow() {
    let bus = InProcessBus::default();
    assert_eq!(bus.watermark("jobs_outbox").await.unwrap(), None);
    assert_eq!(
        bus.acknowledged_below().await.unwrap(),
        None,
        "no group yet"
    );
    let positions = bus
        .publish("jobs_outbox", &[event(), event(), event()])
        .await
        .unwrap();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "{positions:?}"
    );
    assert_eq!(
        bus.watermark("jobs_outbox").await.unwrap(),
        positions.last().copied()
    );
    assert_eq!(bus.watermark("users_outbox").await.unwrap(), None);
}

#[tokio::test]
async fn a_group_confirms_up_to_its_oldest_unacknowledged_event() {
    let bus = InProcessBus::default();
    let mut deliveries = bus.consume("matching", "a").await.unwrap();
    let positions = bus
        .publish("jobs_outbox", &[event(), event()])
        .await
        .unwrap();
    let first = next(&mut deliveries).await;
    let second = next(&mut deliveries).await;
    assert_eq!(bus.acknowledged_below().await.unwrap(), Some(positions[0]));
    bus.ack("matching", &second).await.unwrap();
    assert_eq!(
        bus.acknowledged_below().await.unwrap(),
        Some(positions[0]),
        "the first still holds it back"
    );
    assert_eq!(bus.group_status("matching").await.unwrap().pending, 1);
    bus.ack("matching", &first).await.unwrap();
    assert_eq!(
        bus.acknowledged_below().await.unwrap(),
        Some(positions[1].next())
    );
    assert_eq!(
        bus.group_status("matching").await.unwrap(),
        GroupStatus::default()
    );
}

#[tokio::test]
async fn a_released_member_hands_its_events_to_another_and_a_group_waits_for_members() {
    let bus = InProcessBus::default();
    let mut a = bus.consume("jobs", "a").await.unwrap();
    bus.publish("users_outbox", &[event()]).await.unwrap();
    let held = next(&mut a).await;
    assert_eq!(bus.release("jobs", "a").await.unwrap(), 1);
    assert_eq!(
        bus.group_status("jobs").await.unwrap().undelivered,
        1,
        "nobody to take it yet"
    );
    let mut b = bus.consume("jobs", "b").await.unwrap();
    assert_eq!(next(&mut b).await.event.id, held.event.id);
}

#[tokio::test]
async fn subscribers_see_an_event_published_twice_once() {
    let bus = InProcessBus::default();
    let mut subscriber = bus.subscribe();
    let once = event();
    bus.publish("jobs_outbox", std::slice::from_ref(&once))
        .await
        .unwrap();
    bus.publish("jobs_outbox", &[once.clone(), event()])
        .await
        .unwrap();
    let first = subscriber.next().await.unwrap();
    let second = subscriber.next().await.unwrap();
    assert_eq!(first.id, once.id);
    assert_ne!(second.id, once.id);
}

#[tokio::test]
async fn a_publish_expecting_more_than_the_bus_holds_writes_nothing() {
    let bus = InProcessBus::default();
    let sent = bus
        .publish_after("jobs_outbox", None, &[event()])
        .await
        .unwrap();
    assert!(
        bus.publish_after("jobs_outbox", Some(sent[0]), &[event()])
            .await
            .is_ok()
    );
    let watermark = bus.watermark("jobs_outbox").await.unwrap();
    let newest = watermark.expect("a watermark");
    let ahead = StreamPosition::new(newest.millis + 60_000, 0);
    let refused = bus
        .publish_after("jobs_outbox", Some(ahead), &[event()])
        .await;
    assert!(matches!(refused, Err(BusError::WatermarkBehind)));
    assert_eq!(bus.watermark("jobs_outbox").await.unwrap(), watermark);
    // A new process: its bus holds nothing of what the last one sent.
    let restarted = InProcessBus::default();
    let refused = restarted
        .publish_after("jobs_outbox", Some(sent[0]), &[event()])
        .await;
    assert!(matches!(refused, Err(BusError::WatermarkBehind)));
}
