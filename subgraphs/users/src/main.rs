//! Runs the users subgraph alone, configured like every binary (`iworkz.yaml`, then the
//! environment: `USERS_PORT`, `DATABASE_URL`, `REDIS_URL`, and the identity settings in
//! `config.rs`).

use kit::config::Settings;
use users::IdentityConfig;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if kit::server::print_schema_requested() {
        print!("{}", users::sdl());
        return Ok(());
    }
    let _telemetry = kit::telemetry::init("iworkz-users");
    // One configuration, read and validated once, composed into both settings.
    let config = kit::config::Config::load()?;
    let settings = Settings::from_config(&config, "users", users::DEFAULT_PORT)?;
    let identity = IdentityConfig::from_config(&config)?;
    let bus = kit::events::connect(settings.redis_url(), &settings.event_stream).await?;
    // The revocation list and rate limits, shared with other instances through Redis.
    let auth = settings.connect_auth().await?;
    let app = users::build(&settings, bus, &identity, auth).await?;
    tracing::info!(port = app.port(), "users subgraph listening");
    app.run_until_stopped().await?;
    Ok(())
}
