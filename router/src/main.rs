//! Runs the router with the platform settings (`iworkz.yaml` and the environment; see `RouterConfig::from_env`).

/// Every request allocates and frees many short-lived buffers (bodies, JSON values, headers)
/// on whichever worker thread polls it; mimalloc's per-thread free lists serve that pattern
/// with far less contention than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    router::telemetry::init();
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            // The message, not `Debug`: a bad setting must read as the key to fix.
            eprintln!("Error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let config = router::RouterConfig::from_env()?;
    let app = router::Application::build(config).await?;
    app.run_until_stopped().await?;
    Ok(())
}
