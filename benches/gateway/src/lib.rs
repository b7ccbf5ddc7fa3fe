//! A side-by-side benchmark of federation gateways on the public gateway benchmark's
//! workload: four small subgraphs (accounts, inventory, products, reviews) and one nested
//! query that crosses all of them with batched entity fetches, `@requires` and `@provides`.
//!
//! The subgraphs are ours (async-graphql, federation v2, batched entity resolvers) so every
//! gateway meets exactly the same backends; `runner` starts each gateway on the same
//! supergraph, checks their answers against [`workload`]'s expected responses and loads them
//! in turn (`scripts/bench-gateways.sh`). The tests run the same workload through our router
//! in-process to check entity batching and merging on every `cargo test`.

pub mod accounts;
pub mod batch_loader;
pub mod data;
pub mod inventory;
pub mod options;
pub mod products;
pub mod reviews;
pub mod runner;
pub mod server;
pub mod subgraph;
pub mod workload;

pub use server::BenchSubgraphs;
pub use subgraph::Subgraph;
