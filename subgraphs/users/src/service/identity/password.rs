//! Password hashing with argon2id (19 MiB, t = 2, p = 1: the OWASP minimum). Hashing is
//! CPU- and memory-bound, so it runs on the blocking pool behind a semaphore sized to the
//! cores: a burst of sign-ups queues instead of exhausting memory or starving the runtime.
//!
//! The permit travels with the hash onto the blocking thread: a caller that gives up (its
//! client disconnected, dropping the request) does not free a slot while its hash still
//! runs, and a hash whose caller left while it waited for a thread is not started.

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use kit::{ApiError, ApiResult};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::Semaphore;

const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    concurrency: usize,
    load: Arc<Load>,
    /// A hash of a random password with the current parameters: a login for an unknown
    /// e-mail verifies against it, so it costs the same as a wrong password.
    dummy: Arc<String>,
}

/// How many hashes run right now, and the most that ever ran at once.
#[derive(Default)]
struct Load {
    running: AtomicUsize,
    peak: AtomicUsize,
}

/// Counts one running hash for as long as it lives.
struct Running<'a>(&'a Load);

impl<'a> Running<'a> {
    fn start(load: &'a Load) -> Self {
        let now = load.running.fetch_add(1, Ordering::SeqCst) + 1;
        load.peak.fetch_max(now, Ordering::SeqCst);
        Self(load)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::with_concurrency(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }
}

impl PasswordHasher {
    /// A hasher running at most `concurrency` (≥ 1) hashes at once.
    pub fn with_concurrency(concurrency: usize) -> Self {
        let concurrency = concurrency.max(1);
        let mut random = [0u8; 16];
        password_hash::rand_core::RngCore::fill_bytes(
            &mut password_hash::rand_core::OsRng,
            &mut random,
        );
        let salt = SaltString::generate(&mut password_hash::rand_core::OsRng);
        let dummy = argon2()
            .hash_password(&random, &salt)
            .map(|hash| hash.to_string())
            .unwrap_or_default();
        Self {
            permits: Arc::new(Semaphore::new(concurrency)),
            concurrency,
            load: Arc::default(),
            dummy: Arc::new(dummy),
        }
    }
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .unwrap_or_else(|_| Params::default());
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

impl PasswordHasher {
    /// A PHC-format argon2id hash of `password` with a fresh random salt.
    pub async fn hash(&self, password: String) -> ApiResult<String> {
        self.run(move || {
            let salt = SaltString::generate(&mut password_hash::rand_core::OsRng);
            argon2()
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|err| ApiError::internal("password hash", err))
        })
        .await
    }

    /// Runs `work` on the blocking pool once a permit is free, holding the permit until the
    /// work ends even if the caller stops waiting.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> ApiResult<T> + Send + 'static,
    ) -> ApiResult<T> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|err| ApiError::internal("password hash permits", err))?;
        let load = self.load.clone();
        let (done, result) = tokio::sync::oneshot::channel();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            if done.is_closed() {
                return;
            }
            let _running = Running::start(&load);
            let _ = done.send(work());
        });
        result
            .await
            .map_err(|_| ApiError::defect("the password hash did not finish"))?
    }

    pub fn dummy_hash(&self) -> String {
        self.dummy.as_ref().clone()
    }

    /// How many hashes may run at once (the cores by default).
    pub fn concurrency(&self) -> usize {
        self.concurrency
    }

    /// The most hashes that have run at the same moment since this hasher was made.
    pub fn peak_concurrency(&self) -> usize {
        self.load.peak.load(Ordering::SeqCst)
    }

    /// Whether `hash` was made with other parameters than today's (then it is re-hashed at
    /// the next successful login).
    pub fn needs_rehash(&self, hash: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(hash) else {
            return true;
        };
        let current = (MEMORY_KIB, ITERATIONS, PARALLELISM);
        let params = Params::try_from(&parsed).map(|p| (p.m_cost(), p.t_cost(), p.p_cost()));
        parsed.algorithm.as_str() != "argon2id" || params.ok() != Some(current)
    }

    /// Whether `password` matches the PHC `hash`.
    pub async fn verify(&self, password: String, hash: String) -> ApiResult<bool> {
        self.run(move || {
            let parsed = PasswordHash::new(&hash)
                .map_err(|err| ApiError::internal("stored password hash", err))?;
            Ok(argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::PasswordHasher;

    #[test]
    fn hashes_with_other_parameters_need_a_rehash() {
        let hasher = PasswordHasher::default();
        assert!(!hasher.needs_rehash(&hasher.dummy_hash()));
        let old = "$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHRzYWx0$1S8n0cXHrXxHjj5QOxlkAhNXrVmFR3M7e6R8mvn3mfg";
        assert!(hasher.needs_rehash(old));
        assert!(hasher.needs_rehash("not a hash"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_burst_of_hashes_never_runs_more_than_the_bound_at_once() {
        let hasher = PasswordHasher::with_concurrency(2);
        let burst = (0..8).map(|n| {
            let hasher = hasher.clone();
            tokio::spawn(async move { hasher.hash(format!("burst password {n}")).await })
        });
        for hash in futures::future::join_all(burst).await {
            assert!(hash.unwrap().is_ok());
        }
        // Without the bound the blocking pool would run all eight together.
        let peak = hasher.peak_concurrency();
        assert!((1..=2).contains(&peak), "{peak} hashes ran at once");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_caller_giving_up_does_not_free_its_slot_while_its_hash_runs() {
        let hasher = PasswordHasher::with_concurrency(1);
        let abandoned = tokio::spawn({
            let hasher = hasher.clone();
            async move { hasher.hash("abandoned password".into()).await }
        });
        while hasher
            .load
            .running
            .load(std::sync::atomic::Ordering::SeqCst)
            == 0
        {
            tokio::task::yield_now().await;
        }
        // The client went away: its request (and this future) is dropped mid-hash.
        abandoned.abort();
        for n in 0..3 {
            assert!(hasher.hash(format!("next password {n}")).await.is_ok());
        }
        let peak = hasher.peak_concurrency();
        assert_eq!(peak, 1, "{peak} hashes ran at once");
    }

    #[tokio::test]
    async fn hash_is_argon2id_with_the_configured_cost_and_verifies() {
        let hasher = PasswordHasher::default();
        let hash = hasher.hash("correct horse battery".into()).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            hasher
                .verify("correct horse battery".into(), hash.clone())
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("wrong horse battery".into(), hash)
                .await
                .unwrap()
        );
    }
}
