//! The features the lexical embedder hashes: what in a text counts as "the same word".
//!
//! Profiles and postings mix English and Japanese, often in one line ("Java開発経験3年"). Japanese
//! has no spaces, so words cannot be split without a dictionary; overlapping character bigrams
//! are the standard dictionary-free stand-in (介護福祉士 and 介護職 share 介護). Space-separated
//! scripts are cut into whole words, plus character trigrams of each word so that a compound and
//! its parts meet (PostgreSQL and SQL share `sql` and `ql$`), and so do inflections (engineer,
//! engineering).

use unicode_normalization::UnicodeNormalization;

/// What a feature was cut from. It is hashed with the feature, so the word `go` and the trigram
/// `go$` or a bigram with the same letters land on unrelated dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(super) enum Kind {
    Word = b'w',
    Trigram = b't',
    Bigram = b'b',
    Unigram = b'u',
}

/// A trigram is a weaker sign of shared meaning than a whole word or a bigram.
const TRIGRAM_WEIGHT: f32 = 0.5;

/// English function words: in 40 to 80 words of prose they would outweigh the skills and
/// occupations the vectors are meant to compare.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "i", "in", "is",
    "it", "its", "me", "my", "of", "on", "or", "our", "that", "the", "this", "to", "was", "we",
    "will", "with", "you", "your",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Letters and digits of space-separated scripts.
    Word,
    /// Han, kana and Hangul: scripts whose words are not separated by spaces.
    Cjk,
    /// Spaces, punctuation and symbols: separators.
    Other,
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Other
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005..=0x3006         // 々 〆
        | 0x3041..=0x309F       // hiragana
        | 0x30A1..=0x30FA       // katakana (without the ・ separator)
        | 0x30FC..=0x30FF       // ー and katakana iteration marks
        | 0x31F0..=0x31FF       // katakana phonetic extensions
        | 0x3400..=0x4DBF       // CJK extension A
        | 0x4E00..=0x9FFF       // CJK unified ideographs
        | 0xF900..=0xFAFF       // CJK compatibility ideographs
        | 0x20000..=0x2FA1F     // CJK extensions B and later
        | 0x1100..=0x11FF       // Hangul jamo
        | 0x3130..=0x318F       // Hangul compatibility jamo
        | 0xAC00..=0xD7AF       // Hangul syllables
    )
}

fn is_hiragana(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x309F)
}

/// `+` and `#` after a letter belong to the word, so C++ and C# are not read as C.
fn continues_word(c: char, word: &str) -> bool {
    matches!(c, '+' | '#') && !word.is_empty()
}

/// Calls `emit(kind, feature, weight)` for every feature of `text`, after NFKC (full-width
/// Latin and half-width kana become their ordinary forms) and lower-casing.
pub(super) fn for_each_feature(text: &str, mut emit: impl FnMut(Kind, &str, f32)) {
    let normalized: String = text.nfkc().flat_map(char::to_lowercase).collect();
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let mut scratch = String::new();
    for c in normalized.chars() {
        match class(c) {
            Class::Word => {
                emit_cjk_run(&cjk, &mut scratch, &mut emit);
                cjk.clear();
                word.push(c);
            }
            Class::Other if continues_word(c, &word) => word.push(c),
            Class::Cjk => {
                emit_word(&word, &mut scratch, &mut emit);
                word.clear();
                cjk.push(c);
            }
            Class::Other => {
                emit_word(&word, &mut scratch, &mut emit);
                word.clear();
                emit_cjk_run(&cjk, &mut scratch, &mut emit);
                cjk.clear();
            }
        }
    }
    emit_word(&word, &mut scratch, &mut emit);
    emit_cjk_run(&cjk, &mut scratch, &mut emit);
}

fn emit_word(word: &str, scratch: &mut String, emit: &mut impl FnMut(Kind, &str, f32)) {
    if word.is_empty() || STOPWORDS.contains(&word) {
        return;
    }
    emit(Kind::Word, word, 1.0);
    // `^` and `$` mark the word's edges, so `sql$` (a word ending in sql) differs from `sql`.
    let marked: Vec<char> = std::iter::once('^')
        .chain(word.chars())
        .chain(std::iter::once('$'))
        .collect();
    for window in marked.windows(3) {
        scratch.clear();
        scratch.extend(window);
        emit(Kind::Trigram, scratch, TRIGRAM_WEIGHT);
    }
}

/// Overlapping bigrams of a run; a run of one character is its own feature. Bigrams of two
/// hiragana are skipped: in Japanese prose they are mostly grammar (です, ます, して), while the
/// words that tell postings apart are written in kanji and katakana.
fn emit_cjk_run(run: &[char], scratch: &mut String, emit: &mut impl FnMut(Kind, &str, f32)) {
    if let [single] = run {
        scratch.clear();
        scratch.push(*single);
        emit(Kind::Unigram, scratch, 1.0);
        return;
    }
    for pair in run.windows(2) {
        if pair.iter().all(|&c| is_hiragana(c)) {
            continue;
        }
        scratch.clear();
        scratch.extend(pair);
        emit(Kind::Bigram, scratch, 1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(text: &str) -> Vec<(Kind, String)> {
        let mut out = Vec::new();
        for_each_feature(text, |kind, feature, _| {
            out.push((kind, feature.to_owned()))
        });
        out
    }

    fn of_kind(text: &str, kind: Kind) -> Vec<String> {
        features(text)
            .into_iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, f)| f)
            .collect()
    }

    #[test]
    fn latin_words_are_lowercased_and_cut_into_marked_trigrams() {
        assert_eq!(of_kind("SQL", Kind::Word), ["sql"]);
        assert_eq!(of_kind("SQL", Kind::Trigram), ["^sq", "sql", "ql$"]);
        assert!(of_kind("PostgreSQL", Kind::Trigram).contains(&"ql$".to_owned()));
    }

    #[test]
    fn full_width_latin_is_read_as_ordinary_latin() {
        assert_eq!(
            of_kind("ＳＱＬ　Ｓｅｒｖｅｒ", Kind::Word),
            ["sql", "server"]
        );
    }

    #[test]
    fn stopwords_are_dropped() {
        assert_eq!(
            of_kind("The engineer and the nurse", Kind::Word),
            ["engineer", "nurse"]
        );
    }

    #[test]
    fn plus_and_hash_stay_on_their_word() {
        assert_eq!(of_kind("C++, C# and C.", Kind::Word), ["c++", "c#", "c"]);
    }

    #[test]
    fn japanese_is_cut_into_bigrams_between_separators() {
        assert_eq!(
            of_kind("介護福祉士", Kind::Bigram),
            ["介護", "護福", "福祉", "祉士"]
        );
        assert_eq!(
            of_kind("ソフトウェア・エンジニア", Kind::Bigram).len(),
            5 + 4
        );
    }

    #[test]
    fn half_width_katakana_is_read_as_full_width() {
        assert_eq!(
            of_kind("ｴﾝｼﾞﾆｱ", Kind::Bigram),
            of_kind("エンジニア", Kind::Bigram)
        );
    }

    #[test]
    fn mixed_script_text_splits_where_the_script_changes() {
        assert_eq!(of_kind("Java開発経験3年", Kind::Word), ["java", "3"]);
        assert_eq!(
            of_kind("Java開発経験3年", Kind::Bigram),
            ["開発", "発経", "経験"]
        );
        assert_eq!(of_kind("Java開発経験3年", Kind::Unigram), ["年"]);
    }

    #[test]
    fn hiragana_only_bigrams_are_skipped() {
        assert_eq!(of_kind("介護をします", Kind::Bigram), ["介護", "護を"]);
    }
}
