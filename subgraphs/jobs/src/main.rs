//! Runs the jobs subgraph alone, configured like every binary (`iworkz.yaml`, then the
//! environment: `JOBS_PORT`, `DATABASE_URL`, `REDIS_URL`, `USERS_JWKS_URL`, …).

use kit::config::Settings;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if kit::server::print_schema_requested() {
        print!("{}", jobs::sdl());
        return Ok(());
    }
    let _telemetry = kit::telemetry::init("iworkz-jobs");
    let settings = Settings::from_env("jobs", jobs::DEFAULT_PORT)?;
    let bus = kit::events::connect(settings.redis_url(), &settings.event_stream).await?;
    let auth = settings.connect_auth().await?;
    let app = jobs::build(&settings, bus, auth).await?;
    tracing::info!(port = app.port(), "jobs subgraph listening");
    app.run_until_stopped().await?;
    Ok(())
}
