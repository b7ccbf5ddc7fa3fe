//! Reading a search query: typos corrected against the words the platform knows, then the
//! longest phrases recognised as places, occupations, statuses of residence, employment types
//! and qualifiers, and what is left over kept as keywords.

use crate::fold::kana_of_romaji;
use crate::meaning::Meaning;
use crate::phrases::{PARTICLES, table};
use crate::units::{Unit, units, word_key};
use unicode_normalization::UnicodeNormalization;

/// A phrase of the query and what it stands for.
#[derive(Clone, Debug, PartialEq)]
pub struct Recognised {
    /// The phrase as written, after width normalisation and lower case (`東京`, `care
    /// worker`).
    pub text: String,
    /// The phrase folded, as matched against the postings' text (`パート` → `パト`).
    pub folded: String,
    pub meaning: Meaning,
}

/// Query text that names no field: matched against the postings' text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keyword {
    /// Folded: a Latin word, or a run of CJK characters.
    pub text: String,
    /// As written (after width normalisation and lower case).
    pub surface: String,
    /// For a Latin word that reads as romaji, its katakana (`hoteru` → `ホテル`).
    pub kana: Option<String>,
}

/// A word taken for a misspelling of another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Correction {
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Understanding {
    pub recognised: Vec<Recognised>,
    pub keywords: Vec<Keyword>,
    pub corrections: Vec<Correction>,
}

impl Understanding {
    /// The query as it was understood after corrections, when there were any ("did you
    /// mean").
    pub fn corrected_query(&self, query: &str) -> Option<String> {
        if self.corrections.is_empty() {
            return None;
        }
        let mut text: String = query.nfkc().collect::<String>().to_lowercase();
        for correction in &self.corrections {
            text = text.replacen(&correction.from, &correction.to, 1);
        }
        Some(text)
    }
}

/// The words a search index holds, for telling a typo from a word the postings use.
pub trait KnownWords {
    /// Whether some posting holds `word` or another form of it (same stem).
    fn has(&self, word: &str) -> bool;
    /// The held word closest to `word` within `distance` edits.
    fn closest(&self, word: &str, distance: usize) -> Option<String>;
}

/// No index: only the phrase table's words are known.
pub struct NoIndex;

impl KnownWords for NoIndex {
    fn has(&self, _: &str) -> bool {
        false
    }

    fn closest(&self, _: &str, _: usize) -> Option<String> {
        None
    }
}

/// How many edits a misspelling of a word this long may hold: none under five letters, one up
/// to eight, two from nine.
pub fn typo_distance(word: &str) -> usize {
    match word.chars().count() {
        0..5 => 0,
        5..9 => 1,
        _ => 2,
    }
}

/// The phrase-table word closest to `word` within `distance` edits.
fn closest_phrase_word(word: &str, distance: usize) -> Option<String> {
    table()
        .spellings()
        .iter()
        .filter(|known| known.len().abs_diff(word.len()) <= distance)
        .map(|known| (strsim::levenshtein(word, known), known))
        .filter(|(edits, _)| *edits <= distance)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.len().cmp(&b.1.len())))
        .map(|(_, known)| known.clone())
}

fn correct(units: &mut [Unit], index: &dyn KnownWords) -> Vec<Correction> {
    let mut corrections = Vec::new();
    for unit in units.iter_mut() {
        let Unit::Word { folded: word, .. } = unit else {
            continue;
        };
        let distance = typo_distance(word);
        if distance == 0
            || !word.chars().all(|c| c.is_ascii_lowercase())
            || table().knows(&word_key(word))
            || index.has(word)
        {
            continue;
        }
        let Some(to) =
            closest_phrase_word(word, distance).or_else(|| index.closest(word, distance))
        else {
            continue;
        };
        corrections.push(Correction {
            from: word.clone(),
            to: to.clone(),
        });
        *unit = Unit::Word {
            folded: to.clone(),
            surface: to,
        };
    }
    corrections
}

/// Units joined as text: words apart, characters together. `surface` picks the text as
/// written, else as folded.
fn joined(units: &[Unit], surface: bool) -> String {
    let mut text = String::new();
    for (n, unit) in units.iter().enumerate() {
        let part = match (unit, surface) {
            (_, true) => unit.surface().to_owned(),
            (Unit::Word { folded, .. }, false) => folded.clone(),
            (Unit::Char { folded, .. }, false) => folded.to_string(),
        };
        let word_boundary = unit.word().is_some() || units[n.saturating_sub(1)].word().is_some();
        if n > 0 && word_boundary {
            text.push(' ');
        }
        text.push_str(&part);
    }
    text
}

