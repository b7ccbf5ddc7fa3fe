//! Search tokens, computed here so that PostgreSQL and SQLite index and match exactly the same
//! terms, with no dictionary to download:
//!
//! - text is folded by `lexicon::fold` (NFKC: full-width `ＲＵＳＴ` and half-width `ｴﾝｼﾞﾆｱ`
//!   become `rust` and `エンジニア`; lower case; hiragana as katakana; the long-vowel mark after
//!   kana dropped, so `プログラマー` = `プログラマ`); `c++`, `c#`, `f#` and `.net` become `cpp`,
//!   `csharp`, `fsharp` and `dotnet` first, so they survive as words;
//! - runs of letters and digits outside the CJK scripts are whole-word tokens (`rust`, `go`);
//! - runs of Han, Hiragana, Katakana or Hangul become overlapping character bigrams
//!   (`東京都` → `東京 京都`), a single character a unigram: without word boundaries in
//!   Japanese, bigrams find every two-character word (`東京`, `介護`, `営業`) and, all of a
//!   longer word's bigrams together, longer ones (`エンジニア`);
//! - anything else separates tokens.
//!
//! - with the Japanese dictionary (`morphology`, IPADIC), the base form of every inflected verb
//!   and adjective is indexed too, as bigrams (`働いています` also gives `働ク`), so a query
//!   in one form finds the others.
//!
//! Queries are read by `lexicon` first (see `plan`): place names, occupations and the like
//! become structured conditions, and only the words left are matched as these tokens, so the
//! bigrams' false friends (`京都` inside `東京都`) never decide a place. A Japanese keyword
//! left over is also read by the dictionary ([`keyword_forms`]): its content words without
//! the particles between them (`データを分析する` needs `データ` and `分析`, not `タを`), and
//! the same with inflected words in their base form. Both index forms hold the plain bigrams,
//! so an index written without the dictionary still answers every query, and one written
//! with it answers queries read without it.

use lexicon::fold::{fold, is_cjk};

/// The text analysis of bigrams alone.
pub const BIGRAM_ANALYSIS: i64 = 2;
/// Bigrams and the base forms of inflected words (the dictionary is loaded).
pub const MORPHEME_ANALYSIS: i64 = 3;

/// The version of the text analysis this process writes: an index written by a lower one is
/// rebuilt (see `index::rebuild_search_index_if_stale`).
pub fn analysis() -> i64 {
    if morphology::installed().is_some() {
        MORPHEME_ANALYSIS
    } else {
        BIGRAM_ANALYSIS
    }
}

/// The most tokens one query may use; more words than this are refused by the schema first.
pub const MAX_QUERY_TOKENS: usize = 64;

/// Spellings that would lose their meaning as words, in lower case after NFKC.
const REWRITES: [(&str, &str); 4] = [
    ("c++", " cpp "),
    ("c#", " csharp "),
    ("f#", " fsharp "),
    (".net", " dotnet "),
];

fn flush_cjk(run: &mut Vec<char>, out: &mut Vec<String>) {
    match run.len() {
        0 => {}
        1 => out.push(run[0].to_string()),
        _ => out.extend(run.windows(2).map(|pair| pair.iter().collect())),
    }
    run.clear();
}

fn flush_word(word: &mut String, out: &mut Vec<String>) {
    if !word.is_empty() {
        out.push(std::mem::take(word));
    }
}

/// The tokens of `text` as the index holds them, in order, repeats kept: [`bigram_tokens`],
/// then with the dictionary the bigrams of the base forms of its inflected words.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = bigram_tokens(text);
    if let Some(analyser) = morphology::installed() {
        for base in analyser.inflected_bases(text) {
            out.extend(bigram_tokens(&base));
        }
    }
    out
}

/// Whether a query keyword is worth reading with the dictionary: it holds kanji or katakana
/// (IPADIC splits text in hiragana alone unreliably, `かいご` as `かい`+`ご`; such a keyword
/// is matched as written).
fn worth_analysing(keyword: &str) -> bool {
    keyword
        .chars()
        .any(|c| is_cjk(c) && !('\u{3040}'..='\u{309F}').contains(&c) && c != 'ー')
}

