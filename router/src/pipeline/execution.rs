//! Execution: the plan runs against the subgraphs and the merged result is projected onto the
//! client's selection. Queries and mutations run here on the server's runtime; subscription
//! plans run on the subscription thread (see `subscription_runtime.rs`) and stream their
//! events back, each one completed by the entity fetches that follow the subscription fetch.

use super::ClientRequest;
use super::error::PipelineError;
use super::prepare::PreparedDocument;
use super::response_errors::finish_errors;
use crate::config::EdgeConfig;
use crate::subscription_runtime::SubscriptionRuntime;
use crate::supergraph::LoadedSupergraph;
use futures::{FutureExt, StreamExt};
use hive_router_internal::telemetry::traces::spans::graphql::GraphQLOperationSpan;
use hive_router_plan_executor::execution::client_request_details::{
    ClientRequestDetails, OperationDetails,
};
use hive_router_plan_executor::execution::error::PlanExecutionError;
use hive_router_plan_executor::execution::plan::{
    CoerceVariablesPayload, ExecutionResultExtensions, FailedExecutionResult,
    QueryPlanExecutionOpts, QueryPlanExecutionResult, execute_query_plan,
};
use hive_router_plan_executor::extensions::plan::{
    ExtensionsMergeStrategy, ExtensionsPlan, ExtensionsPropagatePlan,
};
use hive_router_plan_executor::headers::plan::HeaderRulesPlan;
use hive_router_plan_executor::introspection::resolve::IntrospectionContext;
use http::StatusCode;
use std::sync::Arc;
use tokio::sync::mpsc;

/// Events buffered per subscription before the subscription thread waits for the client.
const EVENT_BUFFER: usize = 64;

/// An operation that passed every check and has a plan: all it needs to run, owned, so it can
/// move to the subscription thread.
pub struct PreparedOperation {
    pub supergraph: Arc<LoadedSupergraph>,
    pub document: Arc<PreparedDocument>,
    pub variables: Arc<CoerceVariablesPayload>,
}

/// A serialized GraphQL response and the status code to send it with.
pub struct ExecutionOutput {
    pub body: Vec<u8>,
    pub status: StatusCode,
    /// How many errors the body lists, as the executor counted them: the body itself, tens of
    /// kilobytes for a large page, is not searched for them.
    pub error_count: usize,
}

/// Runs a query or mutation.
pub async fn execute(
    prepared: &PreparedOperation,
    client: &ClientRequest,
    headers_plan: &Arc<HeaderRulesPlan>,
    edge: &EdgeConfig,
) -> Result<ExecutionOutput, PipelineError> {
    let details = client_details(prepared, client);
    let plan = options(prepared, details, headers_plan, Arc::default());
    match execute_query_plan(plan).await {
        Ok(QueryPlanExecutionResult::Single(output)) => {
            let body = if output.error_count > 0 {
                finish_errors(output.body, &prepared.document.plan, edge)
            } else {
                output.body
            };
            Ok(ExecutionOutput {
                body,
                status: output.status_code,
                error_count: output.error_count,
            })
        }
        Ok(QueryPlanExecutionResult::Stream(_)) => Err(PipelineError::Internal(
            "a query or mutation plan produced a stream".into(),
        )),
        Err(err) => Err(PipelineError::Internal(err.to_string())),
    }
}

/// Starts a subscription; each item of the returned channel is one serialized response. The
/// subscription ends when the channel is dropped or the subgraph ends the stream.
pub fn subscribe(
    prepared: PreparedOperation,
    client: ClientRequest,
    headers_plan: Arc<HeaderRulesPlan>,
    edge: Arc<EdgeConfig>,
    runtime: &SubscriptionRuntime,
) -> Result<mpsc::Receiver<Vec<u8>>, PipelineError> {
    let (events, received) = mpsc::channel(EVENT_BUFFER);
    runtime
        .spawn(move || {
            async move {
                let details = client_details(&prepared, &client);
                let plan = options(&prepared, details, &headers_plan, event_extensions());
                let result = execute_query_plan(plan).await;
                match result {
                    Ok(QueryPlanExecutionResult::Stream(output)) => {
                        let mut stream = output.body;
                        loop {
                            let event = tokio::select! {
                                () = events.closed() => break,
                                event = stream.next() => event,
                            };
                            let Some(event) = event else { break };
                            let event = if has_errors(&event) {
                                finish_errors(event, &prepared.document.plan, &edge)
                            } else {
                                event
                            };
                            if events.send(event).await.is_err() {
                                break;
                            }
                        }
                    }
                    Ok(QueryPlanExecutionResult::Single(output)) => {
                        let body = finish_errors(output.body, &prepared.document.plan, &edge);
                        let _ = events.send(body).await;
                    }
                    Err(err) => {
                        let body =
                            finish_errors(failure_body(&err), &prepared.document.plan, &edge);
                        let _ = events.send(body).await;
                    }
                }
            }
            .boxed_local()
        })
        .map_err(|_| PipelineError::Internal("the subscription runtime has stopped".into()))?;
    Ok(received)
}

