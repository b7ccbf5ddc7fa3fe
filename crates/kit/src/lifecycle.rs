//! Stopping cleanly: one [`Shutdown`] signal that background tasks (relays, consumers,
//! schedulers) watch, so a rolling deploy finishes the event in hand, hands back what it
//! holds and stops, instead of being cut like `kill -9`; and [`terminate`], the signal a
//! binary waits for (SIGTERM or Ctrl-C).

use tokio::sync::watch;

/// The side that asks everything to stop.
#[derive(Debug)]
pub struct ShutdownTrigger(watch::Sender<bool>);

/// What a task watches. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Shutdown(watch::Receiver<bool>);

/// A new signal, not yet given.
pub fn shutdown_signal() -> (ShutdownTrigger, Shutdown) {
    let (sender, receiver) = watch::channel(false);
    (ShutdownTrigger(sender), Shutdown(receiver))
}

impl ShutdownTrigger {
    pub fn trigger(&self) {
        self.0.send_replace(true);
    }

    pub fn watcher(&self) -> Shutdown {
        Shutdown(self.0.subscribe())
    }
}

impl Shutdown {
    /// A signal that is never given (tests, tools).
    pub fn never() -> Self {
        let (trigger, shutdown) = shutdown_signal();
        // The sender stays alive with the receiver's channel, so `requested` never completes.
        std::mem::forget(trigger);
        shutdown
    }

    pub fn is_requested(&self) -> bool {
        *self.0.borrow()
    }

    /// Completes once shutdown is asked for.
    pub async fn requested(&mut self) {
        // An error means the trigger is gone, which counts as asked.
        let _ = self.0.wait_for(|stop| *stop).await;
    }
}

/// Completes on SIGTERM (what an orchestrator sends) or Ctrl-C.
pub async fn terminate() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("interrupted; shutting down"),
        () = term => tracing::info!("SIGTERM; shutting down"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn watchers_see_the_trigger_once_given() {
        let (trigger, mut shutdown) = shutdown_signal();
        let late = trigger.watcher();
        assert!(!shutdown.is_requested());
        trigger.trigger();
        shutdown.requested().await;
        assert!(late.is_requested());
        assert!(!Shutdown::never().is_requested());
    }
}
