//! Fixed-window rate limits (sign-in attempts per account and per address, token refreshes,
//! mail sends). Only the users subgraph limits anything, so the limiter lives here.
//!
//! Hand-written rather than taken from a crate because the two backends must agree exactly:
//! in process for the embedded stack, Redis (`INCR` + `PEXPIRE` in one Lua script, so a counter
//! never lives without its expiry) when instances share limits. A window starts with the first
//! hit on a key and lasts `window`; up to `limit` hits in it are allowed. Keys are prefixed with
//! the namespace, as the revocation list's are.

use redis::aio::ConnectionManager;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// In-process counters are pruned of expired windows once the map grows past this.
const PRUNE_ABOVE: usize = 10_000;

/// Increments the counter, starts its window on the first hit (or if it somehow lost its
/// expiry) and returns the count and the window's remaining milliseconds.
const HIT_SCRIPT: &str = r"
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
";

/// The rate-limit store (Redis) failed, so a limit could not be checked: `INTERNAL`, never
/// the caller's fault.
#[derive(Debug, thiserror::Error)]
#[error("rate-limit store unavailable: {0}")]
pub struct RateLimitError(#[from] redis::RedisError);

impl From<RateLimitError> for kit::ApiError {
    fn from(err: RateLimitError) -> Self {
        kit::ApiError::internal("rate limiter", err)
    }
}

/// The outcome of one hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateDecision {
    pub allowed: bool,
    /// Hits left in the current window.
    pub remaining: u32,
    /// When refused, how long until the window ends (zero when allowed).
    pub retry_after: Duration,
}

impl RateDecision {
    fn new(count: u64, limit: u32, left: Duration) -> Self {
        let allowed = count <= u64::from(limit);
        Self {
            allowed,
            remaining: u64::from(limit).saturating_sub(count) as u32,
            retry_after: if allowed { Duration::ZERO } else { left },
        }
    }

    /// `RATE_LIMITED` with whole seconds to wait (at least one) when refused.
    pub fn check(self) -> Result<Self, kit::ApiError> {
        if self.allowed {
            return Ok(self);
        }
        let retry_after_secs = self.retry_after.as_millis().div_ceil(1000).max(1) as u64;
        Err(kit::ApiError::RateLimited { retry_after_secs })
    }
}

/// Fixed-window counters. Cheap to clone; clones share the counters.
#[derive(Clone)]
pub struct RateLimiter {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    InProcess(Arc<Mutex<HashMap<String, Window>>>),
    Redis {
        connection: ConnectionManager,
        prefix: String,
    },
}

#[derive(Clone, Copy)]
struct Window {
    count: u64,
    ends: Instant,
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let backend = match &self.backend {
            Backend::InProcess(_) => "in-process",
            Backend::Redis { .. } => "redis",
        };
        f.debug_struct("RateLimiter")
            .field("backend", &backend)
            .finish()
    }
}

impl RateLimiter {
    pub fn in_process() -> Self {
        Self {
            backend: Backend::InProcess(Arc::default()),
        }
    }

    pub fn on_redis(connection: ConnectionManager, namespace: &str) -> Self {
        Self {
            backend: Backend::Redis {
                connection,
                prefix: format!("{namespace}:rate:"),
            },
        }
    }

    /// Redis when `redis_url` is set, else in process.
    pub async fn connect(redis_url: Option<&str>, namespace: &str) -> Result<Self, RateLimitError> {
        match redis_url {
            Some(url) => {
                let connection = redis::Client::open(url)?.get_connection_manager().await?;
                Ok(Self::on_redis(connection, namespace))
            }
            None => Ok(Self::in_process()),
        }
    }

    /// Counts one hit on `key` and says whether it is within `limit` per `window`.
    pub async fn hit(
        &self,
        key: &str,
        limit: u32,
        window: Duration,
    ) -> Result<RateDecision, RateLimitError> {
        match &self.backend {
            Backend::InProcess(windows) => {
                let now = Instant::now();
                let mut windows = lock(windows);
                if windows.len() > PRUNE_ABOVE {
                    windows.retain(|_, window| window.ends > now);
                }
                let current = windows
                    .entry(key.to_owned())
                    .and_modify(|current| {
                        if current.ends <= now {
                            *current = Window {
                                count: 0,
                                ends: now + window,
                            };
                        }
                    })
                    .or_insert(Window {
                        count: 0,
                        ends: now + window,
                    });
                current.count += 1;
                Ok(RateDecision::new(
                    current.count,
                    limit,
                    current.ends.saturating_duration_since(now),
                ))
            }
            Backend::Redis { connection, prefix } => {
                let mut connection = connection.clone();
                let window_ms = window.as_millis().max(1) as u64;
                let (count, left_ms): (u64, i64) = redis::Script::new(HIT_SCRIPT)
                    .key(format!("{prefix}{key}"))
                    .arg(window_ms)
                    .invoke_async(&mut connection)
                    .await?;
                let left = Duration::from_millis(left_ms.max(0) as u64);
                Ok(RateDecision::new(count, limit, left))
            }
        }
    }

