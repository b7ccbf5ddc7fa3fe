//! The supergraph the router serves: read from a file, turned into a planner, an API schema
//! and subgraph executors, and replaced atomically when the file changes.
//!
//! Requests take a snapshot (`Arc<LoadedSupergraph>`) once and use it for every stage, so a
//! reload in the middle of a request never mixes two schemas. A file that does not load keeps
//! the previous supergraph and is logged; the router keeps serving.

pub(crate) mod input_types;
mod watch;

pub use watch::spawn_watcher;

use crate::error::RouterError;
use crate::metrics::RouterMetrics;
use arc_swap::ArcSwap;
use hive_router_config::subscriptions::{
    SupergraphSubscriptionsConfig, WebSocketConfig, WebSocketSubgraphConfig,
};
use hive_router_config::traffic_shaping::{DurationOrExpression, SupergraphTrafficShapingConfig};
use hive_router_internal::telemetry::TelemetryContext;
use hive_router_plan_executor::SubgraphExecutorMap;
use hive_router_plan_executor::hooks::on_supergraph_load::{
    Supergraph, SupergraphData, SupergraphOptions,
};
use input_types::InputTypes;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// One loaded supergraph and everything derived from it.
pub struct LoadedSupergraph {
    /// Increases with every successful load; part of the plan cache key.
    pub generation: u64,
    supergraph: Supergraph,
    pub executors: Arc<SubgraphExecutorMap>,
    /// Input types of the API schema, indexed for variable coercion.
    pub input_types: InputTypes,
    /// The SDL it was built from, to skip reloads when the file was touched but not changed.
    sdl: String,
}

impl LoadedSupergraph {
    /// Planner, API (consumer) schema and schema metadata.
    pub fn data(&self) -> &SupergraphData {
        &self.supergraph
    }
}

/// The current supergraph, swappable while requests hold snapshots of the previous one.
pub struct SupergraphStore {
    current: ArcSwap<LoadedSupergraph>,
    path: PathBuf,
    subgraph_urls: HashMap<String, String>,
    subgraph_timeout: Duration,
    /// Reloads refused since start (unreadable or invalid files); the previous supergraph
    /// stayed in service each time.
    failed_reloads: AtomicU64,
    /// Where each supergraph's executors count their subgraph fetches.
    metrics: RouterMetrics,
}

impl SupergraphStore {
    /// Loads `path`; fails when the file is missing or invalid, as the router has nothing to
    /// serve without it.
    pub fn load(
        path: &Path,
        subgraph_urls: HashMap<String, String>,
        subgraph_timeout: Duration,
        metrics: RouterMetrics,
    ) -> Result<Self, RouterError> {
        let sdl = read(path)?;
        let loaded = build(path, sdl, &subgraph_urls, subgraph_timeout, &metrics, 1)?;
        Ok(Self {
            current: ArcSwap::from_pointee(loaded),
            path: path.to_owned(),
            subgraph_urls,
            subgraph_timeout,
            failed_reloads: AtomicU64::new(0),
            metrics,
        })
    }

    pub fn current(&self) -> Arc<LoadedSupergraph> {
        self.current.load_full()
    }

