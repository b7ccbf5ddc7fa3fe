//! Query plans keyed by the normalized operation and the operation name.
//!
//! Planning walks the federation graph and is by far the most expensive step per request, while
//! clients send the same few operations over and over. Normalization makes textually different
//! but equivalent documents (whitespace, fragment order, aliases of the same shape) share a key.
//! Keys also carry the supergraph generation, so a plan computed against a schema that has since
//! been replaced can never be served, even if it is inserted after the reload cleared the cache.
//! The operation cache in front of it (`operation_cache.rs`) answers repeated documents; this one
//! lets different documents of the same operation share a plan. Bounded by weight with TinyLFU
//! eviction, so endless distinct operations cannot grow it or flush the hot plans.

use hive_router_query_planner::planner::plan_nodes::QueryPlan;
use moka::sync::Cache;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes of normalized operations (and their plans, estimated) kept.
const CAPACITY_BYTES: u64 = 32 * 1024 * 1024;
/// What a plan weighs beyond its operation's text.
const PLAN_OVERHEAD_BYTES: usize = 4 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PlanKey {
    generation: u64,
    operation_hash: u64,
    operation_name: Option<String>,
}

impl PlanKey {
    pub fn new(generation: u64, normalized_operation: &str, operation_name: Option<&str>) -> Self {
        let mut hasher = DefaultHasher::new();
        normalized_operation.hash(&mut hasher);
        Self {
            generation,
            operation_hash: hasher.finish(),
            operation_name: operation_name.map(str::to_owned),
        }
    }
}

struct Entry {
    /// Compared on a hit, so a 64-bit hash collision costs a re-plan instead of a wrong plan.
    normalized_operation: String,
    plan: Arc<QueryPlan>,
}

/// Hit and miss counts since start, for tests and diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlanCacheStats {
    pub hits: u64,
    pub misses: u64,
    pub entries: usize,
}

pub struct PlanCache {
    entries: Cache<PlanKey, Arc<Entry>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Default for PlanCache {
    fn default() -> Self {
        Self {
            entries: Cache::builder()
                .max_capacity(CAPACITY_BYTES)
                .weigher(|_, entry: &Arc<Entry>| {
                    let bytes = entry.normalized_operation.len() + PLAN_OVERHEAD_BYTES;
                    u32::try_from(bytes).unwrap_or(u32::MAX)
                })
                .build(),
            hits: AtomicU64::default(),
            misses: AtomicU64::default(),
        }
    }
}

impl PlanCache {
    pub fn get(&self, key: &PlanKey, normalized_operation: &str) -> Option<Arc<QueryPlan>> {
        let found = self
            .entries
            .get(key)
            .filter(|entry| entry.normalized_operation == normalized_operation)
            .map(|entry| entry.plan.clone());
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    pub fn insert(&self, key: PlanKey, normalized_operation: String, plan: Arc<QueryPlan>) {
        self.entries.insert(
            key,
            Arc::new(Entry {
                normalized_operation,
                plan,
            }),
        );
    }

    /// Drops every plan; called when the supergraph is replaced.
    pub fn clear(&self) {
        self.entries.invalidate_all();
    }

    pub fn stats(&self) -> PlanCacheStats {
        self.entries.run_pending_tasks();
        PlanCacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries: self.entries.entry_count() as usize,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hive_router_query_planner::planner::query_plan::QUERY_PLAN_KIND;

    fn plan() -> Arc<QueryPlan> {
        Arc::new(QueryPlan {
            kind: QUERY_PLAN_KIND,
            node: None,
        })
    }

    #[test]
    fn hit_needs_same_operation_name_and_generation() {
        let cache = PlanCache::default();
        let op = "{ a }";
        cache.insert(PlanKey::new(1, op, Some("A")), op.into(), plan());
        assert!(cache.get(&PlanKey::new(1, op, Some("A")), op).is_some());
        assert!(cache.get(&PlanKey::new(1, op, None), op).is_none());
        assert!(cache.get(&PlanKey::new(2, op, Some("A")), op).is_none());
        assert_eq!(
            cache.stats(),
            PlanCacheStats {
                hits: 1,
                misses: 2,
                entries: 1
            }
        );
        cache.clear();
        assert_eq!(cache.stats().entries, 0);
    }
}