    /// Whether one more hit on `key` would be within `limit`, without counting it (e.g. is an
    /// account locked by earlier failures).
    pub async fn peek(&self, key: &str, limit: u32) -> Result<RateDecision, RateLimitError> {
        match &self.backend {
            Backend::InProcess(windows) => {
                let now = Instant::now();
                let windows = lock(windows);
                let (count, left) = windows
                    .get(key)
                    .filter(|window| window.ends > now)
                    .map_or((0, Duration::ZERO), |window| {
                        (window.count, window.ends.saturating_duration_since(now))
                    });
                Ok(RateDecision::new(count + 1, limit, left))
            }
            Backend::Redis { connection, prefix } => {
                let mut connection = connection.clone();
                let key = format!("{prefix}{key}");
                let (count, left_ms): (Option<u64>, i64) = redis::pipe()
                    .get(&key)
                    .pttl(&key)
                    .query_async(&mut connection)
                    .await?;
                let left = Duration::from_millis(left_ms.max(0) as u64);
                Ok(RateDecision::new(count.unwrap_or(0) + 1, limit, left))
            }
        }
    }

    /// Forgets `key`'s window (e.g. after a successful sign-in).
    pub async fn reset(&self, key: &str) -> Result<(), RateLimitError> {
        match &self.backend {
            Backend::InProcess(windows) => {
                lock(windows).remove(key);
                Ok(())
            }
            Backend::Redis { connection, prefix } => {
                let mut connection = connection.clone();
                redis::cmd("DEL")
                    .arg(format!("{prefix}{key}"))
                    .query_async::<()>(&mut connection)
                    .await?;
                Ok(())
            }
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same scenario on either backend.
    async fn window_allows_limit_hits_then_refuses_until_it_ends(limiter: RateLimiter) {
        let key = format!("login:{}", uuid::Uuid::now_v7());
        let window = Duration::from_millis(1500);
        assert!(
            limiter.peek(&key, 3).await.unwrap().allowed,
            "nothing counted yet"
        );
        for remaining in [2, 1, 0] {
            let decision = limiter.hit(&key, 3, window).await.unwrap();
            assert!(decision.allowed);
            assert_eq!(decision.remaining, remaining);
            assert_eq!(decision.retry_after, Duration::ZERO);
        }
        let peeked = limiter.peek(&key, 3).await.unwrap();
        assert!(!peeked.allowed, "a peek sees the spent window");
        assert!(peeked.retry_after > Duration::ZERO);
        let refused = limiter.hit(&key, 3, window).await.unwrap();
        assert!(!refused.allowed);
        assert_eq!(refused.remaining, 0);
        assert!(refused.retry_after > Duration::ZERO && refused.retry_after <= window);
        assert!(matches!(
            refused.check(),
            Err(kit::ApiError::RateLimited {
                retry_after_secs: 1 | 2
            })
        ));

        let other = limiter.hit("another-key", 3, window).await.unwrap();
        assert!(other.allowed, "keys are counted separately");

        tokio::time::sleep(window + Duration::from_millis(100)).await;
        let fresh = limiter.hit(&key, 3, window).await.unwrap();
        assert!(fresh.allowed);
        assert_eq!(fresh.remaining, 2);

        limiter.hit(&key, 3, window).await.unwrap();
        limiter.reset(&key).await.unwrap();
        assert_eq!(limiter.hit(&key, 3, window).await.unwrap().remaining, 2);
    }

    #[tokio::test]
    async fn in_process_window_allows_limit_hits_then_refuses_until_it_ends() {
        window_allows_limit_hits_then_refuses_until_it_ends(RateLimiter::in_process()).await;
    }

    #[tokio::test]
    async fn redis_window_allows_limit_hits_then_refuses_until_it_ends() {
        let url = std::env::var("REDIS_URL")
            .ok()
            .filter(|url| !url.is_empty());
        if url.is_none() && std::env::var("CI").is_ok_and(|ci| ci == "true") {
            panic!("REDIS_URL must be set in CI: run the suite with scripts/test.sh");
        }
        let Some(url) = url else { return };
        let namespace = format!("iworkz:test:{}", uuid::Uuid::now_v7());
        let limiter = RateLimiter::connect(Some(&url), &namespace).await.unwrap();
        window_allows_limit_hits_then_refuses_until_it_ends(limiter).await;
    }
}
