//! Connections to Redis that come back by themselves: every call is bounded in time, a broken
//! connection is dropped and a new one made with back-off, and the warnings of an outage are
//! throttled so a long one does not flood the log.

use super::super::BusError;
use redis::aio::{ConnectionManager, ConnectionManagerConfig, MultiplexedConnection};
use std::time::{Duration, Instant};

/// How long one blocking read waits before it loops (lets readers notice shutdown).
pub const BLOCK: Duration = Duration::from_millis(2_000);
/// The bound on any other call.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(3);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// The shared connection for short commands; it reconnects in the background, and a call made
/// while Redis is away fails within [`CALL_TIMEOUT`] instead of waiting for it.
pub async fn manager(client: &redis::Client) -> Result<ConnectionManager, BusError> {
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(CONNECT_TIMEOUT)
        .set_response_timeout(CALL_TIMEOUT)
        .set_number_of_retries(2)
        .set_max_delay(1_000);
    Ok(bounded(ConnectionManager::new_with_config(client.clone(), config)).await??)
}

/// A dedicated connection for blocking reads: a blocked command would stall every other command
/// multiplexed on a shared connection.
pub async fn blocking(client: &redis::Client) -> Result<MultiplexedConnection, BusError> {
    let config = redis::AsyncConnectionConfig::new()
        .set_response_timeout(BLOCK + CALL_TIMEOUT)
        .set_connection_timeout(CONNECT_TIMEOUT);
    Ok(client
        .get_multiplexed_async_connection_with_config(&config)
        .await?)
}

/// `future`, or [`BusError::Timeout`] after [`CALL_TIMEOUT`].
pub async fn bounded<T>(future: impl Future<Output = T>) -> Result<T, BusError> {
    tokio::time::timeout(CALL_TIMEOUT, future)
        .await
        .map_err(|_| BusError::Timeout(CALL_TIMEOUT))
}

/// Exponential back-off between reconnection attempts: 100 ms doubling up to 2 s, so a reader
/// is back within 2 s of Redis.
pub struct Backoff {
    next: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            next: Duration::from_millis(100),
        }
    }
}

impl Backoff {
    pub async fn wait(&mut self) {
        tokio::time::sleep(self.next).await;
        self.next = (self.next * 2).min(Duration::from_secs(2));
    }

    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

/// Logs the first failure of an outage, then at most one reminder per 30 s, then its end.
#[derive(Default)]
pub struct OutageLog {
    since: Option<Instant>,
    last_logged: Option<Instant>,
    failures: u64,
}

impl OutageLog {
    pub fn failed(&mut self, what: &str, err: &dyn std::fmt::Display) {
        self.failures += 1;
        let now = Instant::now();
        let since = *self.since.get_or_insert(now);
        let due = self
            .last_logged
            .is_none_or(|last| now.duration_since(last) >= Duration::from_secs(30));
        if due {
            self.last_logged = Some(now);
            tracing::warn!(
                error = %err,
                failures = self.failures,
                down_for_secs = now.duration_since(since).as_secs(),
                "{what} failed; reconnecting"
            );
        }
    }

    pub fn recovered(&mut self, what: &str) {
        if let Some(since) = self.since.take() {
            tracing::info!(
                failures = self.failures,
                down_for_secs = since.elapsed().as_secs(),
                "{what} works again"
            );
        }
        self.failures = 0;
        self.last_logged = None;
    }
}
