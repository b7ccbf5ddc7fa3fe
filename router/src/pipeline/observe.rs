//! What one request counts in the router's metrics (`metrics.rs`): its operation and kind once
//! prepared, and how it ended. Every transport reports through [`Observed::finish`].

use super::PipelineError;
use super::execution::ExecutionOutput;
use super::prepare::PreparedDocument;
use crate::metrics::{Outcome, RouterMetrics};
use hive_router_query_planner::state::supergraph_state::OperationKind;
use std::time::Instant;

/// A request being observed: started now, its operation filled in once known.
pub struct Observed {
    started: Instant,
    operation: Option<String>,
    kind: &'static str,
}

impl Default for Observed {
    fn default() -> Self {
        Self::start()
    }
}

impl Observed {
    pub fn start() -> Self {
        Self {
            started: Instant::now(),
            operation: None,
            kind: "unknown",
        }
    }

    /// The prepared operation's name (validated, so one the schema's client sent) and kind.
    pub fn prepared(&mut self, document: &PreparedDocument) {
        self.operation = document
            .normalized
            .operation_for_plan
            .name
            .clone()
            .or_else(|| document.operation_name.clone());
        self.kind = match document.kind {
            OperationKind::Query => "query",
            OperationKind::Mutation => "mutation",
            OperationKind::Subscription => "subscription",
        };
    }

    /// Counts the request with how it ended.
    pub fn finish(
        self,
        metrics: &RouterMetrics,
        result: Result<&ExecutionOutput, &PipelineError>,
        unavailable: bool,
    ) {
        let (outcome, code) = match result {
            Ok(_) if unavailable => (Outcome::Unavailable, None),
            Ok(output) if output.error_count > 0 => (Outcome::Errors, None),
            Ok(_) => (Outcome::Success, None),
            Err(err) => outcome_of(err),
        };
        metrics.request(
            self.operation.as_deref(),
            self.kind,
            outcome,
            code.as_deref(),
            self.started.elapsed(),
        );
    }

    /// Counts a subscription that started streaming.
    pub fn streaming(self, metrics: &RouterMetrics) {
        metrics.request(
            self.operation.as_deref(),
            self.kind,
            Outcome::Success,
            None,
            self.started.elapsed(),
        );
    }
}

fn outcome_of(err: &PipelineError) -> (Outcome, Option<String>) {
    match err {
        PipelineError::Timeout => (Outcome::Timeout, None),
        PipelineError::AuthUnavailable(_) | PipelineError::Cancelled => {
            (Outcome::Unavailable, None)
        }
        refused => (
            Outcome::Refused,
            refused
                .graphql_errors()
                .first()
                .and_then(|error| error.extensions.code.clone()),
        ),
    }
}
