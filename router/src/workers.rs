//! Thread-per-core serving for the `router` binary: one single-threaded tokio runtime per
//! worker, each running its own [`Application`] on a listener bound with `SO_REUSEPORT`, so the
//! kernel spreads connections over the workers and a request never leaves the thread that
//! accepted it.
//!
//! Why: a work-stealing runtime moves a request's tasks (the connection, the plan executor's
//! subgraph calls and their connection pool) across threads, and every hop costs wake-ups and
//! shared-cache traffic. On the gateway benchmark (`scripts/bench-gateways.sh`, 2 cores) this
//! took our router from 0.81× to 1.02× Hive Router's throughput, and its CPU per request from
//! 1.41 to 1.15 ms, measured in one run each against the same Hive Router. Each worker holds
//! its own caches and subgraph connections: memory grows a little per core (48 → 51 MiB peak
//! on 2 cores), and a cache warms per worker.
//!
//! Workers start one after another, so with port 0 the first picks the port and the others
//! bind the same one. The first worker to stop (a bind failure, a fatal serve error) stops the
//! process with its error.

use crate::{Application, RouterConfig};
use std::sync::mpsc;

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Runs `config.workers` workers (0: one per core) until one of them stops.
pub fn serve_on_workers(mut config: RouterConfig) -> Result<(), Failure> {
    let workers = match config.workers {
        0 => std::thread::available_parallelism().map_or(1, |cores| cores.get()),
        count => count,
    };
    config.reuse_port = true;
    let (stopped, first_stop) = mpsc::channel::<Result<(), Failure>>();
    let mut started = 0;
    for index in 0..workers {
        let (bound, port) = mpsc::channel::<Option<u16>>();
        let worker_config = config.clone();
        let stopped = stopped.clone();
        std::thread::Builder::new()
            .name(format!("router-worker-{index}"))
            .spawn(move || {
                let result = run_worker(worker_config, &bound);
                let _ = bound.send(None);
                let _ = stopped.send(result);
            })?;
        match port.recv() {
            Ok(Some(bound_port)) => {
                config.port = bound_port;
                started += 1;
            }
            // The worker failed before binding: its error is waiting on `first_stop`.
            _ => break,
        }
    }
    if started == workers {
        tracing::info!(workers, port = config.port, "router workers serving");
    }
    first_stop
        .recv()
        .map_err(|_| Failure::from("every router worker stopped without a result"))?
}

/// One worker: builds the router on this thread's runtime, reports the bound port, serves.
fn run_worker(config: RouterConfig, bound: &mpsc::Sender<Option<u16>>) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let app = Application::build(config).await?;
        let _ = bound.send(Some(app.port()));
        app.run_until_stopped().await?;
        Ok(())
    })
}
