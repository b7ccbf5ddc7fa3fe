//! The Redis bus against a real Redis (`REDIS_URL`, required in CI), each test on its own
//! stream.

use super::*;
use contracts::EventName;

fn redis_url() -> Option<String> {
    let url = std::env::var("REDIS_URL")
        .ok()
        .filter(|url| !url.is_empty());
    if url.is_none() && std::env::var("CI").is_ok_and(|ci| ci == "true") {
        panic!("REDIS_URL must be set in CI: run the suite with scripts/test.sh");
    }
    url
}

async fn bus() -> Option<(RedisBus, redis::aio::ConnectionManager)> {
    let url = redis_url()?;
    let stream = format!("iworkz:test:{}", uuid::Uuid::now_v7());
    let bus = RedisBus::connect(&url, &stream).await.expect("redis");
    let admin = bus.writer.clone();
    Some((bus, admin))
}

fn event() -> Event {
    Event::new(EventName::JobPublished, "job", serde_json::json!({}))
}

async fn next(stream: &mut BoxStream<'static, Delivery>, within: Duration) -> Delivery {
    tokio::time::timeout(within, stream.next())
        .await
        .expect("a delivery in time")
        .expect("the stream goes on")
}

#[tokio::test]
async fn publishing_moves_the_watermark_and_acknowledging_the_confirmed_point() {
    let Some((bus, _)) = bus().await else { return };
    assert_eq!(bus.watermark("jobs_outbox").await.unwrap(), None);
    assert_eq!(
        bus.acknowledged_below().await.unwrap(),
        None,
        "no stream, no group"
    );
    let mut group = bus.consume("matching", "a").await.unwrap();
    let positions = bus
        .publish("jobs_outbox", &[event(), event()])
        .await
        .unwrap();
    assert_eq!(positions.len(), 2);
    assert_eq!(
        bus.watermark("jobs_outbox").await.unwrap(),
        Some(positions[1])
    );
    let first = next(&mut group, Duration::from_secs(5)).await;
    let second = next(&mut group, Duration::from_secs(5)).await;
    assert_eq!(bus.acknowledged_below().await.unwrap(), Some(positions[0]));
    bus.ack("matching", &first).await.unwrap();
    assert_eq!(bus.acknowledged_below().await.unwrap(), Some(positions[1]));
    let status = bus.group_status("matching").await.unwrap();
    assert_eq!(status.pending, 1);
    bus.ack("matching", &second).await.unwrap();
    assert_eq!(
        bus.acknowledged_below().await.unwrap(),
        Some(positions[1].next())
    );
    bus.ping().await.unwrap();
}

#[tokio::test]
async fn a_consumer_survives_its_stream_and_group_being_lost() {
    let Some((bus, mut admin)) = bus().await else {
        return;
    };
    let mut group = bus.consume("jobs", "a").await.unwrap();
    bus.publish("users_outbox", &[event()]).await.unwrap();
    let delivered = next(&mut group, Duration::from_secs(5)).await;
    bus.ack("jobs", &delivered).await.unwrap();
    // What a restart without persistence does to this stream: gone, with its groups.
    let _: i64 = admin.del(&bus.stream).await.unwrap();
    let _: i64 = admin.del(bus.watermark_key("users_outbox")).await.unwrap();
    assert_eq!(bus.watermark("users_outbox").await.unwrap(), None);
    let lost_and_found = event();
    // The reader notices the missing group on its next read and recreates it from the start.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    bus.publish("users_outbox", std::slice::from_ref(&lost_and_found))
        .await
        .unwrap();
    let delivered = next(&mut group, Duration::from_secs(10)).await;
    assert_eq!(delivered.event.id, lost_and_found.id);
}

#[tokio::test]
async fn released_events_are_taken_over_at_once_and_restarted_members_get_theirs_back() {
    let Some((bus, _)) = bus().await else { return };
    let mut a = bus.consume("matching", "a").await.unwrap();
    let held = event();
    bus.publish("jobs_outbox", std::slice::from_ref(&held))
        .await
        .unwrap();
    assert_eq!(next(&mut a, Duration::from_secs(5)).await.event.id, held.id);
    drop(a);
    // The same member coming back first gets what it held.
    let mut again = bus.consume("matching", "a").await.unwrap();
    assert_eq!(
        next(&mut again, Duration::from_secs(5)).await.event.id,
        held.id
    );
    drop(again);
    // Released, another member takes it without waiting out the reclaim delay.
    assert_eq!(bus.release("matching", "a").await.unwrap(), 1);
    let mut b = bus.consume("matching", "b").await.unwrap();
    let taken = next(&mut b, Duration::from_secs(10)).await;
    assert_eq!(taken.event.id, held.id);
    bus.ack("matching", &taken).await.unwrap();
    assert!(bus.reclaimed() >= 1);
    assert_eq!(
        bus.forget_idle_consumers("matching", "b", Duration::ZERO)
            .await
            .unwrap(),
        1,
        "a holds nothing now and is idle"
    );
}

#[tokio::test]
async fn subscribers_see_an_event_published_twice_once() {
    let Some((bus, _)) = bus().await else { return };
    let mut subscriber = bus.subscribe();
    // The fan-out starts from "now": give it a moment to be reading.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let once = event();
    let other = event();
    bus.publish("jobs_outbox", &[once.clone(), once.clone(), other.clone()])
        .await
        .unwrap();
    let first = tokio::time::timeout(Duration::from_secs(5), subscriber.next())
        .await
        .unwrap()
        .unwrap();
    let second = tokio::time::timeout(Duration::from_secs(5), subscriber.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((first.id, second.id), (once.id, other.id));
}

#[tokio::test]
async fn a_publish_expecting_what_the_broker_lost_writes_nothing() {
    let Some((bus, mut admin)) = bus().await else {
        return;
    };
    let sent = bus
        .publish_after("matching_outbox", None, &[event()])
        .await
        .unwrap();
    // At or past what was sent: published.
    let next_ones = bus
        .publish_after("matching_outbox", Some(sent[0]), &[event()])
        .await
        .unwrap();
    assert!(next_ones[0] > sent[0]);
    // Asking for more than the broker holds: nothing written, the watermark unmoved.
    let ahead = StreamPosition::new(next_ones[0].millis + 60_000, 0);
    let refused = bus
        .publish_after("matching_outbox", Some(ahead), &[event()])
        .await;
    assert!(
        matches!(refused, Err(BusError::WatermarkBehind)),
        "{refused:?}"
    );
    assert_eq!(
        bus.watermark("matching_outbox").await.unwrap(),
        Some(next_ones[0])
    );
    // A restart without persistence: the watermark is gone, so any expectation is refused.
    let _: i64 = admin
        .del(bus.watermark_key("matching_outbox"))
        .await
        .unwrap();
    let refused = bus
        .publish_after("matching_outbox", Some(sent[0]), &[event()])
        .await;
    assert!(
        matches!(refused, Err(BusError::WatermarkBehind)),
        "{refused:?}"
    );
}
