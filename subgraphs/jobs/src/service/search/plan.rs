//! From a query to what the in-memory index checks: `lexicon` reads the query (typos
//! corrected against the index's words, places, occupations, statuses of residence,
//! employment types and qualifiers recognised), and this turns the reading into conditions on
//! the postings' fields and clauses on their text.
//!
//! - A place is a condition on the prefecture (or the city) field, never on the text: `京都`
//!   finds Kyoto's postings and not Tokyo's `東京都` text.
//! - An occupation holds for a posting of its job categories, or one whose title or skills
//!   name it: an English title finds Japanese-only postings of the same category and the
//!   reverse.
//! - A status of residence, an employment type or a qualifier is a condition on its field.
//! - Every other word is a keyword: it must be in the posting's text, in any of its forms (the
//!   words of the index with the same English stem; for romaji, its katakana).

use super::index::NO_JLPT;
use super::memory::{Doc, MemoryIndex, NONE, category_token};
use super::tokens::{bigram_tokens, keyword_forms};
use lexicon::{KnownWords, Meaning, Qualifier, Understanding};

/// One way a clause can hold: every token (codes) present.
pub(super) type Alternative = Vec<u32>;

/// A part of the query matched against text: it holds when any alternative does.
#[derive(Clone, Debug)]
pub(super) struct Clause {
    /// Category codes (values) that satisfy it outright.
    pub categories: Vec<u32>,
    /// The token code of each category's pseudo-token, in the same order.
    pub category_tokens: Vec<u32>,
    pub alternatives: Vec<Alternative>,
    /// The alternatives must be in the title or skills (an occupation's name), not anywhere.
    pub title_or_skills: bool,
}

/// What a query asks of the postings.
#[derive(Clone, Debug, Default)]
pub(super) struct Plan {
    pub clauses: Vec<Clause>,
    /// Prefecture value codes; any of them (or of `places`) holds.
    pub prefectures: Vec<u32>,
    /// City place ids (value codes).
    pub places: Vec<u32>,
    /// A place was named: when none of its codes is in the index, nothing matches.
    pub place_named: bool,
    pub statuses: Vec<u32>,
    pub status_named: bool,
    pub employment_types: Vec<u32>,
    pub employment_named: bool,
    pub qualifiers: Vec<Qualifier>,
    /// The seeker's JLPT level (1 = N1 … 5 = N5): postings asking it, an easier one or none.
    pub jlpt: Option<i16>,
    /// The value code of the remote option `none`.
    pub on_site_only: u32,
    /// A query word matched nothing at all: no posting can hold it.
    pub impossible: bool,
}

/// The index's words, for telling typos from words the postings use.
pub(super) struct IndexWords<'a>(pub &'a MemoryIndex);

impl KnownWords for IndexWords<'_> {
    fn has(&self, word: &str) -> bool {
        self.0.words.find(word).is_some() || self.0.stems.contains_key(&lexicon::units::stem(word))
    }

    fn closest(&self, word: &str, distance: usize) -> Option<String> {
        let index = self.0;
        index
            .stems
            .values()
            .flatten()
            .map(|code| (*code, index.words.name(*code)))
            .filter(|(_, known)| known.len().abs_diff(word.len()) <= distance)
            .map(|(code, known)| (strsim::levenshtein(word, known), code, known))
            .filter(|(edits, _, _)| *edits <= distance)
            // Fewest edits, then the word most postings use.
            .min_by(|a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| index.frequency(b.1).cmp(&index.frequency(a.1)))
            })
            .map(|(_, _, known)| known.to_owned())
    }
}

fn codes(index: &MemoryIndex, tokens: &[String]) -> Option<Alternative> {
    tokens.iter().map(|token| index.words.find(token)).collect()
}

/// How a keyword is read: a query's words left over are also read by the Japanese dictionary;
/// the words of a recognised name are matched as written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    WithDictionary,
    AsWritten,
}

