//! Runs the jobs subgraph alone, configured by env (`JOBS_PORT`, `DATABASE_URL`, `REDIS_URL`).

use kit::config::Settings;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if kit::server::print_schema_requested() {
        print!("{}", jobs::sdl());
        return Ok(());
    }
    kit::telemetry::init();
    let settings = Settings::from_env("jobs", jobs::DEFAULT_PORT)?;
    let bus = kit::events::connect(settings.redis_url.as_deref(), &settings.event_stream).await?;
    let app = jobs::build(&settings, bus).await?;
    tracing::info!(port = app.port(), "jobs subgraph listening");
    app.run_until_stopped().await?;
    Ok(())
}
