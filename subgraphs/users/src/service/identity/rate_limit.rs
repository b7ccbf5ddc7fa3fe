//! Fixed-window rate limits (sign-in attempts per account and per address, token refreshes,
//! mail sends). Only the users subgraph limits anything, so the limiter lives here.
//!
//! Hand-written rather than taken from a crate because the two backends must agree exactly:
//! in process for the embedded stack, Redis (`INCR` + `PEXPIRE` in one Lua script, so a counter
//! never lives without its expiry) when instances share limits. A window starts with the first
//! hit on a key and lasts `window`; up to `limit` hits in it are allowed. Keys are prefixed with
//! the namespace, as the revocation list's are.
//!
//! **When Redis is unreachable** (every call bounded, see `access::RedisStore`) the limits are
//! counted in the process instead: they still hold, per instance, and sign-in keeps working
//! rather than failing for everyone or letting guesses through unlimited.

use kit::auth::RedisStore;
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

/// The rate-limit store (Redis) could not be reached at start.
#[derive(Debug, thiserror::Error)]
#[error("rate-limit store unavailable: {0}")]
pub struct RateLimitError(#[from] redis::RedisError);

impl From<RateLimitError> for kit::ApiError {
    fn from(err: RateLimitError) -> Self {
        kit::ApiError::unavailable(err)
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

type Windows = Arc<Mutex<HashMap<String, Window>>>;

#[derive(Clone)]
enum Backend {
    InProcess(Windows),
    Redis {
        store: RedisStore,
        prefix: String,
        /// Counts while Redis is unreachable.
        fallback: Windows,
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

    pub fn on_redis(store: RedisStore, namespace: &str) -> Self {
        Self {
            backend: Backend::Redis {
                store,
                prefix: format!("{namespace}:rate:"),
                fallback: Arc::default(),
            },
        }
    }

    /// Redis when `redis_url` is set, else in process.
    pub async fn connect(redis_url: Option<&str>, namespace: &str) -> Result<Self, RateLimitError> {
        match redis_url {
            Some(url) => Ok(Self::on_redis(RedisStore::connect(url).await?, namespace)),
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
            Backend::InProcess(windows) => Ok(hit_in(windows, key, limit, window)),
            Backend::Redis {
                store,
                prefix,
                fallback,
            } => {
                let window_ms = window.as_millis().max(1) as u64;
                let key_in_redis = format!("{prefix}{key}");
                let counted = store
                    .run(|mut connection| async move {
                        redis::Script::new(HIT_SCRIPT)
                            .key(key_in_redis)
                            .arg(window_ms)
                            .invoke_async::<(u64, i64)>(&mut connection)
                            .await
                    })
                    .await;
                match counted {
                    Ok((count, left_ms)) => {
                        let left = Duration::from_millis(left_ms.max(0) as u64);
                        Ok(RateDecision::new(count, limit, left))
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, "rate limits counted in this process while redis is unreachable");
                        Ok(hit_in(fallback, key, limit, window))
                    }
                }
            }
        }
    }

    /// Whether one more hit on `key` would be within `limit`, without counting it (e.g. is an
    /// account locked by earlier failures).
    pub async fn peek(&self, key: &str, limit: u32) -> Result<RateDecision, RateLimitError> {
        match &self.backend {
            Backend::InProcess(windows) => Ok(peek_in(windows, key, limit)),
            Backend::Redis {
                store,
                prefix,
                fallback,
            } => {
                let key_in_redis = format!("{prefix}{key}");
                let read = store
                    .run(|mut connection| async move {
                        redis::pipe()
                            .get(&key_in_redis)
                            .pttl(&key_in_redis)
                            .query_async::<(Option<u64>, i64)>(&mut connection)
                            .await
                    })
                    .await;
                match read {
                    Ok((count, left_ms)) => {
                        let left = Duration::from_millis(left_ms.max(0) as u64);
                        Ok(RateDecision::new(count.unwrap_or(0) + 1, limit, left))
                    }
                    Err(_) => Ok(peek_in(fallback, key, limit)),
                }
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
            Backend::Redis {
                store,
                prefix,
                fallback,
            } => {
                lock(fallback).remove(key);
                let key_in_redis = format!("{prefix}{key}");
                let deleted = store
                    .run(|mut connection| async move {
                        redis::cmd("DEL")
                            .arg(key_in_redis)
                            .query_async::<()>(&mut connection)
                            .await
                    })
                    .await;
                if let Err(err) = deleted {
                    // The window then simply runs out; a successful sign-in is not refused.
                    tracing::debug!(error = %err, "resetting a rate limit in redis failed");
                }
                Ok(())
            }
        }
    }
}

fn hit_in(windows: &Windows, key: &str, limit: u32, window: Duration) -> RateDecision {
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
    RateDecision::new(
        current.count,
        limit,
        current.ends.saturating_duration_since(now),
    )
}

fn peek_in(windows: &Windows, key: &str, limit: u32) -> RateDecision {
    let now = Instant::now();
    let windows = lock(windows);
    let (count, left) = windows
        .get(key)
        .filter(|window| window.ends > now)
        .map_or((0, Duration::ZERO), |window| {
            (window.count, window.ends.saturating_duration_since(now))
        });
    RateDecision::new(count + 1, limit, left)
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

    #[tokio::test]
    async fn while_redis_is_unreachable_limits_hold_in_the_process() {
        let url = std::env::var("REDIS_URL")
            .ok()
            .filter(|url| !url.is_empty());
        let Some(url) = url else { return };
        let store = RedisStore::connect(&url).await.unwrap();
        let limiter = RateLimiter::on_redis(
            store.clone(),
            &format!("iworkz:test:{}", uuid::Uuid::now_v7()),
        );
        // Redis just failed: skipped for its cool-down, as during an outage.
        store.trip();
        let key = format!("login:{}", uuid::Uuid::now_v7());
        let started = Instant::now();
        for _ in 0..2 {
            assert!(
                limiter
                    .hit(&key, 2, Duration::from_secs(60))
                    .await
                    .unwrap()
                    .allowed
            );
        }
        let refused = limiter.hit(&key, 2, Duration::from_secs(60)).await.unwrap();
        assert!(!refused.allowed, "the limit still holds");
        assert!(!limiter.peek(&key, 2).await.unwrap().allowed);
        limiter.reset(&key).await.unwrap();
        assert!(
            limiter
                .hit(&key, 2, Duration::from_secs(60))
                .await
                .unwrap()
                .allowed
        );
        assert!(
            started.elapsed() < Duration::from_millis(200),
            "no waiting on Redis"
        );
    }
}
