//! The in-memory index of published postings: one slot per posting with its filter and facet
//! values as small integer codes, and per token a compressed bitmap of the slots whose text
//! holds it. A keyword search intersects a few bitmaps; filtering, counting facets and
//! ranking then read only the compact slots of the hits, which is what makes a common word
//! over 100,000 postings answer in milliseconds (see docs/benchmarks.md).
//!
//! Slots are appended and never reused: a changed posting gets a new slot and its old one is
//! dropped from `alive` (the token bitmaps keep it until the next full load, and every match
//! is intersected with `alive`). `wasted` tells the engine when a full load is worth it.

use entities::jobs::{job_search, job_search_term};
use roaring::RoaringBitmap;
use std::collections::HashMap;
use uuid::Uuid;

use super::index::{CATEGORY, SKILL, VISA_TYPE};

/// A code for "not set".
pub(super) const NONE: u32 = u32::MAX;

/// Strings numbered in the order first seen.
#[derive(Default)]
pub(super) struct Interner {
    codes: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Interner {
    pub(super) fn code(&mut self, name: &str) -> u32 {
        if let Some(code) = self.codes.get(name) {
            return *code;
        }
        let code = self.names.len() as u32;
        self.names.push(name.into());
        self.codes.insert(name.into(), code);
        code
    }

    fn optional(&mut self, name: Option<&str>) -> u32 {
        name.map_or(NONE, |name| self.code(name))
    }

    /// The code of a known string.
    pub(super) fn find(&self, name: &str) -> Option<u32> {
        self.codes.get(name).copied()
    }

    pub(super) fn name(&self, code: u32) -> &str {
        &self.names[code as usize]
    }
}

/// One posting, as search reads it.
pub(super) struct Doc {
    pub id: Uuid,
    /// Microseconds since the epoch.
    pub published_at: i64,
    pub prefecture: u32,
    pub city: u32,
    /// The city as a known place (`lexicon::places::CITIES` id), whatever script the field is
    /// written in.
    pub place: u32,
    /// The job category codes: the posting's own, or those its titles name.
    pub categories: Box<[u32]>,
    pub remote_option: u32,
    pub employment_type: u32,
    pub industry: u32,
    pub company_size: u32,
    pub salary_min_yearly: Option<i64>,
    pub salary_max_yearly: Option<i64>,
    pub min_experience_years: i32,
    pub jlpt_level: i16,
    pub visa_sponsorship: bool,
    pub night_shifts: Option<bool>,
    /// Required skills and supported visa types, value codes.
    pub skills: Box<[u32]>,
    pub visa_types: Box<[u32]>,
    /// Token codes of the fields ranking weighs, sorted.
    pub title: Box<[u32]>,
    pub skill_words: Box<[u32]>,
    pub company: Box<[u32]>,
}

/// The pseudo-token under which the postings of a job category are found (no text token
/// starts with a control character).
pub(super) fn category_token(code: &str) -> String {
    format!("\u{1}category:{code}")
}

/// One posting's rows in the index tables.
pub(super) struct Row {
    pub search: job_search::Model,
    pub terms: Vec<job_search_term::Model>,
}

#[derive(Default)]
pub(super) struct MemoryIndex {
    pub docs: Vec<Doc>,
    pub alive: RoaringBitmap,
    slots: HashMap<Uuid, u32>,
    pub words: Interner,
    /// Per token code, the slots whose text holds it.
    pub postings: Vec<RoaringBitmap>,
    /// Latin word tokens by English stem (`develop` → `developer`, `developers`).
    pub stems: HashMap<String, Vec<u32>>,
    pub values: Interner,
}

impl MemoryIndex {
    /// Puts `row` in (replacing the posting's earlier slot).
    pub(super) fn upsert(&mut self, row: &Row) {
        let search = &row.search;
        self.remove(search.posting_id);
        let slot = self.docs.len() as u32;
        let mut all_words = Vec::new();
        let words = &mut self.words;
        let stems = &mut self.stems;
        let mut field = |tokens: &str, all: &mut Vec<u32>| -> Box<[u32]> {
            let mut codes: Vec<u32> = tokens
                .split_ascii_whitespace()
                .map(|token| {
                    let known = words.names.len();
                    let code = words.code(token);
                    if code as usize == known && token.bytes().all(|b| b.is_ascii_lowercase()) {
                        stems
                            .entry(lexicon::units::stem(token))
                            .or_default()
                            .push(code);
                    }
                    code
                })
                .collect();
            codes.sort_unstable();
            codes.dedup();
            all.extend_from_slice(&codes);
            codes.into()
        };
        let title = field(&search.title_tokens, &mut all_words);
        let skill_words = field(&search.skill_tokens, &mut all_words);
        let company = field(&search.company_tokens, &mut all_words);
        field(&search.description_tokens, &mut all_words);
        for category in row.terms.iter().filter(|term| term.kind == CATEGORY) {
            all_words.push(self.words.code(&category_token(&category.value)));
        }
        all_words.sort_unstable();
        all_words.dedup();
        if let Some(last) = all_words.last() {
            let needed = *last as usize + 1;
            if self.postings.len() < needed {
                self.postings.resize_with(needed, RoaringBitmap::new);
            }
        }
        for word in all_words {
            self.postings[word as usize].insert(slot);
        }
        let values = &mut self.values;
        let terms_of = |kind: &str, values: &mut Interner| -> Box<[u32]> {
            row.terms
                .iter()
                .filter(|term| term.kind == kind)
                .map(|term| values.code(&term.value))
                .collect()
        };
        let doc = Doc {
            id: search.posting_id,
            published_at: search.published_at.timestamp_micros(),
            prefecture: values.optional(search.prefecture.as_deref()),
            city: values.optional(search.city.as_deref()),
            place: values.optional(
                search
                    .city
                    .as_deref()
                    .and_then(lexicon::places::find_city)
                    .map(|city| city.id),
            ),
            categories: terms_of(CATEGORY, values),
            remote_option: values.code(&search.remote_option),
            employment_type: values.code(&search.employment_type),
            industry: values.optional(search.industry.as_deref()),
            company_size: values.optional(search.company_size.as_deref()),
            salary_min_yearly: search.salary_min_yearly,
            salary_max_yearly: search.salary_max_yearly,
            min_experience_years: search.min_experience_years,
            jlpt_level: search.jlpt_level,
            visa_sponsorship: search.visa_sponsorship,
            night_shifts: search.night_shifts,
            skills: terms_of(SKILL, values),
            visa_types: terms_of(VISA_TYPE, values),
            title,
            skill_words,
            company,
        };
        self.docs.push(doc);
        self.alive.insert(slot);
        self.slots.insert(search.posting_id, slot);
    }

    /// Takes the posting `id` out, if it is in.
    pub(super) fn remove(&mut self, id: Uuid) {
        if let Some(slot) = self.slots.remove(&id) {
            self.alive.remove(slot);
        }
    }

    pub(super) fn len(&self) -> u64 {
        self.alive.len()
    }

    /// Slots no longer in use: a full load reclaims them.
    pub(super) fn wasted(&self) -> usize {
        self.docs.len() - self.alive.len() as usize
    }

    /// The live slots holding every token code of `codes` (all when there are none).
    pub(super) fn holding_all(&self, codes: &[u32]) -> RoaringBitmap {
        let mut lists: Vec<&RoaringBitmap> = codes
            .iter()
            .map(|code| &self.postings[*code as usize])
            .collect();
        // Smallest first: each intersection can only shrink.
        lists.sort_by_key(|list| list.len());
        let mut hits = self.alive.clone();
        for list in lists {
            hits &= list;
            if hits.is_empty() {
                break;
            }
        }
        hits
    }

    /// How many postings hold the token `code` (counting replaced slots until the next full
    /// load, which is close enough for weighing rare words over common ones).
    pub(super) fn frequency(&self, code: u32) -> u64 {
        self.postings[code as usize].len()
    }
}
