//! The router's Prometheus metrics, served at `/metrics`: requests by operation, kind and
//! outcome with their latency, refusals by code, persisted documents, the operation and plan
//! caches, open WebSocket connections, live subscriptions, how subscriptions ended when the
//! client did not ask, requests answered 503 because the services they needed were
//! unavailable, and the router's fetches from each subgraph (`subgraph_fetches.rs`). One registry for every worker thread of the process (they share this handle),
//! with the `service="router"` label.
//!
//! Operation names come from clients, so they are bounded: only names of operations that
//! passed validation are used, cut to 64 characters, and past the first 200 distinct names a
//! process has seen the rest count as `other`.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};
use std::collections::HashMap;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;

mod subgraph_fetches;

pub use subgraph_fetches::SubgraphFetches;

/// Latency buckets, in seconds, of the request and subgraph fetch histograms.
const LATENCY_BUCKETS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Clone)]
pub struct RouterMetrics(Arc<Inner>);

pub struct Inner {
    registry: Registry,
    pub websocket_connections: IntGauge,
    pub subscriptions_active: IntGauge,
    /// By reason: `service_gone`, `credential`.
    pub subscriptions_ended: IntCounterVec,
    pub unavailable_responses: IntCounter,
    /// By operation name, kind (`query`, `mutation`, `subscription`, `unknown`) and outcome
    /// (`success`, `errors`, `refused`, `unavailable`, `timeout`).
    requests: IntCounterVec,
    /// Seconds, by kind.
    request_duration: HistogramVec,
    /// Requests refused before execution, by `extensions.code`.
    refusals: IntCounterVec,
    /// Persisted documents by outcome (`hit`, `miss`, `registered`, `not_in_list`).
    pub persisted_queries: IntCounterVec,
    /// The operation and plan caches (`cache`: `operation`, `plan`; `result`: `hit`, `miss`).
    cache_lookups: IntCounterVec,
    /// Fetches from subgraphs, by subgraph and outcome (`ok`, `graphql_errors`, `http_error`,
    /// `unreachable`).
    subgraph_requests: IntCounterVec,
    /// Seconds per fetch from a subgraph, by subgraph.
    subgraph_request_duration: HistogramVec,
    /// Operation names seen, for the cardinality bound.
    names: Mutex<HashSet<String>>,
    /// The counts last reported per cache and instance (each worker has its own caches).
    reported: Mutex<HashMap<CacheInstance, (u64, u64)>>,
}

/// A cache (`operation`, `plan`) and the address of one worker's instance of it.
type CacheInstance = (&'static str, usize);

/// Distinct operation names kept as labels.
const MAX_NAMES: usize = 200;
const MAX_NAME_LENGTH: usize = 64;

/// How a request ended, for `router_requests_total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Data and no errors.
    Success,
    /// Executed, with errors in the response.
    Errors,
    /// Refused before execution (a limit, validation, authentication, …).
    Refused,
    /// A service it needed was unavailable.
    Unavailable,
    Timeout,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Errors => "errors",
            Self::Refused => "refused",
            Self::Unavailable => "unavailable",
            Self::Timeout => "timeout",
        }
    }
}

impl std::ops::Deref for RouterMetrics {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl std::fmt::Debug for RouterMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouterMetrics").finish_non_exhaustive()
    }
}

