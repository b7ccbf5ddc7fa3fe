//! Embedding from async code: a cache in front, the CPU work on tokio's blocking pool.
//!
//! The same texts are embedded again and again (a posting on every edit that does not touch its
//! text, the same query typed by many users), and each MiniLM pass costs milliseconds of CPU, so
//! vectors are cached by [`content_hash`] of model and text. The misses of one call go to the
//! embedder as one batch on [`tokio::task::spawn_blocking`], never on the async worker threads,
//! and a semaphore bounds how many batches run at once so a burst of requests queues instead of
//! piling threads onto the cores.
//!
//! The embedder can be replaced while the service runs ([`EmbeddingService::replace`]): the
//! model fetched on first start takes over from the lexical fallback. The cache needs no
//! flushing (its keys include the model id), and [`EmbeddingService::changes`] tells whoever
//! stores vectors that they are now stale. A caller that stores a vector with its model id must
//! not let the model change in between; matching replaces it only inside its writers' lock.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use moka::sync::Cache;
use tokio::sync::{Semaphore, watch};

use crate::limits::{MAX_TEXT_BYTES, MAX_TEXTS_PER_CALL, truncate_to_bytes};
use crate::{EmbedError, Embedder, content_hash};

/// Vectors the cache keeps by default: about 80 MB of 384-float vectors.
pub const DEFAULT_CACHE_ENTRIES: u64 = 50_000;

/// A shareable vector, as cached and returned.
pub type Vector = Arc<[f32]>;

/// An [`Embedder`] behind a cache, for async callers.
pub struct EmbeddingService {
    embedder: RwLock<Arc<dyn Embedder>>,
    cache: Cache<[u8; 32], Vector>,
    batches: Arc<Semaphore>,
    model: watch::Sender<String>,
}

impl EmbeddingService {
    /// A service with [`DEFAULT_CACHE_ENTRIES`] and one concurrent batch per core.
    pub fn new(embedder: Arc<dyn Embedder>) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::with_capacity(embedder, DEFAULT_CACHE_ENTRIES, cores)
    }

    /// A service caching up to `cache_entries` vectors and running at most `concurrent_batches`
    /// embedder calls at once (at least one).
    pub fn with_capacity(
        embedder: Arc<dyn Embedder>,
        cache_entries: u64,
        concurrent_batches: usize,
    ) -> Self {
        let (model, _) = watch::channel(embedder.model_id().to_owned());
        Self {
            embedder: RwLock::new(embedder),
            cache: Cache::new(cache_entries),
            batches: Arc::new(Semaphore::new(concurrent_batches.max(1))),
            model,
        }
    }

    /// The embedder in use now.
    pub fn embedder(&self) -> Arc<dyn Embedder> {
        self.embedder
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// The model id of the vectors this service returns now.
    pub fn model_id(&self) -> String {
        self.embedder().model_id().to_owned()
    }

    pub fn dimensions(&self) -> usize {
        self.embedder().dimensions()
    }

    /// Embeds with `embedder` from now on; its vectors must have the same dimensions.
    pub fn replace(&self, embedder: Arc<dyn Embedder>) -> Result<(), EmbedError> {
        let dimensions = self.dimensions();
        if embedder.dimensions() != dimensions {
            return Err(EmbedError::Malformed {
                model_id: embedder.model_id().to_owned(),
                got: format!("{} dimensions", embedder.dimensions()),
                expected: format!("{dimensions}"),
            });
        }
        let model = embedder.model_id().to_owned();
        *self
            .embedder
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = embedder;
        self.model.send_replace(model);
        Ok(())
    }

    /// The model id, updated whenever [`Self::replace`] changes it.
    pub fn changes(&self) -> watch::Receiver<String> {
        self.model.subscribe()
    }

    /// One unit vector per text, in order. Texts beyond [`MAX_TEXT_BYTES`] are embedded by their
    /// first [`MAX_TEXT_BYTES`] (cut at a character boundary); more than [`MAX_TEXTS_PER_CALL`]
    /// texts are refused.
    pub async fn embed(&self, mut texts: Vec<String>) -> Result<Vec<Vector>, EmbedError> {
        if texts.len() > MAX_TEXTS_PER_CALL {
            return Err(EmbedError::TooManyTexts {
                given: texts.len(),
                max: MAX_TEXTS_PER_CALL,
            });
        }
        for text in &mut texts {
            let kept = truncate_to_bytes(text, MAX_TEXT_BYTES).len();
            text.truncate(kept);
        }
        let embedder = self.embedder();
        let model_id = embedder.model_id().to_owned();
        let keys: Vec<[u8; 32]> = texts.iter().map(|t| content_hash(&model_id, t)).collect();

        let mut found: HashMap<[u8; 32], Vector> = HashMap::with_capacity(texts.len());
        let mut misses: Vec<([u8; 32], String)> = Vec::new();
        for (key, text) in keys.iter().zip(texts) {
            if found.contains_key(key) || misses.iter().any(|(k, _)| k == key) {
                continue;
            }
            match self.cache.get(key) {
                Some(vector) => {
                    found.insert(*key, vector);
                }
                None => misses.push((*key, text)),
            }
        }

        if !misses.is_empty() {
            let (miss_keys, miss_texts): (Vec<_>, Vec<_>) = misses.into_iter().unzip();
            let vectors = self.embed_blocking(embedder, miss_texts).await?;
            for (key, vector) in miss_keys.into_iter().zip(vectors) {
                let vector: Vector = vector.into();
                self.cache.insert(key, vector.clone());
                found.insert(key, vector);
            }
        }
        // Every key is in `found`: it was either a cache hit or one of the misses just embedded.
        Ok(keys.iter().map(|key| found[key].clone()).collect())
    }

    /// Runs the embedder on the blocking pool once a batch slot is free, and checks that it
    /// returned one vector of the promised length per text.
    async fn embed_blocking(
        &self,
        embedder: Arc<dyn Embedder>,
        texts: Vec<String>,
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        let permit = self
            .batches
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| EmbedError::TaskFailed(e.to_string()))?;
        let expected = texts.len();
        let dimensions = embedder.dimensions();
        let model_id = embedder.model_id().to_owned();
        let vectors = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            embedder.embed(&refs)
        })
        .await
        .map_err(|e| EmbedError::TaskFailed(e.to_string()))??;

        let malformed = |got: String, expected: String| EmbedError::Malformed {
            model_id: model_id.clone(),
            got,
            expected,
        };
        if vectors.len() != expected {
            return Err(malformed(
                format!("{} vectors", vectors.len()),
                format!("{expected}"),
            ));
        }
        if let Some(bad) = vectors.iter().find(|v| v.len() != dimensions) {
            return Err(malformed(
                format!("a vector of {} dimensions", bad.len()),
                format!("{dimensions}"),
            ));
        }
        Ok(vectors)
    }
}

#[cfg(test)]
mod tests;