/// The forms a Japanese query keyword (as written) is also matched in, with the dictionary:
/// its content words' tokens without the particles between them, and the same with inflected
/// words in their base form. Empty without the dictionary, for other scripts and for
/// hiragana alone.
pub fn keyword_forms(keyword: &str) -> Vec<Vec<String>> {
    let Some(analyser) = morphology::installed() else {
        return Vec::new();
    };
    if !worth_analysing(keyword) {
        return Vec::new();
    }
    let groups = analyser.groups(keyword);
    let as_written: Vec<String> = groups
        .iter()
        .flat_map(|group| bigram_tokens(&group.surface))
        .collect();
    let base_forms: Vec<String> = groups
        .iter()
        .flat_map(|group| bigram_tokens(&group.base_form))
        .collect();
    let mut forms = Vec::new();
    for form in [as_written, base_forms] {
        if !form.is_empty() && !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

/// The tokens of `text` by characters alone, in order, repeats kept.
pub fn bigram_tokens(text: &str) -> Vec<String> {
    let mut normal = fold(text);
    for (from, to) in REWRITES {
        if normal.contains(from) {
            normal = normal.replace(from, to);
        }
    }
    let mut out = Vec::new();
    let mut word = String::new();
    let mut run: Vec<char> = Vec::new();
    for c in normal.chars() {
        if is_cjk(c) {
            flush_word(&mut word, &mut out);
            run.push(c);
        } else if c.is_alphanumeric() {
            flush_cjk(&mut run, &mut out);
            word.push(c);
        } else {
            flush_word(&mut word, &mut out);
            flush_cjk(&mut run, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_cjk(&mut run, &mut out);
    out
}

/// The distinct tokens of `text`, space-separated, as the index stores them.
pub fn indexed(text: &str) -> String {
    let mut seen = std::collections::HashSet::new();
    tokens(text)
        .into_iter()
        .filter(|token| seen.insert(token.clone()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The distinct tokens a query must all match, in order, at most [`MAX_QUERY_TOKENS`].
pub fn query_tokens(query: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tokens(query)
        .into_iter()
        .filter(|token| seen.insert(token.clone()))
        .take(MAX_QUERY_TOKENS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_becomes_bigrams_and_english_words() {
        assert_eq!(
            tokens("東京都の介護"),
            ["東京", "京都", "都ノ", "ノ介", "介護"]
        );
        assert_eq!(tokens("エンジニア"), ["エン", "ンジ", "ジニ", "ニア"]);
        assert_eq!(tokens("港"), ["港"]);
        assert_eq!(
            tokens("Backend Engineer (Rust / GraphQL)"),
            ["backend", "engineer", "rust", "graphql"]
        );
        assert_eq!(
            tokens("Rustエンジニア東京"),
            ["rust", "エン", "ンジ", "ジニ", "ニア", "ア東", "東京"]
        );
    }

    #[test]
    fn widths_and_symbols_are_normalised() {
        assert_eq!(tokens("ＲＵＳＴ ｴﾝｼﾞﾆｱ"), tokens("rust エンジニア"));
        assert_eq!(tokens("プログラマー"), tokens("プログラマ"));
        assert_eq!(tokens("かいご"), tokens("カイゴ"));
        assert_eq!(tokens("C++ / C# / .NET"), ["cpp", "csharp", "dotnet"]);
        assert_eq!(tokens("한국어 가능"), ["한국", "국어", "가능"]);
    }

    #[test]
    fn queries_are_distinct_and_bounded() {
        assert_eq!(query_tokens("rust RUST 東京"), ["rust", "東京"]);
        let long =
            "word ".repeat(1_000) + &(0..1_000).map(|n| format!("w{n} ")).collect::<String>();
        assert_eq!(query_tokens(&long).len(), MAX_QUERY_TOKENS);
        assert_eq!(indexed("介護 介護士"), "介護 護士");
    }
}
