//! Query plans keyed by the normalized operation and the operation name.
//!
//! Planning walks the federation graph and is by far the most expensive step per request, while
//! clients send the same few operations over and over. Normalization makes textually different
//! but equivalent documents (whitespace, fragment order, aliases of the same shape) share a key.
//! Keys also carry the supergraph generation, so a plan computed against a schema that has since
//! been replaced can never be served, even if it is inserted after the reload cleared the cache.

use hive_router_query_planner::planner::plan_nodes::QueryPlan;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// Entries kept before the cache starts over; bounds memory against clients that send
/// endless distinct operations.
const CAPACITY: usize = 1024;

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

#[derive(Default)]
pub struct PlanCache {
    entries: Mutex<HashMap<PlanKey, Entry>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl PlanCache {
    pub fn get(&self, key: &PlanKey, normalized_operation: &str) -> Option<Arc<QueryPlan>> {
        let found = self
            .lock()
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
        let mut entries = self.lock();
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(
            key,
            Entry {
                normalized_operation,
                plan,
            },
        );
    }

    /// Drops every plan; called when the supergraph is replaced.
    pub fn clear(&self) {
        self.lock().clear();
    }

    pub fn stats(&self) -> PlanCacheStats {
        PlanCacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries: self.lock().len(),
        }
    }

    /// A panic while holding the lock cannot leave the map half-updated (every operation is a
    /// single map call), so a poisoned lock is still safe to use.
    fn lock(&self) -> MutexGuard<'_, HashMap<PlanKey, Entry>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
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
