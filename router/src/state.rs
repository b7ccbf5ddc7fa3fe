//! What every request shares: the current supergraph, the plan cache, the header rules for
//! subgraph requests and the subscription thread.

use crate::error::RouterError;
use crate::plan_cache::PlanCache;
use crate::subscription_runtime::SubscriptionRuntime;
use crate::supergraph::SupergraphStore;
use hive_router_config::headers::{
    HeaderRules, HeadersConfig, MatchSpec, OneOrMany, RequestHeaderRule, RequestPropagateRule,
};
use hive_router_plan_executor::headers::compile::compile_headers_plan;
use hive_router_plan_executor::headers::plan::HeaderRulesPlan;
use std::sync::Arc;

pub struct RouterState {
    pub supergraph: Arc<SupergraphStore>,
    pub plan_cache: Arc<PlanCache>,
    pub headers_plan: Arc<HeaderRulesPlan>,
    pub subscriptions: SubscriptionRuntime,
}

pub type SharedState = Arc<RouterState>;

/// Subgraphs verify the caller themselves, so the client's `Authorization` goes to every
/// subgraph request (HTTP header; `connection_init` payload on subgraph WebSockets).
pub fn forward_authorization() -> Result<Arc<HeaderRulesPlan>, RouterError> {
    let propagate = RequestHeaderRule::Propagate(RequestPropagateRule {
        spec: MatchSpec {
            named: Some(OneOrMany::One("authorization".into())),
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
