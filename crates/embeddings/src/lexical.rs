//! The fallback embedder: signed feature hashing of words, trigrams and CJK bigrams.
//!
//! When the MiniLM files are absent (a fresh clone, a CI job that does not fetch them) matching
//! must still work and still be deterministic, so this embedder maps a text's surface features
//! into the same 384 dimensions with no model at all. Texts that share words, word parts or
//! Japanese bigrams get similar vectors; synonyms and translations do not — that is what MiniLM
//! is for.
//!
//! Each feature is hashed with a fixed function (FNV-1a, then a 64-bit finaliser for an even
//! spread over 384 buckets) that never changes between builds or machines: vectors stored today
//! must be comparable with vectors computed next year. A change to the features, weights or hash
//! changes the vector space and therefore needs a new [`LEXICAL_MODEL_ID`].

mod features;

use crate::vector::l2_normalize;
use crate::{DIMENSIONS, EmbedError, Embedder};

/// The model id of [`LexicalEmbedder`] vectors.
pub const LEXICAL_MODEL_ID: &str = "iworkz/lexical-hash-v1";

/// Deterministic hashing embedder over [`DIMENSIONS`] dimensions; see the module docs.
#[derive(Debug, Clone, Copy, Default)]
pub struct LexicalEmbedder;

impl LexicalEmbedder {
    pub fn new() -> Self {
        Self
    }

    /// The unit vector of one text; the zero vector when the text has no features (empty,
    /// punctuation only, or stopwords only).
    pub fn embed_text(&self, text: &str) -> Vec<f32> {
        let mut vector = vec![0.0f32; DIMENSIONS];
        features::for_each_feature(text, |kind, feature, weight| {
            let hash = feature_hash(kind as u8, feature);
            let index = (hash % DIMENSIONS as u64) as usize;
            // Signed hashing: colliding features cancel out on average instead of piling up.
            let sign = if hash >> 63 == 0 { 1.0 } else { -1.0 };
            vector[index] += sign * weight;
        });
        l2_normalize(&mut vector);
        vector
    }
}

impl Embedder for LexicalEmbedder {
    fn model_id(&self) -> &str {
        LEXICAL_MODEL_ID
    }

    fn dimensions(&self) -> usize {
        DIMENSIONS
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        Ok(texts.iter().map(|text| self.embed_text(text)).collect())
    }
}

fn feature_hash(kind: u8, feature: &str) -> u64 {
    fmix64(fnv1a(std::iter::once(kind).chain(feature.bytes())))
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.into_iter().fold(OFFSET_BASIS, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

/// MurmurHash3's 64-bit finaliser: FNV's low bits, which pick the bucket, mix poorly on their own.
fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cosine_similarity;

    fn similarity(a: &str, b: &str) -> f32 {
        let embedder = LexicalEmbedder::new();
        cosine_similarity(&embedder.embed_text(a), &embedder.embed_text(b))
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(*b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(*b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(*b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn vectors_are_deterministic_across_builds() {
        // Pinned (computed independently of this code): if it changes, stored lexical vectors no
        // longer match new ones, and LEXICAL_MODEL_ID must change with it.
        assert_eq!(feature_hash(b'w', "rust"), 0xda88_f084_95c9_0753);
        let embedder = LexicalEmbedder::new();
        let text = "Rust engineer, PostgreSQL, 介護福祉士";
        assert_eq!(embedder.embed_text(text), embedder.embed_text(text));
    }

    #[test]
    fn vectors_have_the_model_dimensions_and_unit_length() {
        let embedder = LexicalEmbedder::new();
        let vectors = embedder
            .embed(&[
                "Backend engineer with Go and Kubernetes",
                "介護職員（日勤のみ）",
            ])
            .unwrap();
        for vector in vectors {
            assert_eq!(vector.len(), 384);
            let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-5, "norm {norm}");
        }
    }

    #[test]
    fn text_without_features_embeds_to_the_zero_vector() {
        let embedder = LexicalEmbedder::new();
        assert!(embedder.embed_text("").iter().all(|&x| x == 0.0));
        assert!(
            embedder
                .embed_text(" - the, and; ")
                .iter()
                .all(|&x| x == 0.0)
        );
    }

    #[test]
    fn postgresql_is_closer_to_sql_than_to_kotlin() {
        let sql = similarity("PostgreSQL", "SQL");
        let kotlin = similarity("PostgreSQL", "Kotlin");
        assert!(sql > 0.1, "PostgreSQL~SQL {sql}");
        assert!(
            sql > kotlin + 0.1,
            "PostgreSQL~SQL {sql}, PostgreSQL~Kotlin {kotlin}"
        );
    }

    #[test]
    fn japanese_occupations_sharing_a_bigram_are_similar() {
        let related = similarity("介護福祉士", "介護職");
        let unrelated = similarity("介護福祉士", "ソフトウェアエンジニア");
        assert!(related > 0.25, "介護福祉士~介護職 {related}");
        assert!(
            related > unrelated + 0.2,
            "related {related}, unrelated {unrelated}"
        );
    }

    #[test]
    fn case_and_width_do_not_matter() {
        assert!((similarity("Kubernetes", "ＫＵＢＥＲＮＥＴＥＳ") - 1.0).abs() < 1e-5);
    }
}
