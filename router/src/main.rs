//! Runs the router with the platform settings (`iworkz.yaml` and the environment; see
//! `RouterConfig::from_env`), one single-threaded worker per core (`workers.rs`).

/// Every request allocates and frees many short-lived buffers (bodies, JSON values, headers);
/// mimalloc's per-thread free lists serve that pattern with far less contention than the
/// system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let telemetry = router::telemetry::init();
    let result = router::RouterConfig::from_env()
        .map_err(Into::into)
        .and_then(router::serve_on_workers);
    // Flushes the spans not yet exported before the process exits.
    drop(telemetry);
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            // The message, not `Debug`: a bad setting must read as the key to fix.
            eprintln!("Error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
