//! Runs the router with settings from the environment (see `RouterConfig::from_env`).

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    router::telemetry::init();
    let config = router::RouterConfig::from_env()?;
    let app = router::Application::build(config).await?;
    app.run_until_stopped().await?;
    Ok(())
}