/// The alternatives of a keyword: the word itself, its content words and their base forms
/// (see `tokens::keyword_forms`), the index's words of the same stem, its katakana reading
/// when it is romaji that no posting uses as a word.
fn keyword_alternatives(
    index: &MemoryIndex,
    keyword: &lexicon::Keyword,
    reading: Reading,
) -> Vec<Alternative> {
    let mut alternatives: Vec<Alternative> = Vec::new();
    fn add(alternatives: &mut Vec<Alternative>, alternative: Option<Alternative>) {
        if let Some(alternative) = alternative
            && !alternative.is_empty()
            && !alternatives.contains(&alternative)
        {
            alternatives.push(alternative);
        }
    }
    add(
        &mut alternatives,
        codes(index, &bigram_tokens(&keyword.text)),
    );
    if reading == Reading::WithDictionary {
        for form in keyword_forms(&keyword.surface) {
            add(&mut alternatives, codes(index, &form));
        }
    }
    let is_word = keyword.text.bytes().all(|b| b.is_ascii_lowercase());
    if is_word && let Some(same_stem) = index.stems.get(&lexicon::units::stem(&keyword.text)) {
        for code in same_stem {
            add(&mut alternatives, Some(vec![*code]));
        }
    }
    if alternatives.is_empty()
        && let Some(kana) = &keyword.kana
    {
        add(&mut alternatives, codes(index, &bigram_tokens(kana)));
    }
    alternatives
}

/// Whether some posting holds `keyword` in any of its forms.
pub(super) fn keyword_holds_anywhere(index: &MemoryIndex, keyword: &lexicon::Keyword) -> bool {
    keyword_alternatives(index, keyword, Reading::WithDictionary)
        .iter()
        .any(|alternative| !index.holding_all(alternative).is_empty())
}

fn occupation_clause(index: &MemoryIndex, text: &str, categories: &[&str]) -> Clause {
    let mut clause = Clause {
        categories: Vec::new(),
        category_tokens: Vec::new(),
        alternatives: Vec::new(),
        title_or_skills: true,
    };
    for category in categories {
        if let (Some(code), Some(token)) = (
            index.values.find(category),
            index.words.find(&category_token(category)),
        ) {
            clause.categories.push(code);
            clause.category_tokens.push(token);
        }
    }
    // The name's words, each in any of its forms, must all be in the title or skills.
    let words: Vec<Vec<Alternative>> = text
        .split(' ')
        .filter(|word| !word.is_empty())
        .map(|word| {
            keyword_alternatives(
                index,
                &lexicon::Keyword {
                    text: word.to_owned(),
                    surface: word.to_owned(),
                    kana: None,
                },
                Reading::AsWritten,
            )
        })
        .collect();
    if words.is_empty() {
        // Categories only.
    } else if words.iter().all(|forms| !forms.is_empty()) {
        // The first form of each word together (enough for the names of one or two words).
        let combined: Alternative = words.iter().flat_map(|forms| forms[0].clone()).collect();
        clause.alternatives.push(combined);
        if words.len() == 1 {
            clause.alternatives.extend(words[0].iter().skip(1).cloned());
        }
    } else if let Some(whole) = codes(index, &bigram_tokens(text)) {
        clause.alternatives.push(whole);
    }
    clause
}

/// One clause for every occupation the query names. Names that share categories keep the
/// shared ones (`エンジニア インフラ` → infrastructure); names with none in common keep the most
/// specific names' categories (`machine learning engineer` → data science, not every engineer),
/// and names equally specific any of theirs (`介護 ドライバー`).
fn occupations_clause(index: &MemoryIndex, understanding: &Understanding) -> Option<Clause> {
    let named: Vec<(&str, &'static [&'static str])> = understanding
        .recognised
        .iter()
        .filter_map(|recognised| match recognised.meaning {
            Meaning::Occupation(categories) => Some((recognised.folded.as_str(), categories)),
            _ => None,
        })
        .collect();
    if named.is_empty() {
        return None;
    }
    let sets: Vec<&'static [&'static str]> = named.iter().map(|(_, each)| *each).collect();
    let categories = lexicon::combine_occupations(&sets);
    let mut clause = occupation_clause(index, "", &categories);
    for (text, _) in &named {
        for alternative in occupation_clause(index, text, &[]).alternatives {
            if !clause.alternatives.contains(&alternative) {
                clause.alternatives.push(alternative);
            }
        }
    }
    Some(clause)
}

