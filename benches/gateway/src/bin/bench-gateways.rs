//! Runs the side-by-side gateway benchmark (see `scripts/bench-gateways.sh`, which builds
//! and installs what it needs first, and docs/benchmarks.md, "Gateways side by side").

const USAGE: &str = "\
bench-gateways [options]: loads each gateway with the same nested query, in alternating rounds

  --only ours,hive-router,hive-gateway,apollo-gateway   gateways to run (default: all four)
  --baseline-router PATH   another build of our router, run as `baseline` in the same rounds
  --hive-router PATH       Hive Router's binary (default: on PATH or in ~/.cargo/bin)
  --router PATH            our router (default: beside this binary)
  --rounds N               rounds per gateway (2)
  --duration S / --warmup S            per round for the Rust gateways (20 / 5)
  --node-duration S / --node-warmup S  per round for the Node gateways (8 / 3)
  --connections N / --threads N        wrk's load (50 / 2)
  --overhead-duration S    each single-fetch latency run (5)
  --node-dir DIR           where npm installed the Node gateways; empty skips them
  --supergraph PATH / --subgraphs PATH / --work-dir DIR

docs/benchmarks.md, \"Gateways side by side\", explains the figures.";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "--help" || arg == "-h") {
        println!("{USAGE}");
        return Ok(());
    }
    let options = gateway_bench::options::BenchOptions::parse(args)?;
    gateway_bench::runner::run(options).await
}
