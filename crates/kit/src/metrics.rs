//! The Prometheus metrics of one subgraph instance, served at `/metrics`: the event pipeline
//! (outbox backlog and age, relay errors, republished events, consumer lag, pending and
//! reclaimed entries, applied events by type, stale and duplicate events skipped, failures and
//! dead letters) and live subscriptions.
//!
//! One registry per instance rather than the process-global one: the one-process stack runs
//! three subgraphs, and tests run many stacks, each of which must count its own. Every series
//! carries the `service` label. Gauges that need a query (backlog, lag) are sampled by the task
//! that owns the data every few seconds, never computed during a scrape.

use prometheus::{
    Encoder, Gauge, IntCounter, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};
use std::collections::HashMap;
use std::sync::Arc;

/// Cheap to clone; clones count into the same series.
#[derive(Clone)]
pub struct Metrics(Arc<EventMetrics>);

impl std::ops::Deref for Metrics {
    type Target = EventMetrics;

    fn deref(&self) -> &EventMetrics {
        &self.0
    }
}

pub struct EventMetrics {
    registry: Registry,
    /// Outbox rows not yet published.
    pub outbox_backlog: IntGauge,
    /// Age of the oldest unpublished outbox row (0 when none).
    pub outbox_oldest_unsent_seconds: Gauge,
    /// Published rows not yet acknowledged by every consumer group.
    pub outbox_unconfirmed: IntGauge,
    pub outbox_published: IntCounter,
    pub relay_errors: IntCounter,
    /// Events published again, by reason (`broker_lost`, `reconciliation`).
    pub republished: IntCounterVec,
    /// Events applied to this subgraph's copies, by type.
    pub events_applied: IntCounterVec,
    /// Events older than what a copy reflects, acknowledged without effect, by type.
    pub events_stale: IntCounterVec,
    /// Deliveries of an event already applied (redeliveries, duplicates).
    pub duplicates_skipped: IntCounter,
    /// Failed attempts to apply an event (each retry counts).
    pub event_failures: IntCounter,
    /// Events moved to the dead-letter store.
    pub dead_lettered: IntCounter,
    /// Dead letters waiting for an administrator.
    pub dead_letters_open: IntGauge,
    /// Age of the oldest event the consumer group has not acknowledged.
    pub consumer_lag_seconds: Gauge,
    /// Delivered to the group and not acknowledged.
    pub consumer_pending: IntGauge,
    /// Published and not yet delivered to the group.
    pub consumer_undelivered: IntGauge,
    /// Entries this process took over from members that stopped answering.
    pub consumer_reclaimed: IntGauge,
    /// GraphQL subscriptions this instance carries.
    pub subscriptions_active: IntGauge,
}

impl Metrics {
    /// The metrics of service `service` (`users`, `jobs`, `matching`).
    pub fn new(service: &str) -> Self {
        let labels = HashMap::from([("service".to_owned(), service.to_owned())]);
        let registry =
            Registry::new_custom(Some("iworkz".to_owned()), Some(labels)).unwrap_or_default();
        let int_gauge = |name: &str, help: &str| register(&registry, IntGauge::new(name, help));
        let gauge = |name: &str, help: &str| register(&registry, Gauge::new(name, help));
        let counter = |name: &str, help: &str| register(&registry, IntCounter::new(name, help));
        let by = |name: &str, help: &str, label: &str| {
            register(
                &registry,
                IntCounterVec::new(Opts::new(name, help), &[label]),
            )
        };
        let metrics = EventMetrics {
            outbox_backlog: int_gauge("outbox_backlog", "Outbox rows not yet published"),
            outbox_oldest_unsent_seconds: gauge(
                "outbox_oldest_unsent_seconds",
                "Age of the oldest unpublished outbox row",
            ),
            outbox_unconfirmed: int_gauge(
                "outbox_unconfirmed",
                "Published outbox rows not yet acknowledged by every consumer group",
            ),
            outbox_published: counter("outbox_published_total", "Outbox rows published"),
            relay_errors: counter("outbox_relay_errors_total", "Failed relay passes"),
            republished: by(
                "outbox_republished_total",
                "Events published again, by reason",
                "reason",
            ),
            events_applied: by(
                "events_applied_total",
                "Events applied, by type",
                "event_type",
            ),
            events_stale: by(
                "events_stale_total",
                "Events older than the copy they would change, skipped, by type",
                "event_type",
            ),
            duplicates_skipped: counter(
                "events_duplicates_skipped_total",
                "Deliveries of events already applied",
            ),
            event_failures: counter(
                "events_failed_attempts_total",
                "Failed attempts to apply an event",
            ),
            dead_lettered: counter(
                "events_dead_lettered_total",
                "Events moved to the dead-letter store",
            ),
            dead_letters_open: int_gauge(
                "dead_letters",
                "Dead letters waiting for an administrator",
            ),
            consumer_lag_seconds: gauge(
                "consumer_lag_seconds",
                "Age of the oldest event the consumer group has not acknowledged",
            ),
            consumer_pending: int_gauge(
                "consumer_pending",
                "Events delivered to the consumer group and not acknowledged",
            ),
            consumer_undelivered: int_gauge(
                "consumer_undelivered",
                "Events published and not yet delivered to the consumer group",
            ),
            consumer_reclaimed: int_gauge(
                "consumer_reclaimed",
                "Events this process took over from consumers that stopped answering",
            ),
            subscriptions_active: int_gauge(
                "subscriptions_active",
                "GraphQL subscriptions this instance carries",
            ),
            registry,
        };
        Self(Arc::new(metrics))
    }

    /// The text exposition format, for `/metrics`.
    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        if let Err(err) = TextEncoder::new().encode(&self.registry.gather(), &mut buffer) {
            tracing::warn!(error = %err, "encoding metrics failed");
        }
        String::from_utf8(buffer).unwrap_or_default()
    }

    /// The sum of every series of metric `name` (without the `iworkz_` prefix) over its
    /// labels, as a scrape would read it (tests, reports).
    pub fn sum(&self, name: &str) -> f64 {
        let full = format!("iworkz_{name}");
        self.render()
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let (series, value) = line.rsplit_once(' ')?;
                let metric = series.split('{').next()?;
                (metric == full)
                    .then(|| value.parse::<f64>().ok())
                    .flatten()
            })
            .sum()
    }
}

/// Registers `metric` and returns it. The names are fixed above, so registering can only fail
/// on a programming error (a duplicate name), which a unit test catches.
fn register<M: prometheus::core::Collector + Clone + 'static>(
    registry: &Registry,
    metric: prometheus::Result<M>,
) -> M {
    let metric = metric.unwrap_or_else(|err| panic!("invalid metric definition: {err}"));
    if let Err(err) = registry.register(Box::new(metric.clone())) {
        panic!("metric registered twice: {err}");
    }
    metric
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_series_is_named_and_labelled_with_the_service() {
        let metrics = Metrics::new("jobs");
        metrics
            .events_applied
            .with_label_values(&["job.published"])
            .inc_by(2);
        metrics.outbox_backlog.set(3);
        let text = metrics.render();
        assert!(
            text.contains(
                r#"iworkz_events_applied_total{event_type="job.published",service="jobs"} 2"#
            ),
            "{text}"
        );
        assert!(
            text.contains(r#"iworkz_outbox_backlog{service="jobs"} 3"#),
            "{text}"
        );
        assert_eq!(metrics.sum("events_applied_total"), 2.0);
        // Two instances in one process count apart.
        assert_eq!(Metrics::new("jobs").sum("events_applied_total"), 0.0);
    }
}
