//! Prepared operations keyed by the document text and the operation name.
//!
//! Clients send the same few documents over and over; parsing, limit checks, validation,
//! normalization and planning depend only on the document, the operation name and the
//! supergraph, so each distinct pair is prepared once and its outcome kept, refusals included
//! (a client retrying an invalid document costs a lookup). Variables are still coerced per
//! request. The cache is bounded by weight (the bytes it holds, roughly), evicts by TinyLFU
//! (a flood of one-off documents does not push out the hot ones), and concurrent requests for
//! the same missing entry wait for one preparation instead of each doing it. Keys carry the
//! supergraph generation and the cache is emptied on reload, so an operation prepared against
//! a replaced schema is never served.

use crate::pipeline::{PipelineError, PreparedDocument};
use moka::future::Cache;
use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes of documents (and their prepared forms, estimated) the cache keeps.
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;
/// What a prepared operation weighs beyond its text: plan, normalized operation, projection.
const ENTRY_OVERHEAD_BYTES: usize = 8 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct OperationKey {
    generation: u64,
    hash: u64,
}

/// The outcome of preparing one document for one operation name.
struct Entry {
    /// Compared on a hit, so a 64-bit hash collision costs a preparation, never a wrong plan.
    query: Box<str>,
    operation_name: Option<Box<str>>,
    outcome: Result<Arc<PreparedDocument>, PipelineError>,
}

/// Hits and misses since start, for tests and diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OperationCacheStats {
    pub hits: u64,
    pub misses: u64,
    pub entries: u64,
}

pub struct OperationCache {
    entries: Cache<OperationKey, Arc<Entry>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Default for OperationCache {
    fn default() -> Self {
        Self {
            entries: Cache::builder()
                .max_capacity(CAPACITY_BYTES)
                .weigher(|_, entry: &Arc<Entry>| {
                    let bytes = entry.query.len() + ENTRY_OVERHEAD_BYTES;
                    u32::try_from(bytes).unwrap_or(u32::MAX)
                })
                .build(),
            hits: AtomicU64::default(),
            misses: AtomicU64::default(),
        }
    }
}

impl OperationCache {
    /// The prepared operation for `query` and `operation_name` under supergraph `generation`,
    /// running `prepare` when there is none yet.
    pub async fn get_or_prepare<F, Fut>(
        &self,
        generation: u64,
        query: &str,
        operation_name: Option<&str>,
        prepare: F,
    ) -> Result<Arc<PreparedDocument>, PipelineError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<Arc<PreparedDocument>, PipelineError>>,
    {
        let key = OperationKey {
            generation,
            hash: hash_of(query, operation_name),
        };
        // The common case, a hit, without the entry API's bookkeeping.
        if let Some(entry) = self.entries.get(&key).await
            && *entry.query == *query
            && entry.operation_name.as_deref() == operation_name
            && entry
                .outcome
                .as_ref()
                .err()
                .is_none_or(PipelineError::is_cacheable)
        {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return entry.outcome.clone();
        }
        let entry = self
            .entries
            .entry(key)
            .or_insert_with(async {
                Arc::new(Entry {
                    query: query.into(),
                    operation_name: operation_name.map(Into::into),
                    outcome: prepare().await,
                })
            })
            .await;
        let fresh = entry.is_fresh();
        let entry = entry.into_value();
        let same = *entry.query == *query && entry.operation_name.as_deref() == operation_name;
        let counter = if fresh || !same {
            &self.misses
        } else {
            &self.hits
        };
        counter.fetch_add(1, Ordering::Relaxed);
        if let Err(err) = &entry.outcome
            && !err.is_cacheable()
        {
            // An outage or a timeout says nothing about the document: forget it, and let a
            // request that only waited for someone else's attempt make its own.
            self.entries.invalidate(&key).await;
            if !fresh {
                return prepare().await;
            }
        }
        if same {
            entry.outcome.clone()
        } else {
            prepare().await
        }
    }

    /// Drops every entry; called when the supergraph is replaced.
    pub fn clear(&self) {
        self.entries.invalidate_all();
    }

    pub async fn stats(&self) -> OperationCacheStats {
        self.entries.run_pending_tasks().await;
        OperationCacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries: self.entries.entry_count(),
        }
    }
}

fn hash_of(query: &str, operation_name: Option<&str>) -> u64 {
    let mut hasher = DefaultHasher::new();
    query.hash(&mut hasher);
    operation_name.hash(&mut hasher);
    hasher.finish()
}
