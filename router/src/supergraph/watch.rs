//! Reloads the supergraph when its file changes.
//!
//! File-system events (`notify`) make a reload quick; the directory is watched rather than the
//! file because editors and `compose.mjs` may replace the file, which ends a watch on the old
//! inode. Events are not delivered on every file system (some container bind mounts), so the
//! modification time is also polled as a fallback. Bursts of events are coalesced, and a reload
//! whose content is unchanged is a no-op.

use super::SupergraphStore;
use notify::{RecursiveMode, Watcher};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

const POLL_INTERVAL: Duration = Duration::from_secs(2);
/// Writers often truncate then write; waiting a moment avoids loading a half-written file.
const SETTLE: Duration = Duration::from_millis(150);

/// Watches `store`'s file until the returned task is aborted; `on_reload` runs after each
/// successful swap (the plan cache is cleared there).
pub fn spawn_watcher<F>(store: Arc<SupergraphStore>, on_reload: F) -> JoinHandle<()>
where
    F: Fn() + Send + 'static,
{
    let (signal, signals) = mpsc::unbounded_channel::<()>();
    let watcher = file_events(store.path(), signal);
    let mut signals = watcher.is_some().then_some(signals);
    tokio::spawn(async move {
        // Kept alive for as long as the task runs.
        let _watcher = watcher;
        let mut last_modified = modified(store.path());
        let mut poll = tokio::time::interval(POLL_INTERVAL);
        loop {
            tokio::select! {
                () = next_event(&mut signals) => {}
                _ = poll.tick() => {
                    if modified(store.path()) == last_modified {
                        continue;
                    }
                }
            }
            tokio::time::sleep(SETTLE).await;
            if let Some(signals) = signals.as_mut() {
                while signals.try_recv().is_ok() {}
            }
            last_modified = modified(store.path());
            let reload_store = store.clone();
            match tokio::task::spawn_blocking(move || reload_store.reload()).await {
                Ok(Ok(true)) => {
                    on_reload();
                    tracing::info!(
                        path = %store.path().display(),
                        generation = store.generation(),
                        "supergraph reloaded"
                    );
                }
                Ok(Ok(false)) => {}
                Ok(Err(err)) => {
                    tracing::error!(error = %err, "supergraph reload failed; keeping the previous one");
                }
                Err(err) => {
                    tracing::error!(error = %err, "supergraph reload task failed; keeping the previous one");
                }
            }
        }
    })
}

/// Resolves on the next file event; never, once there is no watcher.
async fn next_event(signals: &mut Option<mpsc::UnboundedReceiver<()>>) {
    if let Some(receiver) = signals {
        if receiver.recv().await.is_some() {
            return;
        }
        *signals = None;
    }
    std::future::pending::<()>().await
}

/// A `notify` watcher on the file's directory that signals events touching the file, or
/// `None` when the platform cannot watch (polling still works).
fn file_events(
    path: &Path,
    signal: mpsc::UnboundedSender<()>,
) -> Option<notify::RecommendedWatcher> {
    let file_name = path.file_name()?.to_owned();
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => Path::new(".").to_owned(),
    };
    let handler = move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if event.kind.is_access() {
            return;
        }
        if event
            .paths
            .iter()
            .any(|changed| changed.file_name() == Some(file_name.as_os_str()))
        {
            let _ = signal.send(());
        }
    };
    let mut watcher = match notify::recommended_watcher(handler) {
        Ok(watcher) => watcher,
        Err(err) => {
            tracing::warn!(error = %err, "cannot watch the supergraph file; polling it instead");
            return None;
        }
    };
    if let Err(err) = watcher.watch(&directory, RecursiveMode::NonRecursive) {
        tracing::warn!(error = %err, "cannot watch the supergraph directory; polling instead");
        return None;
    }
    Some(watcher)
}

fn modified(path: &Path) -> Option<(SystemTime, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}