/// The plan of `understanding` over `index`.
pub(super) fn plan(index: &MemoryIndex, understanding: &Understanding) -> Plan {
    let value = |name: &str| index.values.find(name);
    let mut plan = Plan {
        on_site_only: value("none").unwrap_or(NONE),
        ..Plan::default()
    };
    for recognised in &understanding.recognised {
        match recognised.meaning {
            Meaning::Prefecture(code) => {
                plan.place_named = true;
                plan.prefectures.extend(value(code));
            }
            Meaning::City(city) => {
                plan.place_named = true;
                plan.places.extend(value(city.id));
            }
            Meaning::Occupation(_) => {}
            Meaning::Status(statuses) => {
                plan.status_named = true;
                plan.statuses
                    .extend(statuses.iter().filter_map(|status| value(status)));
            }
            Meaning::Employment(code) => {
                plan.employment_named = true;
                plan.employment_types.extend(value(code));
            }
            Meaning::Qualifier(qualifier) => {
                if !plan.qualifiers.contains(&qualifier) {
                    plan.qualifiers.push(qualifier);
                }
            }
            Meaning::Jlpt(level) => {
                // Two levels named: the easier one holds for more postings.
                plan.jlpt = Some(
                    plan.jlpt
                        .map_or(i16::from(level), |known| known.max(i16::from(level))),
                );
            }
            Meaning::Filler => {}
        }
    }
    if let Some(clause) = occupations_clause(index, understanding) {
        plan.clauses.push(clause);
    }
    for keyword in &understanding.keywords {
        let alternatives = keyword_alternatives(index, keyword, Reading::WithDictionary);
        if alternatives.is_empty() {
            plan.impossible = true;
        }
        plan.clauses.push(Clause {
            categories: Vec::new(),
            category_tokens: Vec::new(),
            alternatives,
            title_or_skills: false,
        });
    }
    plan
}

impl Plan {
    /// Whether the query asks anything of the text (else every posting is a candidate).
    pub(super) fn has_clauses(&self) -> bool {
        !self.clauses.is_empty()
    }

    /// The conditions on fields that `doc` meets.
    pub(super) fn fields_hold(&self, doc: &Doc) -> bool {
        let place = !self.place_named
            || (doc.prefecture != NONE && self.prefectures.contains(&doc.prefecture))
            || (doc.place != NONE && self.places.contains(&doc.place));
        let status = !self.status_named
            || doc
                .visa_types
                .iter()
                .any(|visa| self.statuses.contains(visa));
        let employment =
            !self.employment_named || self.employment_types.contains(&doc.employment_type);
        place
            && status
            && employment
            && self.jlpt.is_none_or(|level| doc.jlpt_level >= level)
            && self.qualifiers.iter().all(|qualifier| match qualifier {
                Qualifier::NoExperience => doc.min_experience_years == 0,
                Qualifier::NoJapanese => doc.jlpt_level == NO_JLPT,
                Qualifier::VisaSupport => doc.visa_sponsorship,
                Qualifier::Remote => doc.remote_option != self.on_site_only,
                Qualifier::NoNightShifts => doc.night_shifts == Some(false),
                Qualifier::NightShifts => doc.night_shifts == Some(true),
            })
    }

    /// Whether `doc` meets every clause (the bitmaps found candidates; this checks the parts
    /// they cannot: names only in the title or skills).
    pub(super) fn clauses_hold(&self, doc: &Doc) -> bool {
        self.clauses.iter().all(|clause| clause.holds(doc))
    }
}

impl Clause {
    pub(super) fn holds(&self, doc: &Doc) -> bool {
        if doc
            .categories
            .iter()
            .any(|category| self.categories.contains(category))
        {
            return true;
        }
        if !self.title_or_skills {
            // The bitmaps already proved an alternative is somewhere in the text.
            return true;
        }
        self.alternatives.iter().any(|alternative| {
            alternative.iter().all(|code| {
                doc.title.binary_search(code).is_ok() || doc.skill_words.binary_search(code).is_ok()
            })
        })
    }

    /// The slots holding a category token or an alternative anywhere in their text: a
    /// superset of the postings the clause holds for.
    pub(super) fn candidates(&self, index: &MemoryIndex) -> roaring::RoaringBitmap {
        let mut found = roaring::RoaringBitmap::new();
        for token in &self.category_tokens {
            found |= index.holding_all(&[*token]);
        }
        for alternative in &self.alternatives {
            found |= index.holding_all(alternative);
        }
        found
    }
}
