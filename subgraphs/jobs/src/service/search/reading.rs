//! How a search read its query, told back to the caller: which phrases became which fields,
//! which words were matched as text, which misspellings were corrected ("did you mean"), and,
//! when the query as read found nothing, what was relaxed, step by step, until something was
//! found:
//!
//! 1. words no posting holds at all are dropped;
//! 2. the qualifiers (未経験可, 日本語不要, visa support, remote) and the JLPT level are
//!    dropped;
//! 3. a city is widened to its prefecture;
//! 4. the employment type is dropped;
//! 5. the status of residence is dropped;
//! 6. the place is dropped (the work asked for matters more than where);
//! 7. the other words are dropped, when an occupation is left;
//! 8. with words alone, the last word is dropped, one at a time; the first is kept.
//!
//! An occupation is never dropped, and a query is never relaxed to nothing: a search for care
//! work that finds nothing says so rather than showing other work.

use lexicon::{Meaning, Understanding};

/// What a phrase of a search query was read as.
#[derive(async_graphql::Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(name = "SearchTermKind")]
pub enum TermKind {
    /// A prefecture: postings there (by their `prefecture` field).
    Prefecture,
    /// A city: postings there (by their `city` field, in any script).
    City,
    /// An occupation: postings of its job categories, or naming it in their title or skills.
    Occupation,
    /// A status of residence: postings sponsoring it.
    StatusOfResidence,
    /// An employment type: postings offering it.
    EmploymentType,
    /// A condition: `no_experience`, `no_japanese`, `visa_support` or `remote`.
    Qualifier,
    /// The seeker's JLPT level: postings asking it, an easier one or none.
    JlptLevel,
    /// Words naming no field, matched against the postings' text.
    Keyword,
}

/// A phrase of the query read as a field, with the field's values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadTerm {
    pub text: String,
    pub kind: TermKind,
    /// Stored codes: prefecture, city id, job categories, statuses, employment type,
    /// qualifier.
    pub values: Vec<String>,
}

/// How a term was relaxed.
#[derive(async_graphql::Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(name = "SearchRelaxation")]
pub enum Relaxation {
    /// Left out of the search.
    Dropped,
    /// A city widened to its prefecture.
    Widened,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relaxed {
    pub term: ReadTerm,
    pub relaxation: Relaxation,
}

/// How a search read its query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryReading {
    pub recognised: Vec<ReadTerm>,
    pub keywords: Vec<String>,
    /// The query with its misspellings corrected, when there were any.
    pub did_you_mean: Option<String>,
    pub corrections: Vec<(String, String)>,
    /// What was relaxed, in order, because the query as read found nothing.
    pub relaxed: Vec<Relaxed>,
}

fn term(recognised: &lexicon::Recognised) -> Option<ReadTerm> {
    let owned = |codes: &[&str]| codes.iter().map(|code| (*code).to_owned()).collect();
    let (kind, values) = match recognised.meaning {
        Meaning::Prefecture(code) => (TermKind::Prefecture, vec![code.to_owned()]),
        Meaning::City(city) => (TermKind::City, vec![city.id.to_owned()]),
        Meaning::Occupation(categories) => (TermKind::Occupation, owned(categories)),
        Meaning::Status(statuses) => (TermKind::StatusOfResidence, owned(statuses)),
        Meaning::Employment(code) => (TermKind::EmploymentType, vec![code.to_owned()]),
        Meaning::Qualifier(qualifier) => (TermKind::Qualifier, vec![qualifier.code().to_owned()]),
        Meaning::Jlpt(level) => (TermKind::JlptLevel, vec![format!("N{level}")]),
        Meaning::Filler => return None,
    };
    Some(ReadTerm {
        text: recognised.text.clone(),
        kind,
        values,
    })
}

impl QueryReading {
    pub(super) fn new(query: &str, understanding: &Understanding) -> Self {
        Self {
            recognised: understanding.recognised.iter().filter_map(term).collect(),
            keywords: understanding
                .keywords
                .iter()
                .map(|keyword| keyword.surface.clone())
                .collect(),
            did_you_mean: understanding.corrected_query(query),
            corrections: understanding
                .corrections
                .iter()
                .map(|correction| (correction.from.clone(), correction.to.clone()))
                .collect(),
            relaxed: Vec::new(),
        }
    }
}

/// Drops the recognised phrases `which` picks, saying so in `said`.
fn drop(relaxed: &mut Understanding, said: &mut Vec<Relaxed>, which: fn(&Meaning) -> bool) {
    relaxed.recognised.retain(|recognised| {
        if !which(&recognised.meaning) {
            return true;
        }
        if let Some(term) = term(recognised) {
            said.push(Relaxed {
                term,
                relaxation: Relaxation::Dropped,
            });
        }
        false
    });
}