/// Turns units no phrase took into keywords: each Latin word one, each run of CJK characters
/// one (particles at its ends dropped).
fn keywords(left: &[Unit], out: &mut Vec<Keyword>) {
    let mut run: Vec<Unit> = Vec::new();
    let flush = |run: &mut Vec<Unit>, out: &mut Vec<Keyword>| {
        // A particle is written in hiragana: `デ` of `データ` is part of a word, `で` is not.
        let is_particle = |unit: &Unit| {
            matches!(unit, Unit::Char { folded, surface }
                if PARTICLES.contains(folded)
                    && surface.chars().all(|c| ('\u{3040}'..='\u{309F}').contains(&c)))
        };
        let start = run.iter().position(|unit| !is_particle(unit));
        let end = run.iter().rposition(|unit| !is_particle(unit));
        if let (Some(start), Some(end)) = (start, end) {
            let kept = &run[start..=end];
            out.push(Keyword {
                text: joined(kept, false),
                surface: joined(kept, true),
                kana: None,
            });
        }
        run.clear();
    };
    for unit in left {
        match unit {
            Unit::Char { .. } => run.push(unit.clone()),
            Unit::Word { folded, surface } => {
                flush(&mut run, out);
                out.push(Keyword {
                    text: folded.clone(),
                    surface: surface.clone(),
                    kana: kana_of_romaji(folded),
                });
            }
        }
    }
    flush(&mut run, out);
}

/// What `query` asks for.
pub fn understand(query: &str, index: &dyn KnownWords) -> Understanding {
    let mut units = units(query);
    let corrections = correct(&mut units, index);
    let mut understanding = Understanding {
        corrections,
        ..Understanding::default()
    };
    let mut left: Vec<Unit> = Vec::new();
    let mut at = 0;
    while at < units.len() {
        match table().longest(&units[at..]) {
            Some((len, meaning)) => {
                keywords(&std::mem::take(&mut left), &mut understanding.keywords);
                if !matches!(meaning, Meaning::Filler) {
                    let recognised = Recognised {
                        text: joined(&units[at..at + len], true),
                        folded: joined(&units[at..at + len], false),
                        meaning,
                    };
                    if !understanding.recognised.contains(&recognised) {
                        understanding.recognised.push(recognised);
                    }
                }
                at += len;
            }
            None => {
                left.push(units[at].clone());
                at += 1;
            }
        }
    }
    keywords(&left, &mut understanding.keywords);
    understanding.keywords.dedup();
    understanding
}

/// The job categories the occupations named in `text` stand for (a title `Caregiver`,
/// `介護スタッフ` → `nursing_care`; a desired role `ホテルのフロント` → `accommodation`),
/// several names combined as [`combine_occupations`] does.
pub fn occupations_named(text: &str) -> Vec<&'static str> {
    let named: Vec<&'static [&'static str]> = understand(text, &NoIndex)
        .recognised
        .into_iter()
        .filter_map(|recognised| match recognised.meaning {
            Meaning::Occupation(categories) => Some(categories),
            _ => None,
        })
        .collect();
    combine_occupations(&named)
}

/// The job categories of a posting: its own `category`, or, when it has none (or `other`),
/// those its `titles` name, so that it is found and matched by its occupation in either
/// language like a categorised posting.
pub fn posting_occupations<'a>(category: Option<&'a str>, titles: &[&str]) -> Vec<&'a str> {
    if let Some(category) = category
        && category != "other"
    {
        return vec![category];
    }
    let mut found: Vec<&'a str> = Vec::new();
    for title in titles {
        for code in occupations_named(title) {
            if !found.contains(&code) {
                found.push(code);
            }
        }
    }
    found
}

