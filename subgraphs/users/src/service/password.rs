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
}

impl Default for PasswordHasher {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            permits: Arc::new(Semaphore::new(cores)),
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
