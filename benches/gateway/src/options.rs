//! Command-line options of the two binaries: `bench-subgraphs` and `bench-gateways`.

use crate::runner::GatewayKind;
use crate::subgraph::Subgraph;
use anyhow::{Context, bail};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// `bench-subgraphs [--host H] [--<subgraph> PORT]… [--print-schema NAME]`.
#[derive(Debug)]
pub struct SubgraphOptions {
    pub host: String,
    ports: HashMap<Subgraph, u16>,
    pub print_schema: Option<Subgraph>,
}

impl SubgraphOptions {
    pub fn parse(args: impl IntoIterator<Item = String>) -> anyhow::Result<Self> {
        let mut options = Self {
            host: "127.0.0.1".to_owned(),
            ports: HashMap::new(),
            print_schema: None,
        };
        for (flag, value) in pairs(args)? {
            match flag.as_str() {
                "--host" => options.host = value,
                "--print-schema" => {
                    options.print_schema = Some(subgraph_named(&value)?);
                }
                _ => match flag.strip_prefix("--").and_then(Subgraph::from_name) {
                    Some(subgraph) => {
                        options.ports.insert(subgraph, port(&flag, &value)?);
                    }
                    None => bail!("unknown option {flag}"),
                },
            }
        }
        Ok(options)
    }

    /// The port to serve `subgraph` on: given, or the checked-in supergraph's.
    pub fn port(&self, subgraph: Subgraph) -> u16 {
        self.ports
            .get(&subgraph)
            .copied()
            .unwrap_or_else(|| subgraph.default_port())
    }
}

/// `bench-gateways` options; paths default to the repository layout and the binaries beside
/// this one (`target/release/`).
#[derive(Debug, Clone)]
pub struct BenchOptions {
    pub gateways: Vec<GatewayKind>,
    pub supergraph: PathBuf,
    pub router_bin: PathBuf,
    pub subgraphs_bin: PathBuf,
    pub hive_router_bin: Option<PathBuf>,
    /// Another build of our router, run as the `baseline` gateway.
    pub baseline_router_bin: Option<PathBuf>,
    /// Where `npm ci` installed the Node gateways; `None` skips them.
    pub node_dir: Option<PathBuf>,
    pub work_dir: PathBuf,
    pub connections: u32,
    pub threads: u32,
    pub rounds: u32,
    /// Per round for the Rust gateways, and their warm-up.
    pub duration: Duration,
    pub warmup: Duration,
    /// The Node gateways serve a few percent of the Rust ones' throughput; short rounds give
    /// them enough samples and keep a whole run under ten minutes.
    pub node_duration: Duration,
    pub node_warmup: Duration,
    /// Each sequential single-fetch latency run (router overhead).
    pub overhead_duration: Duration,
}

impl BenchOptions {
    pub fn parse(args: impl IntoIterator<Item = String>) -> anyhow::Result<Self> {
        let bin_dir = std::env::current_exe()
            .context("locating this binary")?
            .parent()
            .map(PathBuf::from)
            .unwrap_or_default();
        let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir
            .ancestors()
            .nth(2)
            .map_or_else(|| manifest_dir.join("../.."), PathBuf::from);
        let mut options = Self {
            gateways: GatewayKind::DEFAULT.to_vec(),
            supergraph: root.join("benches/gateway/supergraph.graphql"),
            router_bin: bin_dir.join("router"),
            subgraphs_bin: bin_dir.join("bench-subgraphs"),
            hive_router_bin: None,
            baseline_router_bin: None,
            node_dir: Some(root.join("tools/gateways")),
            work_dir: root.join("target/gateway-bench"),
            connections: 50,
            threads: 2,
            rounds: 2,
            duration: Duration::from_secs(20),
            warmup: Duration::from_secs(5),
            node_duration: Duration::from_secs(8),
            node_warmup: Duration::from_secs(3),
            overhead_duration: Duration::from_secs(5),
        };
        for (flag, value) in pairs(args)? {
            match flag.as_str() {
                "--only" => {
                    options.gateways = value
                        .split(',')
                        .map(|name| {
                            GatewayKind::from_name(name.trim())
                                .with_context(|| format!("--only: unknown gateway {name:?}"))
                        })
                        .collect::<anyhow::Result<_>>()?;
                }
                "--supergraph" => options.supergraph = value.into(),
                "--router" => options.router_bin = value.into(),
                "--subgraphs" => options.subgraphs_bin = value.into(),
                "--hive-router" => options.hive_router_bin = Some(value.into()),
                "--baseline-router" => options.baseline_router_bin = Some(value.into()),
                "--node-dir" if value.is_empty() => options.node_dir = None,
                "--node-dir" => options.node_dir = Some(value.into()),
                "--work-dir" => options.work_dir = value.into(),
                "--connections" => options.connections = number(&flag, &value)?,
                "--threads" => options.threads = number(&flag, &value)?,
                "--rounds" => options.rounds = number(&flag, &value)?,
                "--duration" => options.duration = seconds(&flag, &value)?,
                "--warmup" => options.warmup = seconds(&flag, &value)?,
                "--node-duration" => options.node_duration = seconds(&flag, &value)?,
                "--node-warmup" => options.node_warmup = seconds(&flag, &value)?,
                "--overhead-duration" => options.overhead_duration = seconds(&flag, &value)?,
                _ => bail!("unknown option {flag}"),
            }
        }
        if options.connections == 0 || options.threads == 0 || options.rounds == 0 {
            bail!("--connections, --threads and --rounds must be at least 1");
        }
        // A baseline binary joins the comparison right after ours unless --only placed it.
        if options.baseline_router_bin.is_some()
            && !options.gateways.contains(&GatewayKind::Baseline)
        {
            let at = options
                .gateways
                .iter()
                .position(|kind| *kind == GatewayKind::Ours)
                .map_or(0, |i| i + 1);
            options.gateways.insert(at, GatewayKind::Baseline);
        }
        if options.threads > options.connections {
            options.threads = options.connections;
        }
        Ok(options)
    }
}

