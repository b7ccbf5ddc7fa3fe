//! The router's Prometheus metrics, served at `/metrics`: open WebSocket connections, live
//! subscriptions, how subscriptions ended when the client did not ask, and requests answered
//! 503 because the services they needed were unavailable. One registry for every worker
//! thread of the process (they share this handle), with the `service="router"` label.

use prometheus::{Encoder, IntCounter, IntCounterVec, IntGauge, Opts, Registry, TextEncoder};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone)]
pub struct RouterMetrics(Arc<Inner>);

pub struct Inner {
    registry: Registry,
    pub websocket_connections: IntGauge,
    pub subscriptions_active: IntGauge,
    /// By reason: `service_gone`, `credential`.
    pub subscriptions_ended: IntCounterVec,
    pub unavailable_responses: IntCounter,
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
        // The names above are fixed: failing here is a programming error a test catches.
        let (
            Ok(websocket_connections),
            Ok(subscriptions_active),
            Ok(subscriptions_ended),
            Ok(unavailable_responses),
        ) = (
            websocket_connections,
            subscriptions_active,
            subscriptions_ended,
            unavailable_responses,
        )
        else {
            panic!("invalid router metric definitions");
        };
        for collector in [
            Box::new(websocket_connections.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(subscriptions_active.clone()),
            Box::new(subscriptions_ended.clone()),
            Box::new(unavailable_responses.clone()),
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
        }))
    }
}

impl RouterMetrics {
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
