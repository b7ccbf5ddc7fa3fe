//! Persisted documents: operations a client names by id instead of sending their text.
//!
//! - **Automatic persisted queries** (Apollo's protocol, `apq.rs`): a client sends
//!   `extensions.persistedQuery.sha256Hash` alone; the router answers `PERSISTED_QUERY_NOT_FOUND`
//!   until the client has sent the text once with its hash. A text whose SHA-256 is not the
//!   hash sent with it is refused (`PERSISTED_QUERY_HASH_MISMATCH`), so one client cannot plant
//!   a different document under another's hash. Works over POST and GET (a GET with the hash
//!   only is short enough for CDNs to cache).
//! - **Trusted documents** (`manifest.rs`): a manifest of the apps' own operations, as GraphQL
//!   Codegen's client preset, Relay or Apollo's generator writes it. Its documents run by id
//!   (`extensions.persistedQuery.sha256Hash` or `documentId`), and a mode decides what happens
//!   to other operations: run (`off`), run and be logged (`allow_and_log`), or be refused with
//!   `PERSISTED_QUERY_NOT_IN_LIST` (`enforce`, a release locking the API to its operations).
//!
//! This stage runs before `prepare`: it turns the request's parameters into a text, and the
//! rest of the pipeline never knows the text came by id.

mod apq;
mod manifest;

pub use apq::{ApqCache, ApqStore};
pub use manifest::TrustedDocuments;

use crate::pipeline::{GraphQLParams, PipelineError};
use settings::TrustedDocumentsMode;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// What the router knows of persisted documents, shared by every request.
pub struct PersistedDocuments {
    /// `None` when automatic persisted queries are off.
    pub apq: Option<ApqStore>,
    /// `None` without a manifest.
    pub trusted: Option<Arc<TrustedDocuments>>,
    pub mode: TrustedDocumentsMode,
}

/// How the request named its document.
#[derive(Debug, PartialEq, Eq)]
enum DocumentId {
    /// `extensions.persistedQuery.sha256Hash` (version 1), lower-cased.
    Sha256(String),
    /// `documentId` (GraphQL Codegen, Relay): an id from the manifest, possibly `sha256:<hex>`.
    Named(String),
}

/// The hex SHA-256 of `text`, as clients compute a persisted query's hash.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn is_sha256_hex(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// The document id a request carries, if any; a malformed `persistedQuery` is a bad request.
fn requested_id(params: &GraphQLParams) -> Result<Option<DocumentId>, PipelineError> {
    if let Some(id) = params.document_id.as_deref().filter(|id| !id.is_empty()) {
        if id.len() > 256 {
            return Err(PipelineError::MalformedRequest(
                "\"documentId\" is longer than 256 characters.".into(),
            ));
        }
        return Ok(Some(DocumentId::Named(id.to_owned())));
    }
    let Some(persisted) = params
        .extensions
        .as_ref()
        .and_then(|extensions| extensions.get("persistedQuery"))
    else {
        return Ok(None);
    };
    let version = persisted.get("version").and_then(serde_json::Value::as_u64);
    if version != Some(1) {
        return Err(PipelineError::MalformedRequest(
            "Unsupported persisted query version: send \"persistedQuery\": {\"version\": 1, …}."
                .into(),
        ));
    }
    let hash = persisted
        .get("sha256Hash")
        .and_then(serde_json::Value::as_str)
        .filter(|hash| is_sha256_hex(hash))
        .ok_or_else(|| {
            PipelineError::MalformedRequest(
                "\"persistedQuery.sha256Hash\" must be the query's SHA-256 in 64 hex digits."
                    .into(),
            )
        })?;
    Ok(Some(DocumentId::Sha256(hash.to_ascii_lowercase())))
}

impl PersistedDocuments {
    /// Nothing persisted: every request sends its text.
    #[cfg(test)]
    pub fn none() -> Self {
        Self {
            apq: None,
            trusted: None,
            mode: TrustedDocumentsMode::Off,
        }
    }

    /// Fills `params.query` from the document the request names, registers a text sent with
    /// its hash, and applies the trusted-documents mode. Returns what happened, for metrics:
    /// `hit` (found by id), `registered` (a text sent with its hash), `None` for plain text.
    pub async fn resolve(
        &self,
        params: &mut GraphQLParams,
    ) -> Result<Option<&'static str>, PipelineError> {
        let requested = requested_id(params)?;
        let sent = params.query.take().filter(|query| !query.trim().is_empty());
        let outcome = match (&sent, &requested) {
            (_, None) => None,
            (Some(_), Some(_)) => Some("registered"),
            (None, Some(_)) => Some("hit"),
        };
        let (query, from_manifest) = match (sent, requested) {
            (Some(query), Some(DocumentId::Sha256(hash))) => {
                if sha256_hex(&query) != hash {
                    return Err(PipelineError::PersistedQueryHashMismatch);
                }
                let trusted = self.in_manifest(&hash, &query);
                if let Some(apq) = &self.apq
                    && (trusted || self.mode != TrustedDocumentsMode::Enforce)
                {
                    apq.insert(&hash, &query).await;
                }
                (query, trusted)
            }
            (Some(query), Some(DocumentId::Named(id))) => {
                let trusted = self.in_manifest(&id, &query);
                (query, trusted)
            }
            (Some(query), None) => {
                let trusted = self
                    .trusted
                    .as_ref()
                    .is_some_and(|trusted| trusted.contains_text(&query));
                (query, trusted)
            }
            (None, Some(id)) => self.lookup(id).await?,
            (None, None) => return Ok(None),
        };
        if !from_manifest {
            match self.mode {
                TrustedDocumentsMode::Off => {}
                TrustedDocumentsMode::AllowAndLog => tracing::warn!(
                    operation = params.operation_name.as_deref().unwrap_or_default(),
                    hash = %sha256_hex(&query),
                    "an operation that is not a trusted document ran"
                ),
                TrustedDocumentsMode::Enforce => {
                    return Err(PipelineError::PersistedQueryNotInList);
                }
            }
        }
        params.query = Some(query);
        Ok(outcome)
    }

    /// Whether `id` names `query` in the manifest, or the manifest holds `query` at all.
    fn in_manifest(&self, id: &str, query: &str) -> bool {
        self.trusted.as_ref().is_some_and(|trusted| {
            trusted.get(id).is_some_and(|text| **text == *query) || trusted.contains_text(query)
        })
    }

    /// The text a request without one names: the manifest's, else the one the client
    /// registered.
    async fn lookup(&self, id: DocumentId) -> Result<(String, bool), PipelineError> {
        let key = match &id {
            DocumentId::Sha256(hash) => hash.as_str(),
            DocumentId::Named(id) => id.as_str(),
        };
        if let Some(text) = self.trusted.as_ref().and_then(|trusted| trusted.get(key)) {
            return Ok((text.to_string(), true));
        }
        let apq = match (&self.apq, &id) {
            (Some(apq), DocumentId::Sha256(hash)) => apq.get(hash).await,
            (None, DocumentId::Sha256(_)) if self.trusted.is_none() => {
                return Err(PipelineError::PersistedQueryNotSupported);
            }
            _ => None,
        };
        apq.map(|text| (text.to_string(), false))
            .ok_or(PipelineError::PersistedQueryNotFound)
    }
}

#[cfg(test)]
mod tests;
