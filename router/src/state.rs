//! What every request shares: the current supergraph, the operation and plan caches, the edge
//! settings, the header rules for subgraph requests, the token verifier and the subscription
//! thread.

use crate::config::EdgeConfig;
use crate::error::RouterError;
use crate::metrics::RouterMetrics;
use crate::operation_cache::OperationCache;
use crate::plan_cache::PlanCache;
use crate::subscription_runtime::SubscriptionRuntime;
use crate::supergraph::SupergraphStore;
use access::TokenVerifier;
use hive_router_config::headers::{
    HeaderRules, HeadersConfig, MatchSpec, OneOrMany, RequestHeaderRule, RequestPropagateRule,
};
use hive_router_plan_executor::headers::compile::compile_headers_plan;
use hive_router_plan_executor::headers::plan::HeaderRulesPlan;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

pub struct RouterState {
    pub supergraph: Arc<SupergraphStore>,
    pub plan_cache: Arc<PlanCache>,
    pub operations: Arc<OperationCache>,
    pub edge: Arc<EdgeConfig>,
    pub headers_plan: Arc<HeaderRulesPlan>,
    pub verifier: TokenVerifier,
    pub subscriptions: SubscriptionRuntime,
    pub metrics: RouterMetrics,
    pub persisted: crate::persisted::PersistedDocuments,
    /// Whether the subgraphs answered the last connection check (readiness).
    pub reachability: crate::reachability::Reachability,
    /// Set once shutdown began: readiness answers 503 while requests drain.
    pub stopping: Arc<AtomicBool>,
}

pub type SharedState = Arc<RouterState>;

/// What every subgraph request carries from the client's (HTTP headers; the
/// `connection_init` payload on subgraph WebSockets): `Authorization`, as subgraphs verify the
/// caller themselves; `User-Agent`; `X-Forwarded-For`, which the router has already set to
/// the client's address (see `ClientRequest::new`); the request id (`request_id.rs`); and the
/// W3C trace context (`traceparent`, `tracestate`, `baggage`), so a trace a client starts
/// continues in the subgraphs (when spans are exported, `request_id.rs` has already replaced
/// the client's `traceparent` and `tracestate` with the router's span). These are the
/// executor's own header propagation rules, the same a Hive router configures in its `headers`
/// section.
pub fn subgraph_header_rules() -> Result<Arc<HeaderRulesPlan>, RouterError> {
    let propagate = RequestHeaderRule::Propagate(RequestPropagateRule {
        spec: MatchSpec {
            named: Some(OneOrMany::Many(vec![
                "authorization".into(),
                "user-agent".into(),
                access::X_FORWARDED_FOR.into(),
                "x-request-id".into(),
                "traceparent".into(),
                "tracestate".into(),
                "baggage".into(),
            ])),
            ..Default::default()
        },
        ..Default::default()
    });
    let config = HeadersConfig {
        all: Some(HeaderRules {
            request: Some(vec![propagate]),
            response: None,
        }),
        subgraphs: None,
    };
    compile_headers_plan(&config)
        .map(Arc::new)
        .map_err(|err| RouterError::Executors(format!("header rules: {err}")))
}
