//! Password hashing with argon2id (19 MiB, t = 2, p = 1: the OWASP minimum). Hashing is
//! CPU- and memory-bound, so it runs on the blocking pool behind a semaphore sized to the
//! cores: a burst of sign-ups queues instead of exhausting memory or starving the runtime.

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use tokio::sync::Semaphore;

const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    /// A hash of a random password with the current parameters: a login for an unknown
    /// e-mail verifies against it, so it costs the same as a wrong password.
    dummy: Arc<String>,
}

impl Default for PasswordHasher {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
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
            permits: Arc::new(Semaphore::new(cores)),
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
    pub async fn hash(&self, password: String) -> Result<String, String> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|err| err.to_string())?;
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut password_hash::rand_core::OsRng);
            argon2()
                .hash_password(password.as_bytes(), &salt)
                .map(|hash| hash.to_string())
                .map_err(|err| err.to_string())
        })
        .await
        .map_err(|err| err.to_string())?
    }

    pub fn dummy_hash(&self) -> String {
        self.dummy.as_ref().clone()
    }

    /// How many hashes may run at once (the cores).
    pub fn concurrency(&self) -> usize {
        std::thread::available_parallelism().map_or(2, |n| n.get())
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
    pub async fn verify(&self, password: String, hash: String) -> Result<bool, String> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|err| err.to_string())?;
        tokio::task::spawn_blocking(move || {
            let parsed = PasswordHash::new(&hash).map_err(|err| err.to_string())?;
            Ok(argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok())
        })
        .await
        .map_err(|err| err.to_string())?
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
