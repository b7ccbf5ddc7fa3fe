//! One batched lookup per `_entities` call (and per list of nested fields), the way a subgraph
//! over a database answers a gateway's batch with one query instead of one per representation.
//!
//! The tables are in memory, so a lookup costs next to nothing; what matters is that the
//! subgraphs behave like batching subgraphs and that the batching is observable (the counters
//! below) so a test can tell it happens.

use async_graphql::dataloader::{DataLoader, Loader};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How many batches a loader ran and how many keys they held.
#[derive(Default, Debug)]
pub struct BatchCounter {
    batches: AtomicU64,
    keys: AtomicU64,
}

impl BatchCounter {
    pub fn batches(&self) -> u64 {
        self.batches.load(Ordering::Relaxed)
    }

    pub fn keys(&self) -> u64 {
        self.keys.load(Ordering::Relaxed)
    }
}

/// Looks keys up with `lookup`, all keys of a batch in one call.
pub struct BatchLoader<K, V> {
    lookup: fn(&K) -> Option<V>,
    counter: Arc<BatchCounter>,
}

impl<K, V> Loader<K> for BatchLoader<K, V>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    V: Send + Sync + Clone + 'static,
{
    type Value = V;
    type Error = std::convert::Infallible;

    async fn load(&self, keys: &[K]) -> Result<HashMap<K, V>, Self::Error> {
        self.counter.batches.fetch_add(1, Ordering::Relaxed);
        self.counter
            .keys
            .fetch_add(keys.len() as u64, Ordering::Relaxed);
        Ok(keys
            .iter()
            .filter_map(|key| (self.lookup)(key).map(|value| (key.clone(), value)))
            .collect())
    }
}

/// Loads one key; it joins whatever batch is being collected.
pub async fn load_one<K, V>(loader: &DataLoader<BatchLoader<K, V>>, key: K) -> Option<V>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    V: Send + Sync + Clone + 'static,
{
    match loader.load_one(key).await {
        Ok(value) => value,
        Err(never) => match never {},
    }
}

/// A shared loader over `lookup` and the counter it reports to.
///
/// No delay: the first key of a batch schedules the load on another task, which only runs
/// once the resolver task yields, and async-graphql polls every item of a list (every
/// representation of `_entities`) before it yields, so they all land in the same batch. The
/// default 1 ms delay would add a millisecond to each subgraph call and blur the gateways'
/// own latency.
pub fn batch_loader<K, V>(
    lookup: fn(&K) -> Option<V>,
) -> (DataLoader<BatchLoader<K, V>>, Arc<BatchCounter>)
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    V: Send + Sync + Clone + 'static,
{
    let counter = Arc::new(BatchCounter::default());
    let loader = BatchLoader {
        lookup,
        counter: counter.clone(),
    };
    (
        DataLoader::new(loader, tokio::spawn).delay(Duration::ZERO),
        counter,
    )
}
