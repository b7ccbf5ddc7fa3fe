//! Where verifiers get the issuer's public keys. A trait, because the users subgraph reads its
//! own keys from memory while the router and the other subgraphs fetch them over HTTP from
//! `/.well-known/jwks.json`.

use super::AuthError;
use jsonwebtoken::jwk::JwkSet;
use std::time::Duration;

/// How long one JWKS request may take before the keys count as unavailable.
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// A source of the issuer's current key set (several keys during rotation).
#[async_trait::async_trait]
pub trait JwksSource: Send + Sync + 'static {
    /// The current key set; `AuthError::KeysUnavailable` when it cannot be had.
    async fn fetch(&self) -> Result<JwkSet, AuthError>;
}

/// The key set served at a URL (the users subgraph's `/.well-known/jwks.json`).
#[derive(Clone, Debug)]
pub struct HttpJwks {
    url: String,
    client: reqwest::Client,
}

impl HttpJwks {
    pub fn new(url: impl Into<String>) -> Result<Self, AuthError> {
        let client = reqwest::Client::builder()
            .timeout(FETCH_TIMEOUT)
            .build()
            .map_err(|err| AuthError::KeysUnavailable(format!("HTTP client: {err}")))?;
        Ok(Self {
            url: url.into(),
            client,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

#[async_trait::async_trait]
impl JwksSource for HttpJwks {
    async fn fetch(&self) -> Result<JwkSet, AuthError> {
        let unavailable =
            |err: reqwest::Error| AuthError::KeysUnavailable(format!("GET {}: {err}", self.url));
        self.client
            .get(&self.url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(unavailable)?
            .json::<JwkSet>()
            .await
            .map_err(unavailable)
    }
}

/// The URL of the key set next to a GraphQL endpoint: `http://users:4001/graphql` →
/// `http://users:4001/.well-known/jwks.json`. `None` when `graphql_url` is not an absolute URL.
pub fn jwks_url_beside(graphql_url: &str) -> Option<String> {
    let uri: http::Uri = graphql_url.parse().ok()?;
    let scheme = uri.scheme_str()?;
    let authority = uri.authority()?;
    Some(format!("{scheme}://{authority}/.well-known/jwks.json"))
}

#[cfg(test)]
mod tests {
    use super::jwks_url_beside;

    #[test]
    fn jwks_url_replaces_the_path_of_the_graphql_url() {
        assert_eq!(
            jwks_url_beside("http://127.0.0.1:4001/graphql").as_deref(),
            Some("http://127.0.0.1:4001/.well-known/jwks.json")
        );
        assert_eq!(
            jwks_url_beside("https://users.internal/api/graphql?x=1").as_deref(),
            Some("https://users.internal/.well-known/jwks.json")
        );
        assert_eq!(jwks_url_beside("users:4001/graphql"), None);
    }
}
