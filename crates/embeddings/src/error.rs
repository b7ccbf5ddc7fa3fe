//! The one error type of the crate.
//!
//! Callers see two kinds of failure: the request was out of bounds (too many texts), which is
//! theirs to fix, or the model could not be loaded or run, which is an operator's problem and is
//! logged rather than shown to end users.

use std::path::PathBuf;

/// Why texts could not be embedded, or a model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// The model directory lacks some of the files the encoder is built from.
    #[error(
        "{model} is missing from {dir} (no {missing}); run scripts/fetch-model.sh, or point \
         EMBEDDING_MODEL_DIR at a directory holding the model's files"
    )]
    ModelMissing {
        model: &'static str,
        dir: PathBuf,
        missing: String,
    },

    /// A model file exists but could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The model files are there but do not describe the model this crate runs.
    #[error("{path} is not a usable {model} file: {reason}")]
    InvalidModel {
        model: &'static str,
        path: PathBuf,
        reason: String,
    },

    /// The model could not be downloaded.
    #[error("fetching {model}: {reason}")]
    Fetch { model: &'static str, reason: String },

    /// The tokenizer rejected a text or its settings.
    #[error("tokenizer: {0}")]
    Tokenizer(String),

    /// The encoder failed while running.
    #[error("encoder: {0}")]
    Inference(#[from] candle_core::Error),

    /// A call asked for more texts than one call may embed.
    #[error("{given} texts in one call; at most {max} may be embedded at once")]
    TooManyTexts { given: usize, max: usize },

    /// An embedder returned a different number of vectors, or vectors of another length, than
    /// it promised; vectors from it would corrupt the index, so none are used.
    #[error("embedder {model_id} returned {got}, expected {expected}")]
    Malformed {
        model_id: String,
        got: String,
        expected: String,
    },

    /// The blocking task that ran the embedder panicked or was cancelled.
    #[error("embedding task failed: {0}")]
    TaskFailed(String),
}
