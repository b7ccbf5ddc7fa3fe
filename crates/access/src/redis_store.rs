//! Redis for the checks that sit on every request's path (the revocation list, rate limits).
//!
//! Every call is bounded ([`WAIT`]), and after a failure Redis is skipped for a short cool-down
//! ([`COOL_DOWN`]), so while Redis is down or restarting each request pays nothing instead of a
//! timeout, and a request never hangs on it. What a check does without Redis is the caller's
//! documented rule: the revocation list fails open on what it has not seen itself (see
//! `revocations.rs`), rate limits count in the process (see the users subgraph's
//! `rate_limit.rs`). The connection reconnects by itself when Redis is back.

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The longest a request waits for Redis.
pub const WAIT: Duration = Duration::from_millis(300);
/// How long Redis is skipped after a failure before it is tried again.
pub const COOL_DOWN: Duration = Duration::from_secs(2);

/// A Redis connection with bounded calls and a cool-down after failures. Cheap to clone.
#[derive(Clone)]
pub struct RedisStore {
    connection: ConnectionManager,
    health: Arc<Health>,
}

struct Health {
    started: Instant,
    /// Milliseconds since `started` until which Redis is skipped.
    skip_until_ms: AtomicU64,
    /// Failures since start (metrics, tests).
    failures: AtomicU64,
}

/// Redis could not answer in time; the caller applies its rule for that case.
#[derive(Debug, thiserror::Error)]
#[error("redis unavailable: {0}")]
pub struct StoreUnavailable(pub String);

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("available", &self.available())
            .finish()
    }
}

impl RedisStore {
    /// Connects to `url` (Redis must answer now: a service starts only with its stores).
    pub async fn connect(url: &str) -> Result<Self, redis::RedisError> {
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Duration::from_secs(1))
            .set_response_timeout(Duration::from_secs(1))
            .set_number_of_retries(1)
            .set_max_delay(500);
        let connection =
            ConnectionManager::new_with_config(redis::Client::open(url)?, config).await?;
        Ok(Self::new(connection))
    }

    pub fn new(connection: ConnectionManager) -> Self {
        Self {
            connection,
            health: Arc::new(Health {
                started: Instant::now(),
                skip_until_ms: AtomicU64::new(0),
                failures: AtomicU64::new(0),
            }),
        }
    }

    /// False during the cool-down after a failure.
    pub fn available(&self) -> bool {
        self.health.now_ms() >= self.health.skip_until_ms.load(Ordering::Relaxed)
    }

    /// Failed calls since start.
    pub fn failures(&self) -> u64 {
        self.health.failures.load(Ordering::Relaxed)
    }

    /// Runs `call` on the connection within [`WAIT`]; skipped at once during a cool-down.
    pub async fn run<T, F, Fut>(&self, call: F) -> Result<T, StoreUnavailable>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        if !self.available() {
            return Err(StoreUnavailable("cooling down after a failure".into()));
        }
        let outcome = match tokio::time::timeout(WAIT, call(self.connection.clone())).await {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(err)) => err.to_string(),
            Err(_) => format!("no answer within {} ms", WAIT.as_millis()),
        };
        self.trip();
        Err(StoreUnavailable(outcome))
    }

    /// Counts a failure and starts the cool-down.
    pub fn trip(&self) {
        self.health.failures.fetch_add(1, Ordering::Relaxed);
        let until = self.health.now_ms() + COOL_DOWN.as_millis() as u64;
        self.health.skip_until_ms.store(until, Ordering::Relaxed);
    }
}

impl Health {
    fn now_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }
}
