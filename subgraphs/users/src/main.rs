//! Runs the users subgraph alone, configured by env (`USERS_PORT`, `DATABASE_URL`, `REDIS_URL`).

use kit::config::Settings;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if kit::server::print_schema_requested() {
        print!("{}", users::sdl());
        return Ok(());
    }
    kit::telemetry::init();
    let settings = Settings::from_env("users", users::DEFAULT_PORT)?;
    let bus = kit::events::connect(settings.redis_url.as_deref(), &settings.event_stream).await?;
    let app = users::build(&settings, bus).await?;
    tracing::info!(port = app.port(), "users subgraph listening");
    app.run_until_stopped().await?;
    Ok(())
}
