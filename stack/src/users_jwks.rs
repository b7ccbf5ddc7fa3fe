//! The users subgraph's key set for everyone else in the process. Its URL is known only once
//! users is bound (tests use port 0), but matching must start before users (its consumer must
//! listen before events flow), so the source is created first and pointed at users later.
//! Keys are fetched on first use, so nothing asks before then.

use kit::auth::{AuthError, HttpJwks, JwkSet, JwksSource};
use std::sync::{Arc, OnceLock};

#[derive(Clone, Default)]
pub struct UsersJwks(Arc<OnceLock<HttpJwks>>);

impl UsersJwks {
    /// Points the source at users' `/.well-known/jwks.json`; later calls are ignored.
    pub fn set_url(&self, url: String) -> Result<(), AuthError> {
        let _ = self.0.set(HttpJwks::new(url)?);
        Ok(())
    }
}

#[async_trait::async_trait]
impl JwksSource for UsersJwks {
    async fn fetch(&self) -> Result<JwkSet, AuthError> {
        match self.0.get() {
            Some(http) => http.fetch().await,
            None => Err(AuthError::KeysUnavailable(
                "the users subgraph has not started yet".into(),
            )),
        }
    }
}
