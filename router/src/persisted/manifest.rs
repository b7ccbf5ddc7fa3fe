//! The trusted documents' manifest: the apps' own operations, by id. Three shapes are read, as
//! the tools that write them do:
//!
//! - GraphQL Codegen's client preset (`persisted-documents.json`) and Relay
//!   (`persisted_queries.json`): a JSON object of id → document text (Codegen's ids are the
//!   texts' SHA-256, Relay's its own);
//! - Apollo's generator (`persisted-query-manifest.json`):
//!   `{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id", "body", …}]}`.
//!
//! A document is found by its id, or by its text (a client that sends the text of a trusted
//! document is running a trusted document).

use super::sha256_hex;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// The most documents a manifest may hold; a bigger file is a mistake, not an app.
const MAX_DOCUMENTS: usize = 100_000;

pub struct TrustedDocuments {
    by_id: HashMap<String, Arc<str>>,
    /// SHA-256 of every text.
    texts: HashSet<String>,
}

#[derive(Deserialize)]
struct ApolloManifest {
    format: String,
    version: u32,
    operations: Vec<ApolloOperation>,
}

#[derive(Deserialize)]
struct ApolloOperation {
    id: String,
    body: String,
}

impl TrustedDocuments {
    /// Reads the manifest at `path`; an unreadable or malformed file says why.
    pub fn load(path: &Path) -> Result<Self, String> {
        let bytes =
            std::fs::read(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
        Self::parse(&bytes).map_err(|err| format!("{}: {err}", path.display()))
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|err| format!("not JSON: {err}"))?;
        let pairs: Vec<(String, String)> = if value.get("format").and_then(|format| format.as_str())
            == Some("apollo-persisted-query-manifest")
        {
            let manifest: ApolloManifest = serde_json::from_value(value)
                .map_err(|err| format!("not an Apollo persisted query manifest: {err}"))?;
            if manifest.format != "apollo-persisted-query-manifest" || manifest.version != 1 {
                return Err("only version 1 of Apollo's manifest is read".into());
            }
            manifest
                .operations
                .into_iter()
                .map(|operation| (operation.id, operation.body))
                .collect()
        } else {
            let map: HashMap<String, String> = serde_json::from_value(value).map_err(|err| {
                format!("expected an object of document id to document text: {err}")
            })?;
            map.into_iter().collect()
        };
        if pairs.is_empty() {
            return Err("the manifest lists no documents".into());
        }
        if pairs.len() > MAX_DOCUMENTS {
            return Err(format!("more than {MAX_DOCUMENTS} documents"));
        }
        let texts = pairs.iter().map(|(_, text)| sha256_hex(text)).collect();
        let by_id = pairs
            .into_iter()
            .map(|(id, text)| {
                // Codegen may write ids as `sha256:<hex>`; clients send either form.
                let id = id.strip_prefix("sha256:").unwrap_or(&id).to_owned();
                (id, Arc::from(text))
            })
            .collect();
        Ok(Self { by_id, texts })
    }

    /// The document with this id (`sha256:` prefix or not).
    pub fn get(&self, id: &str) -> Option<&Arc<str>> {
        let id = id.strip_prefix("sha256:").unwrap_or(id);
        self.by_id
            .get(id)
            .or_else(|| self.by_id.get(&id.to_ascii_lowercase()))
    }

    /// Whether `text` is one of the documents.
    pub fn contains_text(&self, text: &str) -> bool {
        self.texts.contains(&sha256_hex(text))
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }
}
