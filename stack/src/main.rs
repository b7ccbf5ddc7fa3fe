//! `cargo run`: the router and the three subgraphs in one process, migrated and seeded.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _telemetry = kit::telemetry::init("iworkz-stack");
    let config = stack::StackConfig::from_env()?;
    let stack = stack::Stack::start(config).await?;
    println!("iworkz-graph is running: {}", stack.router_url());
    stack.run_until_stopped().await
}
