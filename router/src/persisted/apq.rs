//! Where automatic persisted queries are kept: in process (bounded by size, least recently
//! used first out) and, with Redis, in Redis too, so every router of a deployment knows a
//! query once any of them was sent it, and a restarted router does not make every client send
//! its texts again.
//!
//! Redis is a cache here, never a requirement: an unreachable Redis (bounded waits and a
//! cool-down, see `access::RedisStore`) only means asking the client for the text.

use access::RedisStore;
use moka::sync::Cache;
use std::sync::Arc;
use std::time::Duration;

/// The texts kept in process, by total size.
const LOCAL_BYTES: u64 = 32 * 1024 * 1024;

/// The in-process texts, shared by every worker of a router process (clone it into each).
#[derive(Clone, Debug)]
pub struct ApqCache(Cache<String, Arc<str>>);

impl Default for ApqCache {
    fn default() -> Self {
        Self(
            Cache::builder()
                .max_capacity(LOCAL_BYTES)
                .weigher(|hash: &String, text: &Arc<str>| {
                    u32::try_from(hash.len() + text.len()).unwrap_or(u32::MAX)
                })
                .build(),
        )
    }
}

#[derive(Clone)]
pub struct ApqStore {
    local: Cache<String, Arc<str>>,
    redis: Option<RedisStore>,
    /// Prefix of the Redis keys (`<namespace>:apq:<sha256>`).
    namespace: String,
    ttl: Duration,
}

impl ApqStore {
    pub fn new(local: ApqCache, redis: Option<RedisStore>, namespace: &str, ttl: Duration) -> Self {
        Self {
            local: local.0,
            redis,
            namespace: namespace.to_owned(),
            ttl,
        }
    }

    fn key(&self, hash: &str) -> String {
        format!("{}:apq:{hash}", self.namespace)
    }

    /// The text registered under `hash` (checked by the caller to be its SHA-256).
    pub async fn get(&self, hash: &str) -> Option<Arc<str>> {
        if let Some(text) = self.local.get(hash) {
            return Some(text);
        }
        let redis = self.redis.as_ref()?;
        let key = self.key(hash);
        let found: Option<String> = redis
            .run(|mut connection| async move {
                redis::cmd("GET")
                    .arg(&key)
                    .query_async(&mut connection)
                    .await
            })
            .await
            .inspect_err(|err| tracing::debug!(error = %err, "persisted query lookup skipped"))
            .ok()
            .flatten();
        let text: Arc<str> = found?.into();
        self.local.insert(hash.to_owned(), text.clone());
        Some(text)
    }

    /// Registers `text` under its SHA-256 `hash`.
    pub async fn insert(&self, hash: &str, text: &str) {
        if self.local.contains_key(hash) {
            return;
        }
        self.local.insert(hash.to_owned(), text.into());
        let Some(redis) = &self.redis else {
            return;
        };
        let (key, text, ttl) = (self.key(hash), text.to_owned(), self.ttl.as_secs().max(1));
        let stored: Result<(), _> = redis
            .run(|mut connection| async move {
                redis::cmd("SET")
                    .arg(&key)
                    .arg(&text)
                    .arg("EX")
                    .arg(ttl)
                    .query_async(&mut connection)
                    .await
            })
            .await;
        if let Err(err) = stored {
            tracing::debug!(error = %err, "persisted query not shared through Redis");
        }
    }
}
