//! Where the model is found, and what runs when it is not there.
//!
//! The model files are 90 MB and not in the repository: `scripts/fetch-model.sh` puts them in
//! `data/models/all-MiniLM-L6-v2/`. A service started without them must still start (a fresh
//! clone, a CI job that does not need semantic search), so [`load`] falls back to the lexical
//! embedder and says so loudly; tests that are about the model use [`load_minilm`], which fails
//! instead.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::minilm::{MiniLm, missing_files};
use crate::{EmbedError, Embedder, LexicalEmbedder};

/// The environment variable naming the model directory.
pub const MODEL_DIR_ENV: &str = "EMBEDDING_MODEL_DIR";

/// Where `scripts/fetch-model.sh` unpacks the model, relative to the workspace root.
pub const DEFAULT_MODEL_DIR: &str = "data/models/all-MiniLM-L6-v2";

/// The model directory: `explicit` if given, else `$EMBEDDING_MODEL_DIR`, else
/// [`DEFAULT_MODEL_DIR`] under `root`.
pub fn resolve_model_dir(explicit: Option<&Path>, root: &Path) -> PathBuf {
    if let Some(dir) = explicit {
        return dir.to_path_buf();
    }
    match std::env::var_os(MODEL_DIR_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => root.join(DEFAULT_MODEL_DIR),
    }
}

/// MiniLM from the resolved model directory (relative paths against the current directory), or
/// the error saying why not.
pub fn load_minilm(explicit: Option<&Path>) -> Result<MiniLm, EmbedError> {
    MiniLm::load(&resolve_model_dir(explicit, Path::new("")))
}

/// The best embedder available: MiniLM when its files are in the resolved model directory,
/// otherwise the lexical embedder, with a warning that says how to get the model.
pub fn load(explicit: Option<&Path>) -> Arc<dyn Embedder> {
    let dir = resolve_model_dir(explicit, Path::new(""));
    let missing = missing_files(&dir);
    if !missing.is_empty() {
        tracing::warn!(
            dir = %dir.display(),
            missing = %missing.join(", "),
            "all-MiniLM-L6-v2 not found: matching uses lexical hashing vectors, which match \
             shared words only. Run scripts/fetch-model.sh (or set {MODEL_DIR_ENV}) for semantic \
             matching"
        );
        return Arc::new(LexicalEmbedder::new());
    }
    match MiniLm::load(&dir) {
        Ok(model) => {
            tracing::info!(dir = %dir.display(), "loaded all-MiniLM-L6-v2");
            Arc::new(model)
        }
        Err(error) => {
            tracing::warn!(
                dir = %dir.display(),
                %error,
                "all-MiniLM-L6-v2 could not be loaded: matching uses lexical hashing vectors. \
                 Re-run scripts/fetch-model.sh to replace the files"
            );
            Arc::new(LexicalEmbedder::new())
        }
    }
}

/// The model directory for a process started anywhere in the workspace: the explicit or
/// configured one, else [`DEFAULT_MODEL_DIR`] under the nearest ancestor of the current
/// directory that has it (tests run in a crate's directory, the stack at the root).
pub fn find_model_dir(explicit: Option<&Path>) -> PathBuf {
    let resolved = resolve_model_dir(explicit, Path::new(""));
    if explicit.is_some() || resolved.is_absolute() || missing_files(&resolved).is_empty() {
        return resolved;
    }
    let Ok(current) = std::env::current_dir() else {
        return resolved;
    };
    current
        .ancestors()
        .map(|dir| dir.join(DEFAULT_MODEL_DIR))
        .find(|dir| missing_files(dir).is_empty())
        .unwrap_or(resolved)
}

/// [`load`] once per model directory and process: every service in one process (the stack,
/// or many test stacks) shares one copy of the weights.
pub fn load_shared(explicit: Option<&Path>) -> Arc<dyn Embedder> {
    static LOADED: OnceLock<Mutex<HashMap<PathBuf, Arc<dyn Embedder>>>> = OnceLock::new();
    let dir = find_model_dir(explicit);
    let mut loaded = LOADED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    loaded
        .entry(dir.clone())
        .or_insert_with(|| load(Some(&dir)))
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_dir_wins() {
        let dir = resolve_model_dir(Some(Path::new("/models/minilm")), Path::new("/repo"));
        assert_eq!(dir, Path::new("/models/minilm"));
    }

    #[test]
    fn missing_model_falls_back_to_the_lexical_embedder() {
        let empty = std::env::temp_dir().join("iworkz-embeddings-no-model-here");
        let embedder = load(Some(&empty));
        assert_eq!(embedder.model_id(), crate::LEXICAL_MODEL_ID);
        assert_eq!(embedder.dimensions(), 384);
    }

    #[test]
    fn strict_loader_names_the_fetch_script() {
        let empty = std::env::temp_dir().join("iworkz-embeddings-no-model-here");
        let Err(error) = load_minilm(Some(&empty)) else {
            panic!("loaded a model from an empty directory");
        };
        let message = error.to_string();
        assert!(message.contains("scripts/fetch-model.sh"), "{message}");
        assert!(message.contains("model.safetensors"), "{message}");
    }
}
