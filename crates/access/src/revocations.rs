//! The list of revoked sessions. Access tokens are not stored anywhere, so signing a session
//! out cannot delete its tokens; instead its `sid` is listed until every token it could have
//! issued has expired ([`ACCESS_TOKEN_LIFETIME`](super::ACCESS_TOKEN_LIFETIME)), and verifiers
//! reject tokens of listed sessions.
//!
//! Two backends with the same behaviour: in process (one shared map; the one-process stack
//! passes one instance to every component) and Redis (`SET <namespace>:revoked-session:<sid> 1
//! EX <ttl>`, `EXISTS`), so a revocation on one instance is seen by all. The namespace keeps
//! deployments (and parallel tests) sharing one Redis apart.
//!
//! **When Redis is unreachable** (every call is bounded, see [`RedisStore`]):
//! - a check **fails open** for sessions this process did not revoke itself: the token's
//!   signature, expiry and audience are still checked, so the exposure is a token signed out
//!   elsewhere in the last 15 minutes (the token's lifetime), and refreshing it fails anyway
//!   (its session is gone from the database). Failing closed would sign every user out of the
//!   whole platform for the length of a Redis outage. Each such check is logged.
//! - a revocation made here is enforced here at once and written to Redis as soon as it
//!   answers again, so no sign-out is lost.

use super::AuthError;
use crate::redis_store::RedisStore;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How often revocations made during an outage are retried.
const FLUSH_EVERY: Duration = Duration::from_secs(1);

/// Revoked sessions until their tokens expire. Cheap to clone; clones share the list.
#[derive(Clone)]
pub struct SessionRevocations {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    InProcess(Arc<Mutex<HashMap<Uuid, Instant>>>),
    Redis(Arc<OnRedis>),
}

struct OnRedis {
    store: RedisStore,
    prefix: String,
    /// What this process revoked, until expiry: enforced even while Redis is away.
    local: Mutex<HashMap<Uuid, Instant>>,
    /// Revocations Redis has not taken yet.
    pending: Mutex<HashMap<Uuid, Instant>>,
    flusher: AtomicBool,
    /// Checks answered without Redis (failed open).
    unchecked: AtomicU64,
}

impl std::fmt::Debug for SessionRevocations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let backend = match &self.backend {
            Backend::InProcess(_) => "in-process",
            Backend::Redis(_) => "redis",
        };
        f.debug_struct("SessionRevocations")
            .field("backend", &backend)
            .finish()
    }
}

impl SessionRevocations {
    /// A list private to this process (and to whoever holds a clone).
    pub fn in_process() -> Self {
        Self {
            backend: Backend::InProcess(Arc::default()),
        }
    }

    /// A list in Redis under `namespace`, shared by every instance using the same namespace.
    pub fn on_redis(store: RedisStore, namespace: &str) -> Self {
        Self {
            backend: Backend::Redis(Arc::new(OnRedis {
                store,
                prefix: format!("{namespace}:revoked-session:"),
                local: Mutex::default(),
                pending: Mutex::default(),
                flusher: AtomicBool::new(false),
                unchecked: AtomicU64::new(0),
            })),
        }
    }

    /// Redis when `redis_url` is set, else in process.
    pub async fn connect(redis_url: Option<&str>, namespace: &str) -> Result<Self, AuthError> {
        match redis_url {
            Some(url) => Ok(Self::on_redis(RedisStore::connect(url).await?, namespace)),
            None => Ok(Self::in_process()),
        }
    }

    /// Checks answered without Redis since start (they failed open).
    pub fn unchecked(&self) -> u64 {
        match &self.backend {
            Backend::InProcess(_) => 0,
            Backend::Redis(redis) => redis.unchecked.load(Ordering::Relaxed),
        }
    }

    /// Lists `session` for `ttl` (use [`ACCESS_TOKEN_LIFETIME`](super::ACCESS_TOKEN_LIFETIME)).
    pub async fn revoke(&self, session: Uuid, ttl: Duration) -> Result<(), AuthError> {
        let until = Instant::now() + ttl;
        match &self.backend {
            Backend::InProcess(revoked) => {
                remember(revoked, session, until);
                Ok(())
            }
            Backend::Redis(redis) => {
                remember(&redis.local, session, until);
                if redis.write(session, until).await.is_err() {
                    remember(&redis.pending, session, until);
                    OnRedis::start_flusher(redis);
                }
                Ok(())
            }
        }
    }

    pub async fn is_revoked(&self, session: Uuid) -> Result<bool, AuthError> {
        match &self.backend {
            Backend::InProcess(revoked) => Ok(listed(revoked, session)),
            Backend::Redis(redis) => {
                if listed(&redis.local, session) {
                    return Ok(true);
                }
                let key = format!("{}{session}", redis.prefix);
                let exists = redis
                    .store
                    .run(|mut connection| async move {
                        redis::cmd("EXISTS")
                            .arg(key)
                            .query_async::<bool>(&mut connection)
                            .await
                    })
                    .await;
                match exists {
                    Ok(exists) => Ok(exists),
                    Err(err) => {
                        let unchecked = redis.unchecked.fetch_add(1, Ordering::Relaxed) + 1;
                        if unchecked == 1 || unchecked.is_power_of_two() {
                            tracing::warn!(error = %err, unchecked, "revocation list unreachable: accepting tokens of sessions not revoked here");
                        }
                        Ok(false)
                    }
                }
            }
        }
    }
}