fn keyword_term(keyword: lexicon::Keyword) -> Relaxed {
    Relaxed {
        term: ReadTerm {
            text: keyword.surface,
            kind: TermKind::Keyword,
            values: Vec::new(),
        },
        relaxation: Relaxation::Dropped,
    }
}

/// The next relaxation of `understanding`, if any is left: the understanding relaxed one step
/// further and what that step relaxed. `unknown` tells the keywords no posting holds. A step
/// that would leave nothing of the query is not taken.
pub(super) fn relax_once(
    understanding: &Understanding,
    unknown: &dyn Fn(&lexicon::Keyword) -> bool,
) -> Option<(Understanding, Vec<Relaxed>)> {
    let mut relaxed = understanding.clone();
    let mut said = Vec::new();
    // 1. Words no posting holds can never match.
    let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut relaxed.keywords)
        .into_iter()
        .partition(|keyword| unknown(keyword));
    relaxed.keywords = kept;
    said.extend(gone.into_iter().map(keyword_term));
    // 2. Qualifiers and the JLPT level.
    if said.is_empty() {
        drop(&mut relaxed, &mut said, |meaning| {
            matches!(meaning, Meaning::Qualifier(_) | Meaning::Jlpt(_))
        });
    }
    // 3. A city becomes its prefecture.
    if said.is_empty() {
        for recognised in &mut relaxed.recognised {
            if let Meaning::City(city) = recognised.meaning
                && let Some(widened) = term(recognised)
            {
                recognised.meaning = Meaning::Prefecture(city.prefecture);
                said.push(Relaxed {
                    term: widened,
                    relaxation: Relaxation::Widened,
                });
            }
        }
    }
    // 4–6. The employment type, the status of residence, the place.
    let steps: [fn(&Meaning) -> bool; 3] = [
        |meaning| matches!(meaning, Meaning::Employment(_)),
        |meaning| matches!(meaning, Meaning::Status(_)),
        |meaning| matches!(meaning, Meaning::Prefecture(_) | Meaning::City(_)),
    ];
    for step in steps {
        if said.is_empty() {
            drop(&mut relaxed, &mut said, step);
        }
    }
    // 7. The words, when an occupation is left to search for.
    if said.is_empty() && !relaxed.recognised.is_empty() {
        said.extend(
            std::mem::take(&mut relaxed.keywords)
                .into_iter()
                .map(keyword_term),
        );
    }
    // 8. With words alone, the last word, one at a time (the first is always kept), as a
    // seeker types the main word first: `react rust` finds React postings.
    if said.is_empty() && relaxed.recognised.is_empty() && relaxed.keywords.len() > 1 {
        said.extend(relaxed.keywords.pop().map(keyword_term));
    }
    let something_left = !relaxed.recognised.is_empty() || !relaxed.keywords.is_empty();
    (!said.is_empty() && something_left).then_some((relaxed, said))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lexicon::{NoIndex, understand};

    fn steps(query: &str) -> Vec<Vec<(String, Relaxation)>> {
        let mut understanding = understand(query, &NoIndex);
        let mut steps = Vec::new();
        let unknown = |keyword: &lexicon::Keyword| keyword.text == "zzzz";
        while let Some((next, said)) = relax_once(&understanding, &unknown) {
            steps.push(
                said.into_iter()
                    .map(|relaxed| (relaxed.term.text, relaxed.relaxation))
                    .collect(),
            );
            understanding = next;
        }
        steps
    }

    #[test]
    fn relaxes_one_kind_of_term_at_a_time_and_never_everything() {
        use Relaxation::*;
        assert_eq!(
            steps("横浜 介護 パート 特定技能 未経験可 N3 寮 zzzz"),
            vec![
                vec![("zzzz".to_owned(), Dropped)],
                vec![("未経験可".to_owned(), Dropped), ("n3".to_owned(), Dropped)],
                vec![("横浜".to_owned(), Widened)],
                vec![("パート".to_owned(), Dropped)],
                vec![("特定技能".to_owned(), Dropped)],
                vec![("横浜".to_owned(), Dropped)],
                vec![("寮".to_owned(), Dropped)],
            ]
        );
        // The occupation stays; a query is never relaxed to nothing.
        assert!(steps("介護").is_empty());
        assert_eq!(steps("rust 大阪"), vec![vec![("大阪".to_owned(), Dropped)]]);
        assert!(steps("zzzz").is_empty());
        // Words alone lose the last one at a time, never the first.
        assert_eq!(
            steps("react rust go"),
            vec![
                vec![("go".to_owned(), Dropped)],
                vec![("rust".to_owned(), Dropped)],
            ]
        );
    }
}
