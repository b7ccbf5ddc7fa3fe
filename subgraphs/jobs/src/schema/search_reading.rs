//! How `searchJobPostings` read its query, as GraphQL types: what each recognised phrase
//! became, the words matched as text, corrections ("did you mean") and what was relaxed when
//! the query as read found nothing.

use crate::service::search::{QueryReading, ReadTerm, Relaxation, Relaxed, TermKind};
use async_graphql::SimpleObject;

/// A phrase of the query and the field it was read as.
#[derive(SimpleObject)]
pub struct SearchTerm {
    /// The phrase as typed (width-normalised, lower case), e.g. `東京` or `care worker`.
    pub text: String,
    /// The field it was read as.
    pub kind: TermKind,
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

/// A term relaxed because the query as read found nothing, and how.
#[derive(SimpleObject)]
pub struct RelaxedSearchTerm {
    /// The term, as it was read.
    pub term: SearchTerm,
    /// What was done with it.
    pub relaxation: Relaxation,
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

fn term(term: ReadTerm) -> SearchTerm {
    SearchTerm {
        text: term.text,
        kind: term.kind,
        values: term.values,
    }
}

fn relaxed(relaxed: Relaxed) -> RelaxedSearchTerm {
    let text = relaxed.term.text.clone();
    let relaxation = relaxed.relaxation;
    let (message, message_ja) = match relaxation {
        Relaxation::Dropped => (
            format!("Nothing matched with \"{text}\", so it was left out."),
            format!("「{text}」に一致する求人がないため、条件から外しました。"),
        ),
        Relaxation::Widened => (
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