impl OnRedis {
    async fn write(
        &self,
        session: Uuid,
        until: Instant,
    ) -> Result<(), crate::redis_store::StoreUnavailable> {
        // Redis expiries are whole seconds; round up so the entry never ends early.
        let left = until.saturating_duration_since(Instant::now());
        let seconds = left.as_millis().div_ceil(1000).max(1) as u64;
        let key = format!("{}{session}", self.prefix);
        self.store
            .run(|mut connection| async move {
                redis::cmd("SET")
                    .arg(key)
                    .arg(1)
                    .arg("EX")
                    .arg(seconds)
                    .query_async::<()>(&mut connection)
                    .await
            })
            .await
    }

    /// Writes pending revocations once Redis answers again; ends when none is left.
    fn start_flusher(redis: &Arc<OnRedis>) {
        if redis.flusher.swap(true, Ordering::AcqRel) {
            return;
        }
        let redis = redis.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(FLUSH_EVERY).await;
                let pending: Vec<(Uuid, Instant)> = lock(&redis.pending)
                    .iter()
                    .map(|(session, until)| (*session, *until))
                    .collect();
                for (session, until) in pending {
                    if until <= Instant::now() || redis.write(session, until).await.is_ok() {
                        lock(&redis.pending).remove(&session);
                    }
                }
                let mut pending = lock(&redis.pending);
                if pending.is_empty() {
                    redis.flusher.store(false, Ordering::Release);
                    return;
                }
                pending.retain(|_, until| *until > Instant::now());
            }
        });
    }
}

fn remember(map: &Mutex<HashMap<Uuid, Instant>>, session: Uuid, until: Instant) {
    let now = Instant::now();
    let mut map = lock(map);
    // Revocations are rare; pruning on each one keeps the map at the live ones.
    map.retain(|_, until| *until > now);
    let entry = map.entry(session).or_insert(until);
    *entry = (*entry).max(until);
}

fn listed(map: &Mutex<HashMap<Uuid, Instant>>, session: Uuid) -> bool {
    lock(map)
        .get(&session)
        .is_some_and(|until| *until > Instant::now())
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
    async fn revocation_lasts_for_its_ttl(revocations: SessionRevocations) {
        let session = Uuid::now_v7();
        let other = Uuid::now_v7();
        assert!(!revocations.is_revoked(session).await.unwrap());
        revocations
            .revoke(session, Duration::from_millis(1100))
            .await
            .unwrap();
        assert!(revocations.is_revoked(session).await.unwrap());
        assert!(!revocations.is_revoked(other).await.unwrap());
        tokio::time::sleep(Duration::from_millis(2100)).await;
        assert!(!revocations.is_revoked(session).await.unwrap());
    }

    #[tokio::test]
    async fn in_process_revocation_lasts_for_its_ttl_and_clones_share_it() {
        let revocations = SessionRevocations::in_process();
        let session = Uuid::now_v7();
        revocations
            .clone()
            .revoke(session, Duration::from_secs(60))
            .await
            .unwrap();
        assert!(revocations.is_revoked(session).await.unwrap());
        revocation_lasts_for_its_ttl(revocations).await;
    }

    #[tokio::test]
    async fn in_process_revocations_are_pruned_once_expired() {
        let revocations = SessionRevocations::in_process();
        revocations
            .revoke(Uuid::now_v7(), Duration::from_millis(1))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
        revocations
            .revoke(Uuid::now_v7(), Duration::from_secs(60))
            .await
            .unwrap();
        let Backend::InProcess(map) = &revocations.backend else {
            unreachable!()
        };
        assert_eq!(lock(map).len(), 1);
    }

    #[tokio::test]
    async fn without_redis_checks_fail_open_except_for_what_this_process_revoked() {
        let Some(url) = crate::test_redis_url() else {
            return;
        };
        let namespace = format!("iworkz:test:{}", Uuid::now_v7());
        let store = RedisStore::connect(&url).await.unwrap();
        let revocations = SessionRevocations::on_redis(store.clone(), &namespace);
        let Backend::Redis(redis) = &revocations.backend else {
            unreachable!()
        };
        // Redis just failed a call: it is skipped for the cool-down, as during an outage.
        redis.store.trip();
        let mine = Uuid::now_v7();
        let started = Instant::now();
        revocations
            .revoke(mine, Duration::from_secs(60))
            .await
            .unwrap();
        assert!(
            revocations.is_revoked(mine).await.unwrap(),
            "enforced here at once"
        );
        assert!(
            !revocations.is_revoked(Uuid::now_v7()).await.unwrap(),
            "fails open"
        );
        assert!(
            started.elapsed() < Duration::from_millis(100),
            "no waiting on Redis"
        );
        assert_eq!(revocations.unchecked(), 1);
        // Once Redis answers again, the pending revocation reaches it.
        let elsewhere = SessionRevocations::on_redis(store, &namespace);
        let mut written = false;
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let Backend::Redis(other) = &elsewhere.backend else {
                unreachable!()
            };
            if other.store.available() && elsewhere.is_revoked(mine).await.unwrap() {
                written = true;
                break;
            }
        }
        assert!(
            written,
            "the revocation made during the outage reached Redis"
        );
    }

    #[tokio::test]
    async fn redis_revocation_lasts_for_its_ttl_and_namespaces_do_not_collide() {
        let Some(url) = crate::test_redis_url() else {
            return;
        };
        let namespace = format!("iworkz:test:{}", Uuid::now_v7());
        let revocations = SessionRevocations::connect(Some(&url), &namespace)
            .await
            .unwrap();
        let elsewhere = SessionRevocations::connect(Some(&url), &format!("{namespace}:other"))
            .await
            .unwrap();
        let session = Uuid::now_v7();
        revocations
            .revoke(session, Duration::from_secs(60))
            .await
            .unwrap();
        assert!(!elsewhere.is_revoked(session).await.unwrap());
        revocation_lasts_for_its_ttl(revocations).await;
    }
}
