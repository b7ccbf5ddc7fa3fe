//! The gateway benchmark's own checks: its subgraphs, its schemas and its workload through our
//! router. One module per area in one test binary.

mod nested_query;
mod schema_files;
mod subgraph_batching;
