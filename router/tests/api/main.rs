//! The router driven as clients drive it: real HTTP (reqwest) and graphql-transport-ws
//! (tokio-tungstenite) against a router on a random port in front of two in-test subgraphs and
//! an in-test JWKS server.
//! Every test starts its own router and subgraphs, so tests run in parallel.

mod authentication;
mod browsers;
mod errors;
mod fixtures;
mod helpers;
mod http_api;
mod http_streams;
mod introspection;
mod limits;
mod persisted;
mod plan_cache;
mod reload;
mod resilience;
mod startup;
mod subgraph_metrics;
mod subgraphs;
mod subscriptions;
