//! all-MiniLM-L6-v2 as run here against the model as published.
//!
//! These tests need the model files. They look where the services do (`EMBEDDING_MODEL_DIR`, else
//! `data/models/all-MiniLM-L6-v2` in the workspace) and fail, naming `scripts/fetch-model.sh`, when
//! the files are not there: a skipped test would let a broken encoder pass unnoticed.

use std::path::Path;
use std::sync::OnceLock;

use embeddings::{Embedder, MAX_TOKENS, MiniLm, ModelChoice, cosine_similarity};

fn model() -> &'static MiniLm {
    static MODEL: OnceLock<Result<MiniLm, String>> = OnceLock::new();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let loaded = MODEL.get_or_init(|| {
        MiniLm::load(&ModelChoice::MiniLm.dir(&workspace)).map_err(|e| e.to_string())
    });
    match loaded {
        Ok(model) => model,
        Err(error) => panic!("{error}"),
    }
}

fn embed(texts: &[&str]) -> Vec<Vec<f32>> {
    model().embed(texts).expect("embedding failed")
}

/// The sentence-transformers quickstart encodes these three sentences with this model and prints
/// their similarity matrix; matching it to three decimals means tokenizer, weights, encoder,
/// pooling and normalisation all agree with the reference implementation.
#[test]
fn similarities_match_the_published_quickstart_figures() {
    let vectors = embed(&[
        "The weather is lovely today.",
        "It's so sunny outside!",
        "He drove to the stadium.",
    ]);
    let published = [
        [1.0000, 0.6660, 0.1046],
        [0.6660, 1.0000, 0.1411],
        [0.1046, 0.1411, 1.0000],
    ];
    for (i, row) in published.iter().enumerate() {
        for (j, &expected) in row.iter().enumerate() {
            let ours = cosine_similarity(&vectors[i], &vectors[j]);
            assert!(
                (ours - expected).abs() < 0.005,
                "similarity[{i}][{j}] = {ours:.4}, published {expected:.4}"
            );
        }
    }
}

#[test]
fn vectors_have_384_dimensions_and_unit_length() {
    assert_eq!(model().dimensions(), 384);
    for vector in embed(&["Nurse with JLPT N2", "介護福祉士", ""]) {
        assert_eq!(vector.len(), 384);
        let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
    }
}

/// A batch is padded to its longest text; the padding must not leak into the short texts.
#[test]
fn batched_vectors_equal_one_at_a_time_vectors() {
    let texts = [
        "Go",
        "Senior backend engineer: Rust, PostgreSQL and Kubernetes, five years in fintech.",
        "介護職員（日勤のみ）",
        "It's so sunny outside!",
    ];
    let batched = embed(&texts);
    for (text, batched) in texts.iter().zip(&batched) {
        let alone = &embed(&[text])[0];
        let largest_gap = alone
            .iter()
            .zip(batched)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        assert!(
            largest_gap < 1e-5,
            "{text:?}: batched differs by {largest_gap}"
        );
    }
}

/// BERT has 512 positions; a longer text must be cut at 256 tokens, not fail, and what lies
/// beyond the cut must not change the vector.
#[test]
fn long_texts_are_truncated_at_256_tokens() {
    let sentence = "Our team builds the payment platform used by hospitals across Japan. ";
    let long = sentence.repeat(60);
    assert_eq!(model().tokens(&long).unwrap().len(), MAX_TOKENS);

    let with_other_tail = format!("{long} Completely different closing words about cooking.");
    let vectors = embed(&[&long, &with_other_tail]);
    assert!(cosine_similarity(&vectors[0], &vectors[1]) > 0.99999);
}

/// The English vocabulary's gaps that make Japanese vectors unreliable (see the crate docs).
#[test]
fn japanese_outside_the_english_vocabulary_reads_as_unknown() {
    let tokens = model().tokens("介護福祉士").unwrap();
    assert_eq!(
        tokens,
        ["[CLS]", "介", "[UNK]", "福", "[UNK]", "士", "[SEP]"]
    );
    let tokens = model().tokens("ソフトウェアエンジニア").unwrap();
    assert_eq!(tokens, ["[CLS]", "[UNK]", "[SEP]"]);
}
