//! Which model runs, where its files are, and what runs when they are not there.
//!
//! The default is multilingual-e5-small ([`ModelChoice::MultilingualE5`]); `EMBEDDING_MODEL`
//! picks another (`all-MiniLM-L6-v2`, or `lexical` for no model at all). The files are not in
//! the repository: `data/models/<model>/` holds them once fetched, by `scripts/fetch-model.sh`
//! or by the service itself on first start ([`crate::fetch`]). A service whose model is not
//! there yet must still start and answer, so [`load`] falls back to the lexical embedder and
//! says so loudly; tests that are about a model load it directly and fail instead.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::e5::{E5_MODEL_FILE, E5_MODEL_ID, MultilingualE5};
use crate::minilm::{MINILM_MODEL_ID, MiniLm, missing_files};
use crate::{EmbedError, Embedder, EmbeddingService, LEXICAL_MODEL_ID, LexicalEmbedder};

/// The environment variable choosing the model.
pub const MODEL_ENV: &str = "EMBEDDING_MODEL";

/// The environment variable naming the chosen model's directory.
pub const MODEL_DIR_ENV: &str = "EMBEDDING_MODEL_DIR";

/// A sentence model this crate runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModelChoice {
    /// intfloat/multilingual-e5-small: the default.
    MultilingualE5,
    /// sentence-transformers/all-MiniLM-L6-v2: English only.
    MiniLm,
    /// No model: hashing vectors of words and character pairs.
    Lexical,
}

impl ModelChoice {
    /// The model `EMBEDDING_MODEL` names, [`ModelChoice::MultilingualE5`] when unset; an
    /// unknown name is logged and the default used.
    pub fn configured() -> Self {
        match std::env::var(MODEL_ENV) {
            Ok(name) if !name.trim().is_empty() => Self::parse(&name).unwrap_or_else(|| {
                tracing::warn!(
                    name,
                    "{MODEL_ENV} names no known model (multilingual-e5-small, \
                     all-MiniLM-L6-v2, lexical): using multilingual-e5-small"
                );
                Self::MultilingualE5
            }),
            _ => Self::MultilingualE5,
        }
    }

    /// The model a name means: its short name, its hub id, or `e5` / `minilm` / `lexical`.
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "multilingual-e5-small" | "intfloat/multilingual-e5-small" | "e5" => {
                Some(Self::MultilingualE5)
            }
            "all-minilm-l6-v2" | "sentence-transformers/all-minilm-l6-v2" | "minilm" => {
                Some(Self::MiniLm)
            }
            "lexical" | "none" => Some(Self::Lexical),
            _ => None,
        }
    }

    /// The id its vectors are stored under.
    pub fn model_id(self) -> &'static str {
        match self {
            Self::MultilingualE5 => E5_MODEL_ID,
            Self::MiniLm => MINILM_MODEL_ID,
            Self::Lexical => LEXICAL_MODEL_ID,
        }
    }

    /// Where its files go, relative to the workspace root.
    pub fn default_dir(self) -> &'static str {
        match self {
            Self::MultilingualE5 => "data/models/multilingual-e5-small",
            Self::MiniLm => "data/models/all-MiniLM-L6-v2",
            Self::Lexical => "",
        }
    }

    /// Its directory: `$EMBEDDING_MODEL_DIR` when this is the configured model and the variable
    /// is set, else [`Self::default_dir`] under `root`.
    pub fn dir(self, root: &Path) -> PathBuf {
        match std::env::var_os(MODEL_DIR_ENV) {
            Some(dir) if !dir.is_empty() && Self::configured() == self => PathBuf::from(dir),
            _ => root.join(self.default_dir()),
        }
    }

    /// Whether `dir` holds its files.
    pub fn present_in(self, dir: &Path) -> bool {
        match self {
            Self::MultilingualE5 => dir.join(E5_MODEL_FILE).is_file(),
            Self::MiniLm => missing_files(dir).is_empty(),
            Self::Lexical => true,
        }
    }

    /// Loads it from `dir`, or says why not.
    pub fn load(self, dir: &Path) -> Result<Arc<dyn Embedder>, EmbedError> {
        Ok(match self {
            Self::MultilingualE5 => Arc::new(MultilingualE5::load(dir)?),
            Self::MiniLm => Arc::new(MiniLm::load(dir)?),
            Self::Lexical => Arc::new(LexicalEmbedder::new()),
        })
    }

    /// Its directory for a process started anywhere in the workspace: the configured one, else
    /// [`Self::default_dir`] under the nearest ancestor of the current directory that holds the
    /// files (tests run in a crate's directory, the stack at the root). Where none does, the
    /// workspace root's (the nearest ancestor with a `Cargo.lock`), so a fetch from a crate's
    /// directory lands in the ignored `data/` at the root; outside a workspace, the current
    /// directory's.
    pub fn find_dir(self) -> PathBuf {
        let resolved = self.dir(Path::new(""));
        let configured = resolved != Path::new(self.default_dir());
        if configured {
            return resolved;
        }
        fetching::locate(self.default_dir(), |dir| self.present_in(dir))
    }
}

