//! Text as units for phrase matching: each Latin word or number is one unit (keyed by its
//! English stem and folded romaji), each CJK character is one, so a phrase can be found inside
//! Japanese written without spaces (`東京都の介護` holds `東京都` and `介護`) and phrases that
//! mix scripts (`itエンジニア`, `特定技能1号`) are matched the same way.

use crate::fold::{fold, is_cjk, romaji_key};
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// One unit of text: folded for comparing, as written for showing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A Latin word or number.
    Word { folded: String, surface: String },
    /// One CJK character (with a long-vowel mark that follows it, in its surface).
    Char { folded: char, surface: String },
}

impl Unit {
    /// The key phrases are looked up by: a word's stem (romaji long vowels folded when it has
    /// four letters or more), a character itself.
    pub fn key(&self) -> String {
        match self {
            Self::Word { folded, .. } => word_key(folded),
            Self::Char { folded, .. } => folded.to_string(),
        }
    }

    pub fn surface(&self) -> &str {
        match self {
            Self::Word { surface, .. } | Self::Char { surface, .. } => surface,
        }
    }

    /// A Latin word, folded.
    pub fn word(&self) -> Option<&str> {
        match self {
            Self::Word { folded, .. } => Some(folded),
            Self::Char { .. } => None,
        }
    }
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The English stem of a folded word (`developers` → `develop`).
pub fn stem(word: &str) -> String {
    stemmer().stem(word).into_owned()
}

/// A word's lookup key: its stem, with romaji long vowels folded from four letters up.
pub fn word_key(word: &str) -> String {
    let stemmed = stem(word);
    if stemmed.chars().count() >= 4 {
        romaji_key(&stemmed)
    } else {
        stemmed
    }
}

/// The units of `text`; symbols and spaces separate words and are dropped (`・` too).
pub fn units(text: &str) -> Vec<Unit> {
    let normal: String = text.nfkc().collect::<String>().to_lowercase();
    let mut out: Vec<Unit> = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Unit>| {
        if !word.is_empty() {
            let surface = std::mem::take(word);
            out.push(Unit::Word {
                folded: fold(&surface),
                surface,
            });
        }
    };
    for c in normal.chars() {
        if c == '・' {
            flush(&mut word, &mut out);
        } else if is_cjk(c) {
            flush(&mut word, &mut out);
            match out.last_mut() {
                // A long-vowel mark after kana: part of that kana (folding drops it).
                Some(Unit::Char { folded, surface })
                    if c == 'ー' && fold(&format!("{folded}ー")).chars().count() == 1 =>
                {
                    surface.push(c)
                }
                _ => out.push(Unit::Char {
                    folded: fold(&c.to_string()).chars().next().unwrap_or(c),
                    surface: c.to_string(),
                }),
            }
        } else if c.is_alphanumeric() || ((c == '+' || c == '#') && !word.is_empty()) {
            // `c++`, `c#` keep their symbols.
            word.push(c);
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The lookup key of a run of units.
pub fn key(units: &[Unit]) -> String {
    units
        .iter()
        .map(Unit::key)
        .collect::<Vec<_>>()
        .join("\u{1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_characters() {
        let keys = |text: &str| units(text).iter().map(Unit::key).collect::<Vec<_>>();
        assert_eq!(
            keys("Rust エンジニア"),
            ["rust", "エ", "ン", "ジ", "ニ", "ア"]
        );
        assert_eq!(keys("C++ / c#"), ["c++", "c#"]);
        assert_eq!(keys("プログラマー"), keys("ぷろぐらま"));
        let surfaces = |text: &str| {
            units(text)
                .iter()
                .map(|unit| unit.surface().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(surfaces("パート Tōkyō"), ["パー", "ト", "tōkyō"]);
        assert_eq!(key(&units("Developers")), key(&units("developer")));
        assert_eq!(key(&units("toukyou")), key(&units("Tokyo")));
        assert_eq!(key(&units("技術・人文知識")), key(&units("技術人文知識")));
    }
}
