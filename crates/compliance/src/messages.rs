//! The English and Japanese text of every finding, grouped by the rule that reports it.
//!
//! The wording is kept apart from the rules so that the rule code reads as logic only, and so
//! that both languages of a message sit side by side: a change to one is easy to carry over to
//! the other. Each function returns one [`Message`] and decides nothing about whether a finding is
//! reported; the rules in `posting` and `eligibility` do that.

pub(crate) mod eligibility;
pub(crate) mod pay;
pub(crate) mod requirements;
pub(crate) mod sponsorship;
pub(crate) mod values;

use crate::vocab::visa_status_label;

/// A finding's text, in English and in Japanese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Message {
    pub(crate) en: String,
    pub(crate) ja: String,
}

impl Message {
    pub(crate) fn new(en: impl Into<String>, ja: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            ja: ja.into(),
        }
    }
}

/// English and Japanese names of a status of residence; empty for an unknown code.
pub(crate) fn status_names(code: &str) -> (&'static str, &'static str) {
    visa_status_label(code).map_or(("", ""), |l| (l.label_en, l.label_ja))
}