impl Default for RouterMetrics {
    fn default() -> Self {
        let labels = HashMap::from([("service".to_owned(), "router".to_owned())]);
        let registry =
            Registry::new_custom(Some("iworkz".to_owned()), Some(labels)).unwrap_or_default();
        let websocket_connections = IntGauge::new(
            "router_websocket_connections",
            "Open graphql-transport-ws connections",
        );
        let subscriptions_active = IntGauge::new(
            "router_subscriptions_active",
            "Subscriptions being streamed",
        );
        let subscriptions_ended = IntCounterVec::new(
            Opts::new(
                "router_subscriptions_ended_total",
                "Subscriptions the router ended before the client asked, by reason",
            ),
            &["reason"],
        );
        let unavailable_responses = IntCounter::new(
            "router_unavailable_responses_total",
            "Requests answered 503 because the services they needed were unavailable",
        );
        let requests = IntCounterVec::new(
            Opts::new(
                "router_requests_total",
                "GraphQL operations by operation name, kind and outcome",
            ),
            &["operation", "kind", "outcome"],
        );
        let request_duration = HistogramVec::new(
            HistogramOpts::new(
                "router_request_duration_seconds",
                "Time from a request's arrival to its response (a subscription: to its start)",
            )
            .buckets(LATENCY_BUCKETS.to_vec()),
            &["kind"],
        );
        let refusals = IntCounterVec::new(
            Opts::new(
                "router_refusals_total",
                "Requests refused before execution, by extensions.code",
            ),
            &["code"],
        );
        let persisted_queries = IntCounterVec::new(
            Opts::new(
                "router_persisted_queries_total",
                "Persisted documents: hash hits and misses, texts registered, operations not in the trusted list",
            ),
            &["outcome"],
        );
        let cache_lookups = IntCounterVec::new(
            Opts::new(
                "router_cache_lookups_total",
                "Operation and plan cache lookups by result",
            ),
            &["cache", "result"],
        );
        let subgraph_requests = IntCounterVec::new(
            Opts::new(
                "router_subgraph_requests_total",
                "Fetches from subgraphs, by subgraph and outcome",
            ),
            &["subgraph", "outcome"],
        );
        let subgraph_request_duration = HistogramVec::new(
            HistogramOpts::new(
                "router_subgraph_request_duration_seconds",
                "Time from sending a fetch to a subgraph to having its response read",
            )
            .buckets(LATENCY_BUCKETS.to_vec()),
            &["subgraph"],
        );
        // The names above are fixed: failing here is a programming error a test catches.
        let (
            Ok(websocket_connections),
            Ok(subscriptions_active),
            Ok(subscriptions_ended),
            Ok(unavailable_responses),
            Ok(requests),
            Ok(request_duration),
            Ok(refusals),
            Ok(persisted_queries),
            Ok(cache_lookups),
            Ok(subgraph_requests),
            Ok(subgraph_request_duration),
        ) = (
            websocket_connections,
            subscriptions_active,
            subscriptions_ended,
            unavailable_responses,
            requests,
            request_duration,
            refusals,
            persisted_queries,
            cache_lookups,
            subgraph_requests,
            subgraph_request_duration,
        )
        else {
            panic!("invalid router metric definitions");
        };
        for collector in [
            Box::new(websocket_connections.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(subscriptions_active.clone()),
            Box::new(subscriptions_ended.clone()),
            Box::new(unavailable_responses.clone()),
            Box::new(requests.clone()),
            Box::new(request_duration.clone()),
            Box::new(refusals.clone()),
            Box::new(persisted_queries.clone()),
            Box::new(cache_lookups.clone()),
            Box::new(subgraph_requests.clone()),
            Box::new(subgraph_request_duration.clone()),
        ] {
            if let Err(err) = registry.register(collector) {
                panic!("router metric registered twice: {err}");
            }
        }
        Self(Arc::new(Inner {
            registry,
            websocket_connections,
            subscriptions_active,
            subscriptions_ended,
            unavailable_responses,
            requests,
            request_duration,
            refusals,
            persisted_queries,
            cache_lookups,
            subgraph_requests,
            subgraph_request_duration,
            names: Mutex::new(HashSet::new()),
            reported: Mutex::new(HashMap::new()),
        }))
    }
}

impl RouterMetrics {
    /// Counts one request: its operation (`None` when it was refused before one was known),
    /// kind, outcome and duration; a refusal also by its code.
    pub fn request(
        &self,
        operation: Option<&str>,
        kind: &str,
        outcome: Outcome,
        refused_code: Option<&str>,
        elapsed: Duration,
    ) {
        let operation = self.bounded_name(operation);
        self.requests
            .with_label_values(&[operation.as_str(), kind, outcome.as_str()])
            .inc();
        self.request_duration
            .with_label_values(&[kind])
            .observe(elapsed.as_secs_f64());
        if let Some(code) = refused_code {
            self.refusals.with_label_values(&[code]).inc();
        }
    }