/// `--flag value` pairs, in order.
fn pairs(args: impl IntoIterator<Item = String>) -> anyhow::Result<Vec<(String, String)>> {
    let mut args = args.into_iter();
    let mut pairs = Vec::new();
    while let Some(flag) = args.next() {
        if !flag.starts_with("--") {
            bail!("unexpected argument {flag:?}");
        }
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        pairs.push((flag, value));
    }
    Ok(pairs)
}

fn subgraph_named(name: &str) -> anyhow::Result<Subgraph> {
    Subgraph::from_name(name).with_context(|| {
        format!("unknown subgraph {name:?} (accounts, inventory, products or reviews)")
    })
}

fn port(flag: &str, value: &str) -> anyhow::Result<u16> {
    value
        .parse()
        .with_context(|| format!("{flag} must be a port number, got {value:?}"))
}

fn number(flag: &str, value: &str) -> anyhow::Result<u32> {
    value
        .parse()
        .with_context(|| format!("{flag} must be a whole number, got {value:?}"))
}

/// Whole seconds: wrk takes its duration in seconds.
fn seconds(flag: &str, value: &str) -> anyhow::Result<Duration> {
    let secs: u64 = value
        .parse()
        .with_context(|| format!("{flag} must be whole seconds, got {value:?}"))?;
    if secs == 0 {
        bail!("{flag} must be at least 1 second");
    }
    Ok(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|arg| arg.to_string()).collect()
    }

    #[test]
    fn subgraph_ports_default_to_the_supergraph_and_can_be_overridden() {
        let options = SubgraphOptions::parse(args(&["--reviews", "0"])).unwrap();
        assert_eq!(options.port(Subgraph::Reviews), 0);
        assert_eq!(options.port(Subgraph::Accounts), 4201);
        assert!(SubgraphOptions::parse(args(&["--reviews", "x"])).is_err());
        assert!(SubgraphOptions::parse(args(&["--orders", "1"])).is_err());
        assert!(SubgraphOptions::parse(args(&["--print-schema", "orders"])).is_err());
    }

    #[test]
    fn bench_options_select_gateways_and_durations() {
        let options = BenchOptions::parse(args(&[
            "--only",
            "ours,hive-router",
            "--duration",
            "3",
            "--node-dir",
            "",
        ]))
        .unwrap();
        assert_eq!(
            options.gateways,
            vec![GatewayKind::Ours, GatewayKind::HiveRouter]
        );
        assert_eq!(options.duration, Duration::from_secs(3));
        assert_eq!(options.node_dir, None);
        assert!(BenchOptions::parse(args(&["--only", "nginx"])).is_err());
        let with_baseline = BenchOptions::parse(args(&[
            "--only",
            "ours,hive-router",
            "--baseline-router",
            "/tmp/router-before",
        ]))
        .unwrap();
        assert_eq!(
            with_baseline.gateways,
            vec![
                GatewayKind::Ours,
                GatewayKind::Baseline,
                GatewayKind::HiveRouter
            ]
        );
        assert!(BenchOptions::parse(args(&["--duration", "0"])).is_err());
        assert!(BenchOptions::parse(args(&["--duration"])).is_err());
    }
}