/// The categories a query or title means when it names several occupations (each a set of
/// categories): what they all share (`エンジニア インフラ` → infrastructure); with nothing
/// shared, the categories of the most specific names, any of them (`machine learning
/// engineer` → data science; `介護 ドライバー` → care or driving).
pub fn combine_occupations(named: &[&'static [&'static str]]) -> Vec<&'static str> {
    let Some(first) = named.first() else {
        return Vec::new();
    };
    let shared: Vec<&'static str> = first
        .iter()
        .copied()
        .filter(|category| named.iter().all(|each| each.contains(category)))
        .collect();
    if !shared.is_empty() {
        return shared;
    }
    let fewest = named.iter().map(|each| each.len()).min().unwrap_or(0);
    let mut union: Vec<&'static str> = Vec::new();
    for category in named
        .iter()
        .filter(|each| each.len() == fewest)
        .flat_map(|each| each.iter())
    {
        if !union.contains(category) {
            union.push(category);
        }
    }
    union
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conditions::Qualifier;

    fn meanings(query: &str) -> Vec<String> {
        understand(query, &NoIndex)
            .recognised
            .iter()
            .map(|recognised| format!("{:?}", recognised.meaning))
            .collect()
    }

    fn keywords(query: &str) -> Vec<String> {
        understand(query, &NoIndex)
            .keywords
            .into_iter()
            .map(|keyword| keyword.text)
            .collect()
    }

    #[test]
    fn japanese_without_spaces_is_read_phrase_by_phrase() {
        assert_eq!(
            meanings("東京都の介護の仕事"),
            ["Prefecture(tokyo)", "Occupation([\"nursing_care\"])"]
        );
        assert!(keywords("東京都の介護の仕事").is_empty());
        assert_eq!(
            meanings("京都 ホテル"),
            ["Prefecture(kyoto)", "Occupation([\"accommodation\"])"]
        );
        assert_eq!(meanings("東京都"), ["Prefecture(tokyo)"]);
    }

    #[test]
    fn katakana_words_keep_the_letters_particles_are_written_with() {
        assert_eq!(keywords("データを分析する"), ["デタヲ分析スル"]);
        assert_eq!(keywords("で分析"), ["分析"]);
        assert_eq!(keywords("ガスで"), ["ガス"]);
    }

    #[test]
    fn mixed_queries_keep_what_names_no_field() {
        let understood = understand("Rust エンジニア 東京 寮付き", &NoIndex);
        assert_eq!(understood.recognised.len(), 2);
        let words: Vec<&str> = understood
            .keywords
            .iter()
            .map(|k| k.text.as_str())
            .collect();
        assert_eq!(words, ["rust", "寮付キ"]);
        let surfaces: Vec<&str> = understood
            .keywords
            .iter()
            .map(|k| k.surface.as_str())
            .collect();
        assert_eq!(surfaces, ["rust", "寮付き"]);
        assert_eq!(understand("パート", &NoIndex).recognised[0].text, "パート");
        assert_eq!(
            meanings("no japanese required tokyo"),
            ["Qualifier(no_japanese)", "Prefecture(tokyo)"]
        );
        assert_eq!(
            understand("未経験可", &NoIndex).recognised[0].meaning,
            Meaning::Qualifier(Qualifier::NoExperience)
        );
    }

    #[test]
    fn typos_are_corrected_and_said() {
        let understood = understand("caregivr tokyo", &NoIndex);
        assert_eq!(
            understood.corrections,
            [Correction {
                from: "caregivr".into(),
                to: "caregiver".into()
            }]
        );
        assert_eq!(
            understood.corrected_query("Caregivr Tokyo").as_deref(),
            Some("caregiver tokyo")
        );
        assert_eq!(
            meanings("interpretor"),
            ["Occupation([\"translation_interpretation\"])"]
        );
        // Short words are never corrected; unknown long words without a near word are kept.
        assert!(understand("rast", &NoIndex).corrections.is_empty());
        assert_eq!(keywords("zzzzzzzz"), ["zzzzzzzz"]);
    }

    #[test]
    fn occupations_named_in_titles_and_roles() {
        assert_eq!(
            occupations_named("Caregiver (night shifts)"),
            ["nursing_care"]
        );
        assert_eq!(
            occupations_named("【急募】介護スタッフ（東京都）"),
            ["nursing_care"]
        );
        assert_eq!(occupations_named("ホテルのフロント"), ["accommodation"]);
        assert_eq!(
            occupations_named("machine learning engineer"),
            ["data_science"]
        );
        assert!(occupations_named("Sakura Holdings").is_empty());
    }

    #[test]
    fn romaji_keywords_carry_their_kana() {
        let understood = understand("wagyuu", &NoIndex);
        assert_eq!(understood.keywords[0].kana.as_deref(), Some("ワギュウ"));
    }
}