    /// The label for an operation name: itself (cut), `other` past the bound, empty for none.
    fn bounded_name(&self, operation: Option<&str>) -> String {
        let Some(name) = operation.filter(|name| !name.is_empty()) else {
            return String::new();
        };
        let name: String = name.chars().take(MAX_NAME_LENGTH).collect();
        let mut names = self
            .names
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if names.contains(&name) || names.len() < MAX_NAMES && names.insert(name.clone()) {
            name
        } else {
            "other".to_owned()
        }
    }

    /// Adds what one cache (`instance`: its address; every worker has its own) counted since
    /// the last scrape.
    pub fn record_cache_counts(
        &self,
        cache: &'static str,
        instance: usize,
        hits: u64,
        misses: u64,
    ) {
        let mut reported = self
            .reported
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let last = reported.entry((cache, instance)).or_insert((0, 0));
        self.cache_lookups
            .with_label_values(&[cache, "hit"])
            .inc_by(hits.saturating_sub(last.0));
        self.cache_lookups
            .with_label_values(&[cache, "miss"])
            .inc_by(misses.saturating_sub(last.1));
        *last = (hits.max(last.0), misses.max(last.1));
    }

    /// The fetch observer for an executor map serving `subgraphs`: their series are resolved
    /// now (and shown at zero), so counting a fetch looks nothing up by label.
    pub fn subgraph_fetches<'a>(
        &self,
        subgraphs: impl IntoIterator<Item = &'a str>,
    ) -> SubgraphFetches {
        SubgraphFetches::new(
            &self.subgraph_requests,
            &self.subgraph_request_duration,
            subgraphs,
        )
    }

    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        if let Err(err) = TextEncoder::new().encode(&self.registry.gather(), &mut buffer) {
            tracing::warn!(error = %err, "encoding metrics failed");
        }
        String::from_utf8(buffer).unwrap_or_default()
    }
}

/// Counts one while alive (an open connection, a live subscription).
pub struct Live(IntGauge);

impl Live {
    pub fn new(gauge: &IntGauge) -> Self {
        gauge.inc();
        Self(gauge.clone())
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.0.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_are_bounded() {
        let metrics = RouterMetrics::default();
        for index in 0..MAX_NAMES + 5 {
            let name = format!("Operation{index}");
            metrics.request(
                Some(&name),
                "query",
                Outcome::Success,
                None,
                Duration::from_millis(3),
            );
        }
        metrics.request(
            Some(&"x".repeat(500)),
            "query",
            Outcome::Refused,
            Some("MAX_DEPTH_EXCEEDED"),
            Duration::ZERO,
        );
        let text = metrics.render();
        assert!(text.contains(r#"operation="Operation0""#), "{text}");
        assert!(text.contains(r#"operation="other""#));
        assert!(!text.contains(&"x".repeat(65)));
        assert!(text.contains(
            r#"iworkz_router_refusals_total{code="MAX_DEPTH_EXCEEDED",service="router"} 1"#
        ));
        assert!(text.contains("iworkz_router_request_duration_seconds_bucket"));
    }

    #[test]
    fn series_carry_the_router_label() {
        let metrics = RouterMetrics::default();
        let live = Live::new(&metrics.subscriptions_active);
        let text = metrics.render();
        assert!(
            text.contains(r#"iworkz_router_subscriptions_active{service="router"} 1"#),
            "{text}"
        );
        drop(live);
        assert!(
            metrics
                .render()
                .contains(r#"iworkz_router_subscriptions_active{service="router"} 0"#)
        );
    }
}
