//! The search tokens with the Japanese dictionary installed (a process of its own: the
//! dictionary is process-wide): what the index holds beside the bigrams, and the forms a
//! Japanese keyword is matched in.

use jobs::service::search::tokens::{
    BIGRAM_ANALYSIS, MORPHEME_ANALYSIS, analysis, bigram_tokens, keyword_forms, tokens,
};

fn strings(tokens: &[&str]) -> Vec<String> {
    tokens.iter().map(|token| token.to_string()).collect()
}

#[tokio::test]
async fn with_the_dictionary_the_index_holds_base_forms_and_keywords_lose_their_particles() {
    assert_eq!(analysis(), BIGRAM_ANALYSIS);
    assert!(
        keyword_forms("データを分析する").is_empty(),
        "nothing without it"
    );
    morphology::ensure_dictionary()
        .await
        .expect("the Japanese dictionary is fetched or present (scripts/test.sh fetches it)");
    assert_eq!(analysis(), MORPHEME_ANALYSIS);

    // The index: the bigrams as before, then the base forms' bigrams.
    let indexed = tokens("利用者の食事を手伝います");
    let plain = bigram_tokens("利用者の食事を手伝います");
    assert_eq!(indexed[..plain.len()], plain[..]);
    assert_eq!(indexed[plain.len()..], strings(&["手伝", "伝ウ"]));
    assert_eq!(tokens("Rust engineer"), ["rust", "engineer"]);

    // A keyword: its content words, then with base forms when a word is inflected.
    assert_eq!(
        keyword_forms("データを分析する"),
        [strings(&["デタ", "分析"])]
    );
    assert_eq!(
        keyword_forms("食事を手伝って"),
        [
            strings(&["食事", "手伝", "伝ッ"]),
            strings(&["食事", "手伝", "伝ウ"])
        ]
    );
    // Hiragana alone is matched as written; other scripts are not the dictionary's.
    assert!(keyword_forms("かいご").is_empty());
    assert!(keyword_forms("engineer").is_empty());
}
