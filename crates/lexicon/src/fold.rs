//! Folding text so that the spellings of one word meet: what both the index and the query
//! go through before they are compared.
//!
//! - NFKC (full-width `ＲＵＳＴ` → `rust`, half-width `ｶｲｺﾞ` → `カイゴ`), then lower case;
//! - Latin letters lose their accents (`Tōkyō` → `tokyo`);
//! - hiragana becomes katakana (`かいご` = `カイゴ`), so a reading typed either way meets;
//! - the long-vowel mark after a kana is dropped (`プログラマー` = `プログラマ`, `サーバー` =
//!   `サバ`): Japanese writes many loanwords both ways, and a dropped mark never makes two
//!   words of one occupation differ.
//!
//! Romaji is folded apart ([`romaji_key`]): long vowels written `ou`, `oo`, `uu`, `ā` all
//! become one vowel, so `toukyou`, `tookyoo` and `tokyo` are one key.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

const LONG_VOWEL: char = 'ー';

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}')
}

/// Hiragana as katakana; everything else unchanged.
fn katakana(c: char) -> char {
    match c {
        '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        _ => c,
    }
}

/// `text` folded: NFKC, lower case, Latin accents dropped, hiragana as katakana, long-vowel
/// marks after kana dropped.
pub fn fold(text: &str) -> String {
    let normal: String = text.nfkc().collect::<String>().to_lowercase();
    let mut out = String::with_capacity(normal.len());
    let mut previous: Option<char> = None;
    for c in normal.chars() {
        if c == LONG_VOWEL && previous.is_some_and(is_kana) {
            continue;
        }
        if c.is_ascii() || !c.is_alphabetic() || is_cjk(c) {
            out.push(katakana(c));
        } else {
            // A Latin letter with an accent: its base letter.
            out.extend(c.to_string().nfd().filter(|c| !is_combining_mark(*c)));
        }
        previous = Some(c);
    }
    out
}

/// Han, kana and Hangul: the scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3006}'           // 々 〆
        | '\u{3040}'..='\u{309F}'         // Hiragana
        | '\u{30A0}'..='\u{30FF}'         // Katakana (with ー)
        | '\u{31F0}'..='\u{31FF}'         // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'         // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'         // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'         // CJK compatibility ideographs
        | '\u{1100}'..='\u{11FF}'         // Hangul jamo
        | '\u{3130}'..='\u{318F}'         // Hangul compatibility jamo
        | '\u{AC00}'..='\u{D7AF}'         // Hangul syllables
        | '\u{20000}'..='\u{2FFFF}'       // CJK extensions B and later
    )
}

/// A romaji word with its long vowels folded (`toukyou`, `tookyoo` → `tokyo`; `kyuushuu` →
/// `kyushu`; `ginou` → `gino`), for comparing romaji however it was typed. Applied to English
/// words too, consistently on both sides of a comparison.
pub fn romaji_key(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        let long = match c {
            'o' => matches!(chars.peek(), Some('o' | 'u')),
            'a' | 'i' | 'u' | 'e' => chars.peek() == Some(&c),
            _ => false,
        };
        if long {
            chars.next();
        }
    }
    out
}

/// The katakana a romaji word reads as, folded, when the whole word is romaji (`kaigo` →
/// `カイゴ`); none for words that are not (`rust`, `engineer`).
pub fn kana_of_romaji(word: &str) -> Option<String> {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let kana = wana_kana::ConvertJapanese::to_katakana(word);
    kana.chars()
        .all(|c| is_kana(c) || c == LONG_VOWEL)
        .then(|| fold(&kana))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_cases_accents_and_scripts_meet() {
        assert_eq!(fold("ＲＵＳＴ"), "rust");
        assert_eq!(fold("ｶｲｺﾞ"), fold("かいご"));
        assert_eq!(fold("かいご"), "カイゴ");
        assert_eq!(fold("Tōkyō"), "tokyo");
        assert_eq!(fold("プログラマー"), fold("プログラマ"));
        assert_eq!(fold("サーバー"), "サバ");
        // The mark after a kanji or a Latin letter is not a long vowel.
        assert_eq!(fold("東京ー"), "東京ー");
        assert_eq!(fold("介護 東京都"), "介護 東京都");
    }

    #[test]
    fn romaji_long_vowels_fold() {
        assert_eq!(romaji_key("toukyou"), "tokyo");
        assert_eq!(romaji_key("tookyoo"), "tokyo");
        assert_eq!(romaji_key("oosaka"), "osaka");
        assert_eq!(romaji_key("kyuushuu"), "kyushu");
        assert_eq!(romaji_key("tsuuyaku"), "tsuyaku");
        assert_eq!(romaji_key("tokyo"), "tokyo");
    }

    #[test]
    fn romaji_words_read_as_kana() {
        assert_eq!(kana_of_romaji("kaigo").as_deref(), Some("カイゴ"));
        assert_eq!(kana_of_romaji("hoteru").as_deref(), Some("ホテル"));
        assert_eq!(kana_of_romaji("rust"), None);
        assert_eq!(kana_of_romaji("go"), None);
    }
}
