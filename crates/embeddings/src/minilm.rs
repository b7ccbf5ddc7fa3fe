//! all-MiniLM-L6-v2 run in process: WordPiece tokens → six-layer BERT → masked mean → unit vector.
//!
//! This reproduces what sentence-transformers does for this model (its `modules.json`: the
//! transformer, mean pooling, normalisation), so the vectors match the published ones and can be
//! compared with vectors computed elsewhere by the same model.
//!
//! The model's `tokenizer.json` pads every text to 128 tokens and truncates there. Both are
//! replaced: a batch is padded only to its longest text (a short query then costs a short
//! forward pass) and texts are truncated at 256 tokens, the `max_seq_length` the model was trained
//! with and sentence-transformers uses. Padding never changes a text's vector: padded positions
//! are masked out of attention and out of the mean.

use std::path::{Path, PathBuf};

use candle_core::Device;
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, DTYPE};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use crate::limits::{MAX_TEXT_BYTES, truncate_to_bytes};
use crate::pooling::embed_encodings;
use crate::{DIMENSIONS, EmbedError, Embedder};

/// The model id of [`MiniLm`] vectors: the model's name on the Hugging Face hub.
pub const MINILM_MODEL_ID: &str = "sentence-transformers/all-MiniLM-L6-v2";

/// The files of the model directory the encoder is built from.
pub const MODEL_FILES: [&str; 3] = ["config.json", "model.safetensors", "tokenizer.json"];

/// Tokens of a text the encoder reads, `[CLS]` and `[SEP]` included; the rest is dropped.
pub const MAX_TOKENS: usize = 256;

/// Texts per forward pass: large enough to keep the matrix kernels busy, small enough that one
/// long text does not pad many short ones to its length.
const BATCH_SIZE: usize = 32;

/// The all-MiniLM-L6-v2 sentence encoder on the CPU.
pub struct MiniLm {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

impl MiniLm {
    /// Loads the model from a directory holding [`MODEL_FILES`] (what `scripts/fetch-model.sh`
    /// unpacks). Fails, naming the script, when a file is missing.
    pub fn load(dir: &Path) -> Result<Self, EmbedError> {
        let missing = missing_files(dir);
        if !missing.is_empty() {
            return Err(EmbedError::ModelMissing {
                model: MINILM_MODEL_ID,
                dir: dir.to_path_buf(),
                missing: missing.join(", "),
            });
        }
        let config = read_config(&dir.join("config.json"))?;
        let tokenizer = read_tokenizer(&dir.join("tokenizer.json"))?;
        let weights_path = dir.join("model.safetensors");
        let weights = read(&weights_path)?;
        let device = Device::Cpu;
        let model = VarBuilder::from_buffered_safetensors(weights, DTYPE, &device)
            .and_then(|vb| BertModel::load(vb, &config))
            .map_err(|e| invalid(&weights_path, e))?;
        Ok(Self {
            model,
            tokenizer,
            device,
        })
    }

    /// Tokens the encoder reads for `text`, special tokens included: for measuring how the
    /// vocabulary covers a language, and for tests of the truncation.
    pub fn tokens(&self, text: &str) -> Result<Vec<String>, EmbedError> {
        let encoding = self
            .tokenizer
            .encode(truncate_to_bytes(text, MAX_TEXT_BYTES), true)
            .map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        Ok(encoding.get_tokens().to_vec())
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let bounded: Vec<&str> = texts
            .iter()
            .map(|text| truncate_to_bytes(text, MAX_TEXT_BYTES))
            .collect();
        let encodings = self
            .tokenizer
            .encode_batch(bounded, true)
            .map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        embed_encodings(&self.model, &encodings, &self.device)
    }
}

impl Embedder for MiniLm {
    fn model_id(&self) -> &str {
        MINILM_MODEL_ID
    }

    fn dimensions(&self) -> usize {
        DIMENSIONS
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut vectors = Vec::with_capacity(texts.len());
        for batch in texts.chunks(BATCH_SIZE) {
            vectors.extend(self.embed_batch(batch)?);
        }
        Ok(vectors)
    }
}

/// The [`MODEL_FILES`] that `dir` lacks.
pub(crate) fn missing_files(dir: &Path) -> Vec<&'static str> {
    MODEL_FILES
        .into_iter()
        .filter(|name| !dir.join(name).is_file())
        .collect()
}

fn read(path: &Path) -> Result<Vec<u8>, EmbedError> {
    std::fs::read(path).map_err(|source| EmbedError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn invalid(path: &Path, reason: impl ToString) -> EmbedError {
    EmbedError::InvalidModel {
        model: MINILM_MODEL_ID,
        path: PathBuf::from(path),
        reason: reason.to_string(),
    }
}

fn read_config(path: &Path) -> Result<Config, EmbedError> {
    let config: Config = serde_json::from_slice(&read(path)?).map_err(|e| invalid(path, e))?;
    if config.hidden_size != DIMENSIONS {
        return Err(invalid(
            path,
            format!("hidden size {}, expected {DIMENSIONS}", config.hidden_size),
        ));
    }
    Ok(config)
}

fn read_tokenizer(path: &Path) -> Result<Tokenizer, EmbedError> {
    let mut tokenizer = Tokenizer::from_bytes(read(path)?).map_err(|e| invalid(path, e))?;
    // Keep the file's pad token and id; change only when and how far to pad.
    let padding = PaddingParams {
        strategy: PaddingStrategy::BatchLongest,
        pad_to_multiple_of: None,
        ..tokenizer.get_padding().cloned().unwrap_or_default()
    };
    tokenizer.with_padding(Some(padding));
    tokenizer
        .with_truncation(Some(TruncationParams {
            max_length: MAX_TOKENS,
            ..TruncationParams::default()
        }))
        .map_err(|e| invalid(path, e))?;
    Ok(tokenizer)
}
