//! Benchmarks of the whole stack (see `benches/`): started as the end-to-end tests start it,
//! through the `e2e` crate, so a benchmark measures the same stack the tests prove correct.
