//! The router's fetches from each subgraph: `router_subgraph_requests_total{subgraph,outcome}`
//! and `router_subgraph_request_duration_seconds{subgraph}`, counted for every fetch the plan
//! executor sends (a query's or mutation's, and every entity fetch, those completing
//! subscription events included).
//!
//! Where they are measured: in the executor's `SubgraphExecutorMap::execute`, through the
//! fetch observer a patch adds (`router/vendor/patches/0007-observe-subgraph-fetches.patch`),
//! not through the executor's plugin hooks. The hooks would miss what these series are for:
//! their end callbacks do not run when a fetch fails (so an unreachable subgraph would not be
//! counted at all), and the entity fetches of subscription events run without plugins. They
//! would also cost every request a plugin context (a `DashMap`), and every fetch two boxed
//! hook futures and a boxed end callback; the observer is one call on a value resolved when
//! the supergraph loaded, and counting a fetch allocates nothing.
//!
//! A fetch is timed from when the executor starts it (waiting for a connection slot
//! included) to its response read and parsed. A fetch that joins an identical one already in
//! flight (the executor deduplicates a query's identical fetches) counts as a fetch of its
//! own, with the time it waited. A fetch dropped unfinished, because the client's request
//! timed out or went away, is not counted.

use hive_router_plan_executor::executors::error::SubgraphExecutorError;
use hive_router_plan_executor::executors::fetch_observer::SubgraphFetchObserver;
use hive_router_plan_executor::response::subgraph_response::SubgraphResponse;
use prometheus::{Histogram, HistogramVec, IntCounter, IntCounterVec};
use std::time::Duration;

/// How a fetch ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FetchOutcome {
    /// A 2xx GraphQL response without errors.
    Ok,
    /// A 2xx GraphQL response with errors.
    GraphqlErrors,
    /// An answer, but no 2xx GraphQL response: a non-2xx status, or a body that is not one.
    HttpError,
    /// No answer: refused or broken connection, timeout, or a request that could not be sent.
    Unreachable,
}

impl FetchOutcome {
    const ALL: [Self; 4] = [
        Self::Ok,
        Self::GraphqlErrors,
        Self::HttpError,
        Self::Unreachable,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::GraphqlErrors => "graphql_errors",
            Self::HttpError => "http_error",
            Self::Unreachable => "unreachable",
        }
    }

    fn of(result: Result<&SubgraphResponse<'_>, &SubgraphExecutorError>) -> Self {
        match result {
            Ok(response) if response.status.is_some_and(|status| !status.is_success()) => {
                Self::HttpError
            }
            Ok(response)
                if response
                    .errors
                    .as_ref()
                    .is_some_and(|errors| !errors.is_empty()) =>
            {
                Self::GraphqlErrors
            }
            Ok(_) => Self::Ok,
            Err(
                SubgraphExecutorError::EmptyResponseBody(..)
                | SubgraphExecutorError::ResponseDeserializationFailure(..)
                | SubgraphExecutorError::MalformedResponse(..)
                | SubgraphExecutorError::InvalidContentType(..)
                | SubgraphExecutorError::InternalServerError(..),
            ) => Self::HttpError,
            Err(_) => Self::Unreachable,
        }
    }
}

/// One subgraph's series, resolved.
struct Series {
    duration: Histogram,
    /// By `FetchOutcome`, in the order of `FetchOutcome::ALL`.
    outcomes: [IntCounter; 4],
}

impl Series {
    fn resolve(requests: &IntCounterVec, duration: &HistogramVec, subgraph: &str) -> Self {
        Self {
            duration: duration.with_label_values(&[subgraph]),
            outcomes: FetchOutcome::ALL
                .map(|outcome| requests.with_label_values(&[subgraph, outcome.as_str()])),
        }
    }

    fn record(&self, elapsed: Duration, outcome: FetchOutcome) {
        self.duration.observe(elapsed.as_secs_f64());
        self.outcomes[outcome as usize].inc();
    }
}

