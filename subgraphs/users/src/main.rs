//! Runs the users subgraph alone, configured by env (`USERS_PORT`, `DATABASE_URL`, `REDIS_URL`,
//! and the identity settings in `config.rs`).

use kit::config::Settings;
use users::IdentityConfig;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if kit::server::print_schema_requested() {
        print!("{}", users::sdl());
        return Ok(());
    }
    kit::telemetry::init();
    let settings = Settings::from_env("users", users::DEFAULT_PORT)?;
    let identity = IdentityConfig::from_env()?;
    let bus = kit::events::connect(settings.redis_url.as_deref(), &settings.event_stream).await?;
    // The revocation list and rate limits, shared with other instances through Redis.
    let auth = settings.connect_auth().await?;
    let app = users::build(&settings, bus, &identity, auth).await?;
    tracing::info!(port = app.port(), "users subgraph listening");
    app.run_until_stopped().await?;
    Ok(())
}
