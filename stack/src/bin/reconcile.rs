//! `cargo run -p stack --bin reconcile -- [--republish] [--grace-secs N]`: compares the outboxes
//! with what each consumer group applied, prints one line per producer and group, and with
//! `--republish` marks what was lost to be published again (the running relays send it).
//! Configured like every binary (`iworkz.yaml`, `DATABASE_URL`, …). Exits with 1 when events
//! are missing and `--republish` was not given, so a scheduler notices.

use std::process::ExitCode;
use std::time::Duration;

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let _telemetry = kit::telemetry::init("iworkz-reconcile");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let republish = args.iter().any(|arg| arg == "--republish");
    let grace = match args.iter().position(|arg| arg == "--grace-secs") {
        Some(at) => args
            .get(at + 1)
            .and_then(|secs| secs.parse().ok())
            .ok_or_else(|| anyhow::anyhow!("--grace-secs needs a number of seconds"))?,
        None => 60,
    };
    let config = stack::StackConfig::from_env()?;
    let databases = stack::reconcile::Databases::connect(&config.databases).await?;
    let report =
        stack::reconcile::platform(&databases, Duration::from_secs(grace), republish).await?;
    for line in report.lines() {
        println!("{line}");
    }
    // Returned rather than exited with, so the telemetry above still flushes its spans.
    if report.missing() > 0 && !republish {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