/// What of a subgraph's subscription event reaches the client's: `eventId`, which the client
/// resumes after (`resumeAfter`) when it reconnects.
fn event_extensions() -> Arc<ExtensionsPlan> {
    static PLAN: std::sync::LazyLock<Arc<ExtensionsPlan>> = std::sync::LazyLock::new(|| {
        Arc::new(ExtensionsPlan {
            propagate: Some(ExtensionsPropagatePlan {
                strategy: ExtensionsMergeStrategy::Last,
                allow: Some(["eventId".to_owned()].into_iter().collect()),
            }),
        })
    });
    PLAN.clone()
}

pub fn has_errors(body: &[u8]) -> bool {
    memchr::memmem::find(body, b"\"errors\"").is_some()
}

fn failure_body(err: &PlanExecutionError) -> Vec<u8> {
    tracing::error!(error = %err, "subscription could not start");
    FailedExecutionResult {
        errors: vec![err.into()],
    }
    .serialize()
}

/// The client request as the executor sees it: header rules (forwarding `Authorization`,
/// `User-Agent`, `X-Forwarded-For`) and URL expressions read it, and `jwt` carries the
/// verified token.
fn client_details<'a>(
    prepared: &'a PreparedOperation,
    client: &'a ClientRequest,
) -> ClientRequestDetails<'a> {
    ClientRequestDetails {
        method: &client.method,
        url: &client.uri,
        headers: Arc::new(ntex::http::HeaderMap::from(client.headers.clone())),
        operation: OperationDetails {
            name: prepared.document.operation_name.as_deref(),
            query: &prepared.document.query,
            kind: prepared.document.kind.as_str(),
        },
        jwt: client.jwt.clone(),
        path_params: Default::default(),
    }
}

fn options<'a>(
    prepared: &'a PreparedOperation,
    client: ClientRequestDetails<'a>,
    headers_plan: &Arc<HeaderRulesPlan>,
    extensions_plan: Arc<ExtensionsPlan>,
) -> QueryPlanExecutionOpts<'a> {
    let data = prepared.supergraph.data();
    let normalized = &prepared.document.normalized;
    QueryPlanExecutionOpts {
        query_plan: &prepared.document.plan,
        operation_for_plan: normalized.operation_for_plan.clone(),
        projection_plan: normalized.projection_plan.clone(),
        headers_plan: headers_plan.clone(),
        extensions_plan,
        variable_values: prepared.variables.clone(),
        extensions: ExecutionResultExtensions::default(),
        client_request: Arc::new(client),
        introspection_context: Arc::new(IntrospectionContext {
            query: normalized.operation_for_introspection.clone(),
            schema: data.planner.consumer_schema.document.clone(),
            metadata: data.metadata.clone(),
            variables: prepared.variables.clone(),
        }),
        operation_type_name: normalized.root_type_name.clone(),
        operation_kind: normalized.kind.clone(),
        executors: prepared.supergraph.executors.clone(),
        jwt_auth_forwarding: None,
        graphql_error_recorder: None,
        demand_control_context: None,
        initial_errors: Vec::new(),
        span: GraphQLOperationSpan::default(),
        plugin_req_state: None,
        operation_name_factory: Default::default(),
        response_header_sink: Default::default(),
        error_masking_runtime: Arc::new(None),
        connection_fingerprint: None,
    }
}
