//! Runs the side-by-side gateway benchmark (see `scripts/bench-gateways.sh`, which builds
//! and installs what it needs first, and docs/benchmarks.md, "Gateways side by side").

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options = gateway_bench::options::BenchOptions::parse(std::env::args().skip(1))?;
    gateway_bench::runner::run(options).await
}
