//! One blocking `XREAD` loop per process feeding the local subscribers (one Redis reader per
//! process, not per WebSocket). It reconnects after a failure and goes on from the last entry
//! it saw, so events published meanwhile still arrive; each event id passes once.

use super::connection::{self, Backoff, OutageLog};
use super::decode;
use crate::events::{Event, RecentIds, StreamPosition};
use redis::AsyncCommands;
use redis::streams::{StreamReadOptions, StreamReadReply};
use tokio::sync::broadcast;

const RECENT_IDS: usize = 16_384;

pub async fn run(client: redis::Client, stream: String, local: broadcast::Sender<Event>) {
    let mut last_id = "$".to_owned();
    let mut recent = RecentIds::new(RECENT_IDS);
    let mut backoff = Backoff::default();
    let mut outage = OutageLog::default();
    loop {
        let mut conn = match connection::blocking(&client).await {
            Ok(conn) => conn,
            Err(err) => {
                outage.failed("connecting the event fan-out to redis", &err);
                backoff.wait().await;
                continue;
            }
        };
        loop {
            let options = StreamReadOptions::default()
                .block(connection::BLOCK.as_millis() as usize)
                .count(256);
            let read: Result<Option<StreamReadReply>, _> = conn
                .xread_options(&[stream.as_str()], &[last_id.as_str()], &options)
                .await;
            match read {
                Ok(reply) => {
                    outage.recovered("the event fan-out");
                    backoff.reset();
                    for entry in reply.into_iter().flat_map(|r| r.keys).flat_map(|k| k.ids) {
                        last_id = entry.id.clone();
                        if let Some(event) = decode(&entry)
                            && recent.first_time(event.id)
                        {
                            let _ = local.send(event);
                        }
                    }
                }
                Err(err) => {
                    outage.failed("reading the event stream", &err);
                    if last_id == "$" {
                        // Nothing seen yet: go on from now, not from whatever is newest when
                        // the connection is back.
                        let now = chrono::Utc::now().timestamp_millis().max(0) as u64;
                        last_id = StreamPosition::new(now, 0).to_string();
                    }
                    backoff.wait().await;
                    break;
                }
            }
        }
    }
}
