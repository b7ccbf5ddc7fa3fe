//! `/health/live`, `/health/ready` and `/metrics` of a subgraph.
//!
//! - **live**: the process answers. Always 200 while it runs.
//! - **ready**: it can do its work: the database answers, Redis answers (when the bus is
//!   Redis), and its consumer group (if it has one) is less than the configured lag behind. The
//!   checks run in the background every second, each bounded, and the endpoint answers from
//!   their last result at once, so it answers within a second even while a dependency hangs;
//!   a result older than a few seconds counts as not ready. `/health` is kept as an alias.
//! - **metrics**: the Prometheus text format of [`Metrics`].

use crate::events::SharedBus;
use crate::lifecycle::Shutdown;
use crate::metrics::Metrics;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CHECK_EVERY: Duration = Duration::from_secs(1);
/// The bound on each check.
const CHECK_TIMEOUT: Duration = Duration::from_millis(800);
/// A result older than this (the checker itself stuck) is not trusted.
const STALE_AFTER: Duration = Duration::from_secs(5);

/// What readiness looks at.
#[derive(Clone)]
pub struct Readiness {
    pub db: DatabaseConnection,
    /// The bus, checked when it is a broker (`redis: true`).
    pub bus: SharedBus,
    pub redis: bool,
    pub metrics: Metrics,
    /// Lag beyond which the instance is not ready; `None` for a subgraph without a consumer.
    pub max_lag: Option<Duration>,
}

#[derive(Clone)]
struct HealthState {
    readiness: Readiness,
    last: Arc<Mutex<Option<(Instant, bool, Value)>>>,
}

/// The routes, and the task that keeps readiness current until `shutdown`.
pub fn health_routes(readiness: Readiness, mut shutdown: Shutdown) -> Router {
    let state = HealthState {
        readiness,
        last: Arc::default(),
    };
    let checker = state.clone();
    tokio::spawn(async move {
        loop {
            let (ready, report) = checker.readiness.check().await;
            *lock(&checker.last) = Some((Instant::now(), ready, report));
            tokio::select! {
                () = shutdown.requested() => {
                    *lock(&checker.last) = Some((Instant::now(), false, json!({"status": "stopping"})));
                    return;
                }
                () = tokio::time::sleep(CHECK_EVERY) => {}
            }
        }
    });
    Router::new()
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
        .route("/health", get(ready))
        .route("/metrics", get(metrics))
        .with_state(state)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn live() -> Response {
    axum::Json(json!({"status": "ok"})).into_response()
}

async fn ready(State(state): State<HealthState>) -> Response {
    let last = lock(&state.last).clone();
    let (status, body) = match last {
        Some((at, ready, report)) if at.elapsed() < STALE_AFTER => (
            if ready {
                StatusCode::OK
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            },
            report,
        ),
        Some(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"status": "unavailable", "reason": "checks are stuck"}),
        ),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"status": "starting"}),
        ),
    };
    (status, axum::Json(body)).into_response()
}

async fn metrics(State(state): State<HealthState>) -> Response {
    let readiness = &state.readiness;
    readiness
        .metrics
        .subscriptions_active
        .set(readiness.bus.local_subscribers() as i64);
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        readiness.metrics.render(),
    )
        .into_response()
}

impl Readiness {
    async fn check(&self) -> (bool, Value) {
        let database = bounded(async { self.db.ping().await.map_err(|err| err.to_string()) });
        let redis = async {
            if self.redis {
                Some(bounded(async { self.bus.ping().await.map_err(|err| err.to_string()) }).await)
            } else {
                None
            }
        };
        let (database, redis) = tokio::join!(database, redis);
        let lag = self.metrics.consumer_lag_seconds.get();
        let lag_ok = self.max_lag.is_none_or(|max| lag <= max.as_secs_f64());
        let ready = database.is_ok() && redis.as_ref().is_none_or(Result::is_ok) && lag_ok;
        let verdict = |result: &Result<(), String>| match result {
            Ok(()) => json!("ok"),
            Err(err) => json!({"error": err}),
        };
        let mut report = json!({
            "status": if ready { "ok" } else { "unavailable" },
            "database": verdict(&database),
        });
        if let Some(redis) = &redis {
            report["redis"] = verdict(redis);
        }
        if let Some(max) = self.max_lag {
            report["consumerLagSeconds"] = json!(lag);
            report["maxConsumerLagSeconds"] = json!(max.as_secs_f64());
        }
        (ready, report)
    }
}

async fn bounded(check: impl Future<Output = Result<(), String>>) -> Result<(), String> {
    tokio::time::timeout(CHECK_TIMEOUT, check)
        .await
        .unwrap_or_else(|_| Err(format!("no answer within {} ms", CHECK_TIMEOUT.as_millis())))
}