    pub fn generation(&self) -> u64 {
        self.current.load().generation
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Subgraph `name`'s URL: the configured override, else the supergraph's.
    pub fn subgraph_url(&self, name: &str) -> Option<String> {
        self.subgraph_urls.get(name).cloned().or_else(|| {
            let current = self.current();
            let endpoints = &current.data().planner.supergraph.subgraph_endpoint_map;
            endpoints.get(name).cloned()
        })
    }

    /// Every subgraph of the current supergraph with the URL the router calls it at.
    pub fn subgraph_urls_now(&self) -> Vec<(String, String)> {
        let current = self.current();
        subgraph_endpoints(
            &current.data().planner.supergraph.subgraph_endpoint_map,
            &self.subgraph_urls,
        )
        .into_iter()
        .collect()
    }

    /// Re-reads the file. `Ok(true)` when a new supergraph is now current, `Ok(false)` when the
    /// content did not change; on error the previous supergraph stays current.
    pub fn reload(&self) -> Result<bool, RouterError> {
        let outcome = self.try_reload();
        if outcome.is_err() {
            self.failed_reloads.fetch_add(1, Ordering::Relaxed);
        }
        outcome
    }

    fn try_reload(&self) -> Result<bool, RouterError> {
        let sdl = read(&self.path)?;
        let previous = self.current.load_full();
        if previous.sdl == sdl {
            return Ok(false);
        }
        let loaded = build(
            &self.path,
            sdl,
            &self.subgraph_urls,
            self.subgraph_timeout,
            &self.metrics,
            previous.generation + 1,
        )?;
        self.current.store(Arc::new(loaded));
        Ok(true)
    }

    /// Reloads refused since start.
    pub fn failed_reloads(&self) -> u64 {
        self.failed_reloads.load(Ordering::Relaxed)
    }
}

fn read(path: &Path) -> Result<String, RouterError> {
    std::fs::read_to_string(path).map_err(|source| RouterError::SupergraphRead {
        path: path.to_owned(),
        source,
    })
}

fn build(
    path: &Path,
    sdl: String,
    subgraph_urls: &HashMap<String, String>,
    subgraph_timeout: Duration,
    metrics: &RouterMetrics,
    generation: u64,
) -> Result<LoadedSupergraph, RouterError> {
    // The executors' TLS connectors need a process-wide rustls provider.
    crate::install_crypto_provider();
    let invalid = |reason: String| RouterError::SupergraphInvalid {
        path: path.to_owned(),
        reason,
    };
    // The planner assumes a composed supergraph and panics on some malformed ones (a
    // `join__type` naming an unknown graph, say). A bad file must not take the router down.
    let supergraph = std::panic::catch_unwind(AssertUnwindSafe(|| {
        Supergraph::from_sdl(&sdl, SupergraphOptions::default())
    }))
    .map_err(|_| invalid("the query planner rejected it".to_owned()))?
    .map_err(|err| invalid(err.to_string()))?;

    let endpoints = subgraph_endpoints(
        &supergraph.planner.supergraph.subgraph_endpoint_map,
        subgraph_urls,
    );
    let mut executors = SubgraphExecutorMap::from_http_endpoint_map(
        &endpoints,
        traffic_shaping(subgraph_timeout),
        Default::default(),
        subscriptions_over_websocket(),
        None,
        Arc::new(TelemetryContext::from_propagation_config(
            &Default::default(),
            &Default::default(),
        )),
        Default::default(),
    )
    .map_err(|err| RouterError::Executors(err.to_string()))?;
    executors.set_fetch_observer(Arc::new(
        metrics.subgraph_fetches(endpoints.keys().map(String::as_str)),
    ));
    let input_types = InputTypes::from_schema(&supergraph.planner.consumer_schema.document);
    Ok(LoadedSupergraph {
        generation,
        supergraph,
        executors: Arc::new(executors),
        input_types,
        sdl,
    })
}

/// The supergraph's `join__graph(url:)` per subgraph, with configured overrides applied.
fn subgraph_endpoints(
    declared: &HashMap<String, String>,
    overrides: &HashMap<String, String>,
) -> HashMap<String, String> {
    let mut endpoints = declared.clone();
    for (name, url) in overrides {
        match endpoints.get_mut(name) {
            Some(endpoint) => *endpoint = url.clone(),
            None => tracing::warn!(
                subgraph = %name,
                "a URL override names a subgraph the supergraph does not have; ignored"
            ),
        }
    }
    endpoints
}

/// Each fetch of a query or mutation is bounded by `timeout` (a timed-out fetch is a
/// `SUBGRAPH_REQUEST_TIMEOUT` error on its fields, see `response_errors.rs`); subscriptions are
/// long-lived and the executor does not bound them.
fn traffic_shaping(timeout: Duration) -> SupergraphTrafficShapingConfig {
    let mut shaping = SupergraphTrafficShapingConfig::default();
    shaping.all.request_timeout = DurationOrExpression::Duration(timeout);
    shaping
}

/// Subgraph subscriptions use graphql-transport-ws on each subgraph's own GraphQL URL (the
/// async-graphql subgraphs serve it on `/graphql`); queries and mutations stay on HTTP POST.
fn subscriptions_over_websocket() -> SupergraphSubscriptionsConfig {
    SupergraphSubscriptionsConfig {
        websocket: Some(WebSocketConfig {
            all: Some(WebSocketSubgraphConfig { path: None }),
            subgraphs: HashMap::new(),
        }),
        ..Default::default()
    }
}
