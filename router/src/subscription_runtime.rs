//! A dedicated thread for subscription plans.
//!
//! The executor talks graphql-transport-ws to subgraphs with ntex's WebSocket client, whose
//! tasks are `!Send` and are started with `ntex::rt::spawn`; that only works inside an ntex
//! system (ntex's reactor plus a tokio `LocalSet`). The router itself is axum on tokio's
//! multi-threaded runtime, so subscription plans are handed to one thread that runs such a
//! system, and their events come back over channels. Queries and mutations use the executor's
//! HTTP client, which is plain tokio, and never come here.

use futures::future::LocalBoxFuture;
use tokio::sync::mpsc;

type Job = Box<dyn FnOnce() -> LocalBoxFuture<'static, ()> + Send>;

/// Sends work to the subscription thread. The thread ends when every handle is dropped,
/// cancelling the subscriptions still running there.
#[derive(Clone)]
pub struct SubscriptionRuntime {
    jobs: mpsc::UnboundedSender<Job>,
}

/// The subscription thread has stopped (it only does so when the router shuts down).
#[derive(Debug)]
pub struct RuntimeStopped;

impl SubscriptionRuntime {
    pub fn start() -> std::io::Result<Self> {
        let (jobs, mut incoming) = mpsc::unbounded_channel::<Job>();
        std::thread::Builder::new()
            .name("router-subscriptions".into())
            .spawn(move || {
                ntex::rt::System::new("router-subscriptions", ntex::rt::DefaultRuntime).block_on(
                    async move {
                        while let Some(job) = incoming.recv().await {
                            // Dropping an ntex join handle detaches the task.
                            drop(ntex::rt::spawn(job()));
                        }
                    },
                );
            })?;
        Ok(Self { jobs })
    }

    /// Runs `job` on the subscription thread. The future it builds may hold `!Send` state.
    pub fn spawn<F>(&self, job: F) -> Result<(), RuntimeStopped>
    where
        F: FnOnce() -> LocalBoxFuture<'static, ()> + Send + 'static,
    {
        self.jobs.send(Box::new(job)).map_err(|_| RuntimeStopped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;
    use std::rc::Rc;

    #[tokio::test]
    async fn runs_non_send_jobs_and_reports_back() {
        let runtime = SubscriptionRuntime::start().unwrap();
        let (done, result) = tokio::sync::oneshot::channel();
        runtime
            .spawn(move || {
                async move {
                    // `Rc` makes the future `!Send`, as ntex's WebSocket client state is.
                    let local = Rc::new(21);
                    let spawned = ntex::rt::spawn(async move { *local * 2 }).await;
                    let _ = done.send(spawned.ok());
                }
                .boxed_local()
            })
            .unwrap();
        assert_eq!(result.await.unwrap(), Some(42));
    }
}