/// Counts the fetches of one executor map (one loaded supergraph).
pub struct SubgraphFetches {
    /// Few subgraphs: a scan compares fewer bytes than hashing the name would read.
    subgraphs: Vec<(Box<str>, Series)>,
    requests: IntCounterVec,
    duration: HistogramVec,
}

impl SubgraphFetches {
    pub(super) fn new<'a>(
        requests: &IntCounterVec,
        duration: &HistogramVec,
        subgraphs: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        Self {
            subgraphs: subgraphs
                .into_iter()
                .map(|name| (name.into(), Series::resolve(requests, duration, name)))
                .collect(),
            requests: requests.clone(),
            duration: duration.clone(),
        }
    }
}

impl SubgraphFetchObserver for SubgraphFetches {
    fn fetch_ended(
        &self,
        subgraph_name: &str,
        elapsed: Duration,
        result: Result<&SubgraphResponse<'_>, &SubgraphExecutorError>,
    ) {
        let outcome = FetchOutcome::of(result);
        match self
            .subgraphs
            .iter()
            .find(|(name, _)| name.as_ref() == subgraph_name)
        {
            Some((_, series)) => series.record(elapsed, outcome),
            // The executor map only has executors for the subgraphs it was built with.
            None => Series::resolve(&self.requests, &self.duration, subgraph_name)
                .record(elapsed, outcome),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RouterMetrics;
    use hive_router_plan_executor::response::graphql_error::GraphQLError;
    use http::StatusCode;

    fn response(
        status: StatusCode,
        errors: Option<Vec<GraphQLError>>,
    ) -> SubgraphResponse<'static> {
        SubgraphResponse {
            status: Some(status),
            errors,
            ..Default::default()
        }
    }

    #[test]
    fn outcomes_follow_status_errors_and_failures() {
        let ok = response(StatusCode::OK, Some(Vec::new()));
        let errors = response(
            StatusCode::OK,
            Some(vec![GraphQLError::from_message_and_code("no", "NOPE")]),
        );
        let failed = response(StatusCode::BAD_GATEWAY, None);
        assert_eq!(FetchOutcome::of(Ok(&ok)), FetchOutcome::Ok);
        assert_eq!(FetchOutcome::of(Ok(&errors)), FetchOutcome::GraphqlErrors);
        assert_eq!(FetchOutcome::of(Ok(&failed)), FetchOutcome::HttpError);
        let not_graphql = SubgraphExecutorError::MalformedResponse(None);
        assert_eq!(FetchOutcome::of(Err(&not_graphql)), FetchOutcome::HttpError);
        let rejected = SubgraphExecutorError::CircuitBreakerRejected;
        assert_eq!(FetchOutcome::of(Err(&rejected)), FetchOutcome::Unreachable);
    }

    #[test]
    fn series_exist_from_the_start_and_count_each_fetch() {
        let metrics = RouterMetrics::default();
        let fetches = metrics.subgraph_fetches(["users"]);
        let text = metrics.render();
        assert!(
            text.contains(
                r#"iworkz_router_subgraph_requests_total{outcome="unreachable",subgraph="users",service="router"} 0"#
            ),
            "{text}"
        );
        let ok = response(StatusCode::OK, None);
        fetches.fetch_ended("users", Duration::from_millis(4), Ok(&ok));
        fetches.fetch_ended("jobs", Duration::from_millis(4), Ok(&ok));
        let text = metrics.render();
        for line in [
            r#"iworkz_router_subgraph_requests_total{outcome="ok",subgraph="users",service="router"} 1"#,
            r#"iworkz_router_subgraph_requests_total{outcome="ok",subgraph="jobs",service="router"} 1"#,
            r#"iworkz_router_subgraph_request_duration_seconds_bucket{subgraph="users",service="router",le="0.005"} 1"#,
        ] {
            assert!(text.contains(line), "{line} missing from\n{text}");
        }
    }
}
