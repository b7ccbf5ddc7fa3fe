//! How `searchJobPostings` read its query, as GraphQL types: what each recognised phrase
//! became, the words matched as text, corrections ("did you mean") and what was relaxed when
//! the query as read found nothing.

use crate::service::search::{QueryReading, ReadTerm, Relaxation, Relaxed, TermKind};
use async_graphql::{Enum, SimpleObject};

/// What a phrase of a search query was read as.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SearchTermKind {
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

/// A phrase of the query and the field it was read as.
#[derive(SimpleObject)]
pub struct SearchTerm {
    /// The phrase as typed (width-normalised, lower case), e.g. `東京` or `care worker`.
    pub text: String,
    /// The field it was read as.
    pub kind: SearchTermKind,
    /// The field's values it stands for: a prefecture code, a city, job category codes,
    /// status of residence codes, an employment type, a qualifier or a JLPT level (`N3`);
    /// empty for keywords.
    pub values: Vec<String>,
}

/// A misspelt word and the word it was read as.
#[derive(SimpleObject)]
pub struct SearchCorrection {
    /// The word as typed.
    pub from: String,
    /// The word it was taken for: a word of the platform's vocabulary or of the postings.
    pub to: String,
}

/// How a term was relaxed.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SearchRelaxation {
    /// Left out of the search.
    Dropped,
    /// A city widened to its prefecture.
    Widened,
}

/// A term relaxed because the query as read found nothing, and how.
#[derive(SimpleObject)]
pub struct RelaxedSearchTerm {
    /// The term, as it was read.
    pub term: SearchTerm,
    /// What was done with it.
    pub relaxation: SearchRelaxation,
    /// What was done, in English.
    pub message: String,
    /// What was done, in Japanese.
    pub message_ja: String,
}

/// How the search read its query.
#[derive(SimpleObject, Default)]
pub struct JobSearchReading {
    /// The phrases read as fields (places, occupations, statuses of residence, employment
    /// types, qualifiers, JLPT levels), in query order.
    pub recognised: Vec<SearchTerm>,
    /// The words matched against the postings' text.
    pub keywords: Vec<String>,
    /// The query with its misspellings corrected, when there were any.
    pub did_you_mean: Option<String>,
    /// Each misspelt word and the word it was read as (edit distance 1 for words of 5 to 8
    /// letters, 2 from 9; shorter words are never corrected).
    pub corrections: Vec<SearchCorrection>,
    /// What was relaxed, in order, because the query as read found nothing; empty when it
    /// found something.
    pub relaxed: Vec<RelaxedSearchTerm>,
}

fn kind(kind: TermKind) -> SearchTermKind {
    match kind {
        TermKind::Prefecture => SearchTermKind::Prefecture,
        TermKind::City => SearchTermKind::City,
        TermKind::Occupation => SearchTermKind::Occupation,
        TermKind::StatusOfResidence => SearchTermKind::StatusOfResidence,
        TermKind::EmploymentType => SearchTermKind::EmploymentType,
        TermKind::Qualifier => SearchTermKind::Qualifier,
        TermKind::JlptLevel => SearchTermKind::JlptLevel,
        TermKind::Keyword => SearchTermKind::Keyword,
    }
}

fn term(term: ReadTerm) -> SearchTerm {
    SearchTerm {
        text: term.text,
        kind: kind(term.kind),
        values: term.values,
    }
}

fn relaxed(relaxed: Relaxed) -> RelaxedSearchTerm {
    let text = relaxed.term.text.clone();
    let (relaxation, message, message_ja) = match relaxed.relaxation {
        Relaxation::Dropped => (
            SearchRelaxation::Dropped,
            format!("Nothing matched with \"{text}\", so it was left out."),
            format!("「{text}」に一致する求人がないため、条件から外しました。"),
        ),
        Relaxation::Widened => (
            SearchRelaxation::Widened,
            format!("Nothing matched in \"{text}\", so its whole prefecture was searched."),
            format!("「{text}」に一致する求人がないため、都道府県全体で検索しました。"),
        ),
    };
    RelaxedSearchTerm {
        term: term(relaxed.term),
        relaxation,
        message,
        message_ja,
    }
}

impl From<QueryReading> for JobSearchReading {
    fn from(reading: QueryReading) -> Self {
        Self {
            recognised: reading.recognised.into_iter().map(term).collect(),
            keywords: reading.keywords,
            did_you_mean: reading.did_you_mean,
            corrections: reading
                .corrections
                .into_iter()
                .map(|(from, to)| SearchCorrection { from, to })
                .collect(),
            relaxed: reading.relaxed.into_iter().map(relaxed).collect(),
        }
    }
}