/// The configured model from its directory (found as in [`ModelChoice::find_dir`]), or the
/// lexical embedder with a warning that says why and how to get the model.
pub fn load() -> Arc<dyn Embedder> {
    let choice = ModelChoice::configured();
    load_choice(choice, &choice.find_dir())
}

fn load_choice(choice: ModelChoice, dir: &Path) -> Arc<dyn Embedder> {
    match choice.load(dir) {
        Ok(model) => {
            if choice != ModelChoice::Lexical {
                tracing::info!(dir = %dir.display(), model = choice.model_id(), "loaded the embedding model");
            }
            model
        }
        Err(error) => {
            tracing::warn!(
                dir = %dir.display(),
                %error,
                "{} is not available: matching uses lexical hashing vectors ({LEXICAL_MODEL_ID}), \
                 which match shared words only, until it is",
                choice.model_id()
            );
            Arc::new(LexicalEmbedder::new())
        }
    }
}

/// [`load`] once per model and directory in a process: every service in one process (the
/// stack, or many test stacks) shares one copy of the weights.
pub fn load_shared() -> Arc<dyn Embedder> {
    type Loaded = HashMap<(ModelChoice, PathBuf), Arc<dyn Embedder>>;
    static LOADED: OnceLock<Mutex<Loaded>> = OnceLock::new();
    let choice = ModelChoice::configured();
    let dir = choice.find_dir();
    let mut loaded = LOADED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    loaded
        .entry((choice, dir.clone()))
        .or_insert_with(|| load_choice(choice, &dir))
        .clone()
}

/// The process's one [`EmbeddingService`] over [`load_shared`]: the one the first-start fetch
/// replaces the lexical fallback in, so every matching service of the process sees the model.
pub fn shared_service() -> Arc<EmbeddingService> {
    static SERVICE: OnceLock<Arc<EmbeddingService>> = OnceLock::new();
    SERVICE
        .get_or_init(|| Arc::new(EmbeddingService::new(load_shared())))
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_each_model_are_understood() {
        assert_eq!(
            ModelChoice::parse("intfloat/multilingual-e5-small"),
            Some(ModelChoice::MultilingualE5)
        );
        assert_eq!(
            ModelChoice::parse(" all-MiniLM-L6-v2 "),
            Some(ModelChoice::MiniLm)
        );
        assert_eq!(ModelChoice::parse("LEXICAL"), Some(ModelChoice::Lexical));
        assert_eq!(ModelChoice::parse("gpt"), None);
    }

    #[test]
    fn a_missing_model_falls_back_to_the_lexical_embedder() {
        let empty = std::env::temp_dir().join("iworkz-embeddings-no-model-here");
        for choice in [ModelChoice::MultilingualE5, ModelChoice::MiniLm] {
            let embedder = load_choice(choice, &empty);
            assert_eq!(embedder.model_id(), LEXICAL_MODEL_ID);
            assert_eq!(embedder.dimensions(), 384);
        }
    }

    #[test]
    fn the_strict_loader_names_the_fetch_script_and_the_file() {
        let empty = std::env::temp_dir().join("iworkz-embeddings-no-model-here");
        let Err(error) = ModelChoice::MultilingualE5.load(&empty) else {
            panic!("loaded a model from an empty directory");
        };
        let message = error.to_string();
        assert!(message.contains("scripts/fetch-model.sh"), "{message}");
        assert!(message.contains(E5_MODEL_FILE), "{message}");
    }
}
