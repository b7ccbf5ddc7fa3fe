//! Patched: an embedding router learns of every fetch `SubgraphExecutorMap::execute` sends to a
//! subgraph (a query's or mutation's fetches and every entity fetch, subscription events'
//! included), with how long it took and how it ended, e.g. to keep per-subgraph metrics. The
//! plugin hooks do not serve for this: their end callbacks do not run when a fetch fails, and
//! the entity fetches of subscription events run without plugins.

use std::time::Duration;

use crate::{executors::error::SubgraphExecutorError, response::subgraph_response::SubgraphResponse};

pub trait SubgraphFetchObserver: Send + Sync {
    /// One fetch to `subgraph_name` ended after `elapsed`: its response, or why there was none.
    fn fetch_ended(
        &self,
        subgraph_name: &str,
        elapsed: Duration,
        result: Result<&SubgraphResponse<'_>, &SubgraphExecutorError>,
    );
}
