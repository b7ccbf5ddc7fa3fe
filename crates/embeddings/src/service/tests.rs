use std::sync::Mutex;

use super::*;
use crate::LexicalEmbedder;

/// The lexical embedder, recording every batch it is asked for.
#[derive(Default)]
struct Recording {
    batches: Mutex<Vec<Vec<String>>>,
}

impl Recording {
    fn batches(&self) -> Vec<Vec<String>> {
        self.batches.lock().unwrap().clone()
    }
}

impl Embedder for Recording {
    fn model_id(&self) -> &str {
        "test/recording"
    }

    fn dimensions(&self) -> usize {
        384
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        self.batches
            .lock()
            .unwrap()
            .push(texts.iter().map(|t| t.to_string()).collect());
        LexicalEmbedder::new().embed(texts)
    }
}

fn service() -> (Arc<Recording>, EmbeddingService) {
    let recording = Arc::new(Recording::default());
    let service = EmbeddingService::with_capacity(recording.clone(), 100, 1);
    (recording, service)
}

fn texts(items: &[&str]) -> Vec<String> {
    items.iter().map(|t| t.to_string()).collect()
}

#[tokio::test]
async fn cached_text_returns_the_same_vector_without_embedding_again() {
    let (recording, service) = service();
    let first = service.embed(texts(&["Rust", "Go"])).await.unwrap();
    let second = service.embed(texts(&["Go", "Kotlin"])).await.unwrap();

    assert!(Arc::ptr_eq(&first[1], &second[0]));
    assert_eq!(
        recording.batches(),
        vec![texts(&["Rust", "Go"]), texts(&["Kotlin"])]
    );
}

#[tokio::test]
async fn all_hits_do_not_call_the_embedder() {
    let (recording, service) = service();
    service.embed(texts(&["Rust"])).await.unwrap();
    service.embed(texts(&["Rust", "Rust"])).await.unwrap();
    assert_eq!(recording.batches().len(), 1);
}

#[tokio::test]
async fn repeated_text_in_one_call_is_embedded_once_and_returned_in_every_place() {
    let (recording, service) = service();
    let vectors = service.embed(texts(&["SQL", "Go", "SQL"])).await.unwrap();
    assert_eq!(recording.batches(), vec![texts(&["SQL", "Go"])]);
    assert_eq!(vectors.len(), 3);
    assert!(Arc::ptr_eq(&vectors[0], &vectors[2]));
    assert_eq!(
        &*vectors[1],
        LexicalEmbedder::new().embed_text("Go").as_slice()
    );
}

#[tokio::test]
async fn too_many_texts_are_refused_with_the_limit_in_the_message() {
    let (recording, service) = service();
    let error = service
        .embed(vec!["text".to_owned(); MAX_TEXTS_PER_CALL + 1])
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        EmbedError::TooManyTexts {
            given: 257,
            max: 256
        }
    ));
    assert_eq!(
        error.to_string(),
        "257 texts in one call; at most 256 may be embedded at once"
    );
    assert!(recording.batches().is_empty());
    assert!(
        service
            .embed(vec!["text".to_owned(); MAX_TEXTS_PER_CALL])
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn long_text_is_cut_on_a_character_boundary_before_embedding() {
    let (recording, service) = service();
    // Two bytes of ASCII, then three-byte kanji: the limit (16 KiB) falls inside a character,
    // one byte before its end.
    let long = format!("ab{}", "護".repeat(MAX_TEXT_BYTES));
    service.embed(vec![long.clone()]).await.unwrap();

    let seen = &recording.batches()[0][0];
    assert_eq!(seen.len(), MAX_TEXT_BYTES - 2);
    assert!(long.starts_with(seen.as_str()));
}

#[tokio::test]
async fn texts_sharing_the_embedded_prefix_share_a_cache_entry() {
    let (recording, service) = service();
    let base = "x".repeat(MAX_TEXT_BYTES);
    service
        .embed(vec![format!("{base} tail one")])
        .await
        .unwrap();
    service
        .embed(vec![format!("{base} tail two")])
        .await
        .unwrap();
    assert_eq!(recording.batches().len(), 1);
}

#[tokio::test]
async fn vectors_of_the_wrong_length_are_rejected() {
    struct Short;
    impl Embedder for Short {
        fn model_id(&self) -> &str {
            "test/short"
        }
        fn dimensions(&self) -> usize {
            384
        }
        fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
            Ok(texts.iter().map(|_| vec![1.0; 3]).collect())
        }
    }
    let service = EmbeddingService::new(Arc::new(Short));
    let error = service.embed(texts(&["a"])).await.unwrap_err();
    assert!(matches!(error, EmbedError::Malformed { .. }), "{error}");
}

#[tokio::test]
async fn embedder_errors_reach_the_caller_and_nothing_is_cached() {
    struct Failing;
    impl Embedder for Failing {
        fn model_id(&self) -> &str {
            "test/failing"
        }
        fn dimensions(&self) -> usize {
            384
        }
        fn embed(&self, _: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
            Err(EmbedError::Tokenizer("refused".to_owned()))
        }
    }
    let service = EmbeddingService::new(Arc::new(Failing));
    assert!(service.embed(texts(&["a"])).await.is_err());
    assert_eq!(service.cache.entry_count(), 0);
}
