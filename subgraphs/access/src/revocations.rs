//! The list of revoked sessions. Access tokens are not stored anywhere, so signing a session
//! out cannot delete its tokens; instead its `sid` is listed until every token it could have
//! issued has expired ([`ACCESS_TOKEN_LIFETIME`](super::ACCESS_TOKEN_LIFETIME)), and verifiers
//! reject tokens of listed sessions.
//!
//! Two backends with the same behaviour: in process (one shared map; the one-process stack
//! passes one instance to every component) and Redis (`SET <namespace>:revoked-session:<sid> 1
//! EX <ttl>`, `EXISTS`), so a revocation on one instance is seen by all. The namespace keeps
//! deployments (and parallel tests) sharing one Redis apart.

use super::AuthError;
use redis::aio::ConnectionManager;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Revoked sessions until their tokens expire. Cheap to clone; clones share the list.
#[derive(Clone)]
pub struct SessionRevocations {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    InProcess(Arc<Mutex<HashMap<Uuid, Instant>>>),
    Redis {
        connection: ConnectionManager,
        prefix: String,
    },
}

impl std::fmt::Debug for SessionRevocations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let backend = match &self.backend {
            Backend::InProcess(_) => "in-process",
            Backend::Redis { .. } => "redis",
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
    pub fn on_redis(connection: ConnectionManager, namespace: &str) -> Self {
        Self {
            backend: Backend::Redis {
                connection,
                prefix: format!("{namespace}:revoked-session:"),
            },
        }
    }

    /// Redis when `redis_url` is set, else in process.
    pub async fn connect(redis_url: Option<&str>, namespace: &str) -> Result<Self, AuthError> {
        match redis_url {
            Some(url) => {
                let connection = redis::Client::open(url)?.get_connection_manager().await?;
                Ok(Self::on_redis(connection, namespace))
            }
            None => Ok(Self::in_process()),
        }
    }

    /// Lists `session` for `ttl` (use [`ACCESS_TOKEN_LIFETIME`](super::ACCESS_TOKEN_LIFETIME)).
    pub async fn revoke(&self, session: Uuid, ttl: Duration) -> Result<(), AuthError> {
        match &self.backend {
            Backend::InProcess(revoked) => {
                let now = Instant::now();
                let mut revoked = lock(revoked);
                // Revocations are rare; pruning on each one keeps the map at the live ones.
                revoked.retain(|_, until| *until > now);
                let until = now + ttl;
                let entry = revoked.entry(session).or_insert(until);
                *entry = (*entry).max(until);
                Ok(())
            }
            Backend::Redis { connection, prefix } => {
                // Redis expiries are whole seconds; round up so the entry never ends early.
                let seconds = ttl.as_millis().div_ceil(1000).max(1) as u64;
                let mut connection = connection.clone();
                redis::cmd("SET")
                    .arg(format!("{prefix}{session}"))
                    .arg(1)
                    .arg("EX")
                    .arg(seconds)
                    .query_async::<()>(&mut connection)
                    .await?;
                Ok(())
            }
        }
    }

    pub async fn is_revoked(&self, session: Uuid) -> Result<bool, AuthError> {
        match &self.backend {
            Backend::InProcess(revoked) => Ok(lock(revoked)
                .get(&session)
                .is_some_and(|until| *until > Instant::now())),
            Backend::Redis { connection, prefix } => {
                let mut connection = connection.clone();
                let exists: bool = redis::cmd("EXISTS")
                    .arg(format!("{prefix}{session}"))
                    .query_async(&mut connection)
                    .await?;
                Ok(exists)
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
