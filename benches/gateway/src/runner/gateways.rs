//! The gateways under test and how each is started on the shared supergraph.

use crate::options::BenchOptions;
use crate::server::JWKS_PATH;
use crate::subgraph::Subgraph;
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One gateway of the comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GatewayKind {
    /// `target/release/router`, this repository's router.
    Ours,
    /// Hive Router 0.3.10 (Rust), the reference: the fastest gateway that runs here.
    HiveRouter,
    /// Hive Gateway (Node, `@graphql-hive/gateway`).
    HiveGateway,
    /// Apollo Gateway (Node, `@apollo/gateway` in Apollo Server).
    ApolloGateway,
    /// Another build of our router (`--baseline-router PATH`, e.g. from the commit before a
    /// change), loaded in the same rounds, so a change's cost is a ratio from one run.
    Baseline,
}

impl GatewayKind {
    pub const ALL: [GatewayKind; 5] = [
        GatewayKind::Ours,
        GatewayKind::Baseline,
        GatewayKind::HiveRouter,
        GatewayKind::HiveGateway,
        GatewayKind::ApolloGateway,
    ];

    /// What runs without options: every gateway but the baseline, which needs a binary.
    pub const DEFAULT: [GatewayKind; 4] = [
        GatewayKind::Ours,
        GatewayKind::HiveRouter,
        GatewayKind::HiveGateway,
        GatewayKind::ApolloGateway,
    ];

    pub fn name(self) -> &'static str {
        match self {
            GatewayKind::Ours => "ours",
            GatewayKind::HiveRouter => "hive-router",
            GatewayKind::HiveGateway => "hive-gateway",
            GatewayKind::ApolloGateway => "apollo-gateway",
            GatewayKind::Baseline => "baseline",
        }
    }

    pub fn from_name(name: &str) -> Option<GatewayKind> {
        GatewayKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
    }

    pub fn is_node(self) -> bool {
        matches!(self, GatewayKind::HiveGateway | GatewayKind::ApolloGateway)
    }

    /// Each gateway has its own port, so all can run side by side for alternating rounds.
    pub fn port(self) -> u16 {
        match self {
            GatewayKind::Ours => 4300,
            GatewayKind::HiveRouter => 4301,
            GatewayKind::HiveGateway => 4302,
            GatewayKind::ApolloGateway => 4303,
            GatewayKind::Baseline => 4304,
        }
    }

    pub fn url(self) -> String {
        format!("http://127.0.0.1:{}/graphql", self.port())
    }

    /// The command that serves `supergraph` on this gateway's port, or why it cannot run here.
    pub fn command(self, options: &BenchOptions, supergraph: &Path) -> anyhow::Result<Command> {
        let port = self.port().to_string();
        let command = match self {
            GatewayKind::Ours | GatewayKind::Baseline => {
                let bin = if self == GatewayKind::Ours {
                    existing(&options.router_bin, "our router")?
                } else {
                    let bin = options.baseline_router_bin.as_ref().context(
                        "the baseline gateway needs --baseline-router PATH (another build of \
                         our router)",
                    )?;
                    existing(bin, "the baseline router")?
                };
                let mut command = Command::new(bin);
                let jwks = format!(
                    "http://127.0.0.1:{}{JWKS_PATH}",
                    Subgraph::Accounts.default_port()
                );
                command
                    .env("ROUTER_HOST", "127.0.0.1")
                    .env("ROUTER_PORT", &port)
                    .env("SUPERGRAPH_PATH", supergraph)
                    .env("JWKS_URL", jwks)
                    .env("ROUTER_MAX_COST", super::OUR_ROUTER_MAX_COST);
                command
            }
            GatewayKind::HiveRouter => {
                let bin = match &options.hive_router_bin {
                    Some(bin) => existing(bin, "hive-router")?,
                    None => find_hive_router().context(
                        "hive-router is not installed: scripts/bench-gateways.sh installs it, or \
                         pass --hive-router PATH, or leave it out with --only",
                    )?,
                };
                let config = options.work_dir.join("hive-router.config.yaml");
                std::fs::write(&config, hive_router_config(supergraph, self.port()))
                    .with_context(|| format!("writing {}", config.display()))?;
                let mut command = Command::new(bin);
                command.env("ROUTER_CONFIG_FILE_PATH", &config);
                command
            }
            GatewayKind::HiveGateway | GatewayKind::ApolloGateway => {
                let Some(node_dir) = &options.node_dir else {
                    bail!(
                        "the Node gateways are off (npm was unavailable or --node-dir was empty)"
                    );
                };
                let mut command = Command::new("node");
                if self == GatewayKind::HiveGateway {
                    let cli = node_dir.join("node_modules/@graphql-hive/gateway/dist/bin.js");
                    command
                        .arg(existing(
                            &cli,
                            "Hive Gateway (run npm ci in tools/gateways)",
                        )?)
                        .arg("supergraph")
                        .arg(supergraph)
                        .args(["--host", "127.0.0.1", "--port", &port, "--jit"]);
                } else {
                    let script = node_dir.join("apollo-gateway.mjs");
                    existing(
                        &node_dir.join("node_modules/@apollo/gateway"),
                        "Apollo Gateway (run npm ci in tools/gateways)",
                    )?;
                    command
                        .arg(existing(&script, "the Apollo Gateway server script")?)
                        .env("SUPERGRAPH_PATH", supergraph)
                        .env("HOST", "127.0.0.1")
                        .env("PORT", &port);
                }
                // Both read it: production mode drops development-only checks and output.
                command.env("NODE_ENV", "production");
                command
            }
        };
        Ok(command)
    }
}

/// Hive Router's configuration: the supergraph from a file, our port, info logging.
fn hive_router_config(supergraph: &Path, port: u16) -> String {
    format!(
        "# Written by bench-gateways for one run.\n\
         supergraph:\n  source: file\n  path: {}\n\
         http:\n  host: 127.0.0.1\n  port: {port}\n\
         log:\n  level: info\n",
        serde_json::Value::String(supergraph.display().to_string())
    )
}

/// Hive Router on `PATH`, else where `cargo install` puts it. The crate's binary is
/// `hive_router`; release archives call it `hive-router`.
fn find_hive_router() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect())
        .unwrap_or_default();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    dirs.extend(cargo_home.map(|cargo| cargo.join("bin")));
    dirs.iter()
        .flat_map(|dir| [dir.join("hive_router"), dir.join("hive-router")])
        .find(|bin| bin.is_file())
}

fn existing(path: &Path, what: &str) -> anyhow::Result<PathBuf> {
    if path.exists() {
        Ok(path.to_path_buf())
    } else {
        bail!("{what} not found at {}", path.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hive_router_config_quotes_the_supergraph_path() {
        let config = hive_router_config(Path::new("/tmp/a b/supergraph.graphql"), 4301);
        assert!(config.contains("path: \"/tmp/a b/supergraph.graphql\""));
        assert!(config.contains("port: 4301"));
    }

    #[test]
    fn gateways_have_distinct_ports_and_names() {
        for (i, a) in GatewayKind::ALL.iter().enumerate() {
            for b in &GatewayKind::ALL[i + 1..] {
                assert_ne!(a.port(), b.port());
                assert_ne!(a.name(), b.name());
            }
            assert_eq!(GatewayKind::from_name(a.name()), Some(*a));
        }
    }
}
