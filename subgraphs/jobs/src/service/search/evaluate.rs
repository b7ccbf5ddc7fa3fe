//! Answering a search from the in-memory index in one pass over the keyword hits: each hit is
//! checked against the filters on no dimension (city, experience, sponsorship, posted since),
//! then against each dimension's filter, giving a mask of the dimensions it fails. A hit that
//! fails none is a result; a hit that fails exactly one dimension still counts in that
//! dimension's facet (each facet is counted without its own filter). Ranking and facet names
//! are worked out only for what is returned.

use super::facets::{FACETS, Facet, FacetCount, SALARY_BANDS};
use super::index::NO_JLPT;
use super::memory::{Doc, Interner, MemoryIndex, NONE};
use super::plan::{Clause, Plan};
use super::query::{SearchFilter, SearchPage, SearchSort};
use roaring::RoaringBitmap;
use std::cmp::Ordering;
use std::collections::HashMap;

/// Most values returned for skills (the others have all their values).
const TOP_SKILLS: usize = 20;

/// Ranking weights of the fields a token is found in; a hit only in the description ranks by
/// recency among the others.
const TITLE_WEIGHT: f32 = 1.0;
const SKILL_WEIGHT: f32 = 0.4;
const COMPANY_WEIGHT: f32 = 0.2;

/// A list filter as value codes: `None` when not given; values never seen match nothing.
fn codes(values: &Interner, names: &[String]) -> Option<Vec<u32>> {
    (!names.is_empty()).then(|| names.iter().filter_map(|name| values.find(name)).collect())
}

/// The filter in terms of the index's codes.
struct Compiled {
    city: Option<u32>,
    max_experience_years: Option<i32>,
    visa_sponsorship: Option<bool>,
    night_shifts: Option<bool>,
    posted_since: Option<i64>,
    prefectures: Option<Vec<u32>>,
    employment_types: Option<Vec<u32>>,
    remote_options: Option<Vec<u32>>,
    jlpt_level: Option<i16>,
    visa_type: Option<u32>,
    industries: Option<Vec<u32>>,
    company_sizes: Option<Vec<u32>>,
    salary_min: Option<i64>,
    salary_max: Option<i64>,
    skills_any: Option<Vec<u32>>,
    skills_all: Option<Vec<u32>>,
}

impl Compiled {
    fn new(values: &Interner, filter: &SearchFilter) -> Self {
        let owned = |names: Vec<String>| codes(values, &names);
        Self {
            city: filter
                .city
                .as_ref()
                .map(|city| values.find(&city.trim().to_lowercase()).unwrap_or(NONE)),
            max_experience_years: filter.max_experience_years,
            visa_sponsorship: filter.visa_sponsorship,
            night_shifts: filter.night_shifts,
            posted_since: filter.posted_since.map(|since| since.timestamp_micros()),
            prefectures: codes(values, &filter.prefectures),
            employment_types: owned(
                filter
                    .employment_types
                    .iter()
                    .map(|kind| kind.as_str().to_owned())
                    .collect(),
            ),
            remote_options: owned(
                filter
                    .remote_options
                    .iter()
                    .map(|option| option.as_str().to_owned())
                    .collect(),
            ),
            jlpt_level: filter.jlpt_level.map(|level| level.clamp(1, NO_JLPT)),
            visa_type: filter
                .visa_type
                .as_ref()
                .map(|visa| values.find(visa).unwrap_or(NONE)),
            industries: codes(values, &filter.industries),
            company_sizes: codes(values, &filter.company_sizes),
            salary_min: filter.salary_min,
            salary_max: filter.salary_max,
            skills_any: codes(values, &filter.skills_any),
            // All of them must be there: one unknown skill and nothing matches.
            skills_all: (!filter.skills_all.is_empty()).then(|| {
                filter
                    .skills_all
                    .iter()
                    .map(|skill| values.find(skill).unwrap_or(NONE))
                    .collect()
            }),
        }
    }

    fn passes_others(&self, doc: &Doc) -> bool {
        self.city
            .is_none_or(|city| city != NONE && doc.city == city)
            && self
                .max_experience_years
                .is_none_or(|years| doc.min_experience_years <= years)
            && self
                .visa_sponsorship
                .is_none_or(|sponsors| doc.visa_sponsorship == sponsors)
            && self
                .night_shifts
                .is_none_or(|night| doc.night_shifts == Some(night))
            && self
                .posted_since
                .is_none_or(|since| doc.published_at >= since)
    }

    fn passes(&self, facet: Facet, doc: &Doc) -> bool {
        let one_of = |list: &Option<Vec<u32>>, code: u32| {
            list.as_ref()
                .is_none_or(|list| code != NONE && list.contains(&code))
        };
        match facet {
            Facet::Prefecture => one_of(&self.prefectures, doc.prefecture),
            Facet::EmploymentType => one_of(&self.employment_types, doc.employment_type),
            Facet::RemoteOption => one_of(&self.remote_options, doc.remote_option),
            Facet::JlptLevel => self.jlpt_level.is_none_or(|level| doc.jlpt_level >= level),
            Facet::VisaType => self
                .visa_type
                .is_none_or(|visa| doc.visa_types.contains(&visa)),
            Facet::Industry => one_of(&self.industries, doc.industry),
            Facet::CompanySize => one_of(&self.company_sizes, doc.company_size),
            Facet::SalaryBand => {
                self.salary_min
                    .is_none_or(|min| doc.salary_max_yearly.is_some_and(|max| max >= min))
                    && self
                        .salary_max
                        .is_none_or(|max| doc.salary_min_yearly.is_some_and(|min| min <= max))
            }
            Facet::Skill => {
                self.skills_any
                    .as_ref()
                    .is_none_or(|any| doc.skills.iter().any(|skill| any.contains(skill)))
                    && self
                        .skills_all
                        .as_ref()
                        .is_none_or(|all| all.iter().all(|skill| doc.skills.contains(skill)))
            }
        }
    }

    /// The dimensions `doc` fails, one bit each in `FACETS` order.
    fn failures(&self, doc: &Doc) -> u16 {
        FACETS
            .iter()
            .enumerate()
            .filter(|(_, facet)| !self.passes(**facet, doc))
            .fold(0, |mask, (bit, _)| mask | (1 << bit))
    }
}

/// The hits of one search: the slots passing every filter, and the facet counts when asked.
struct Pass {
    hits: Vec<u32>,
    counts: Option<FacetTally>,
}

/// Per dimension, hits per value key (a value code, a JLPT level or a salary band), indexed
/// by the key: the keys are small, dense integers.
type FacetTally = [Vec<i64>; FACETS.len()];

fn salary_band(max: Option<i64>) -> Option<u32> {
    let max = max?;
    SALARY_BANDS
        .iter()
        .rposition(|(_, floor)| max >= *floor)
        .map(|band| band as u32)
}

fn tally(counts: &mut FacetTally, facet: usize, doc: &Doc) {
    let list = &mut counts[facet];
    let mut add = |key: u32| {
        let key = key as usize;
        if list.len() <= key {
            list.resize(key + 1, 0);
        }
        list[key] += 1;
    };
    match FACETS[facet] {
        Facet::Prefecture if doc.prefecture != NONE => add(doc.prefecture),
        Facet::EmploymentType => add(doc.employment_type),
        Facet::RemoteOption => add(doc.remote_option),
        Facet::JlptLevel => add(doc.jlpt_level as u32),
        Facet::VisaType => doc.visa_types.iter().for_each(|visa| add(*visa)),
        Facet::Industry if doc.industry != NONE => add(doc.industry),
        Facet::CompanySize if doc.company_size != NONE => add(doc.company_size),
        Facet::SalaryBand => {
            if let Some(band) = salary_band(doc.salary_max_yearly) {
                add(band)
            }
        }
        Facet::Skill => doc.skills.iter().for_each(|skill| add(*skill)),
        _ => {}
    }
}

/// The slots that may match the plan's clauses (every live one when it has none).
fn candidates(index: &MemoryIndex, plan: &Plan) -> RoaringBitmap {
    if plan.impossible {
        return RoaringBitmap::new();
    }
    let mut hits = index.alive.clone();
    for clause in &plan.clauses {
        hits &= clause.candidates(index);
        if hits.is_empty() {
            break;
        }
    }
    hits
}

fn run(index: &MemoryIndex, plan: &Plan, filter: &SearchFilter, facets: bool) -> Pass {
    let compiled = Compiled::new(&index.values, filter);
    let mut hits = Vec::new();
    let mut counts: Option<FacetTally> = facets.then(Default::default);
    for slot in &candidates(index, plan) {
        let doc = &index.docs[slot as usize];
        if !compiled.passes_others(doc) || !plan.fields_hold(doc) || !plan.clauses_hold(doc) {
            continue;
        }
        let failed = compiled.failures(doc);
        if failed == 0 {
            hits.push(slot);
        }
        if let Some(counts) = &mut counts {
            match failed.count_ones() {
                0 => (0..FACETS.len()).for_each(|facet| tally(counts, facet, doc)),
                1 => tally(counts, failed.trailing_zeros() as usize, doc),
                _ => {}
            }
        }
    }
    Pass { hits, counts }
}

/// How much a posting's field holding a token weighs.
fn field_weight(doc: &Doc, code: u32) -> f32 {
    if doc.title.binary_search(&code).is_ok() {
        TITLE_WEIGHT
    } else if doc.skill_words.binary_search(&code).is_ok() {
        SKILL_WEIGHT
    } else if doc.company.binary_search(&code).is_ok() {
        COMPANY_WEIGHT
    } else {
        0.0
    }
}

/// Per token code of the plan, its rarity: `ln(1 + postings / postings holding it)`.
fn rarities(index: &MemoryIndex, plan: &Plan) -> HashMap<u32, f32> {
    let all = index.len().max(1) as f32;
    plan.clauses
        .iter()
        .flat_map(|clause| {
            clause
                .alternatives
                .iter()
                .flatten()
                .chain(&clause.category_tokens)
        })
        .map(|code| (*code, (all / index.frequency(*code).max(1) as f32).ln_1p()))
        .collect()
}

/// How well `doc` meets one clause: being of a named category weighs like the name in the
/// title; the best alternative adds, each token by the field holding it and its rarity
/// (averaged, so a long word's bigrams weigh as one word). A posting of the category that also
/// names the occupation in its title or skills (`welding` among its skills) comes first.
fn clause_score(doc: &Doc, clause: &Clause, rarity: &HashMap<u32, f32>) -> f32 {
    let by_category = clause
        .categories
        .iter()
        .zip(&clause.category_tokens)
        .filter(|(category, _)| doc.categories.contains(category))
        .map(|(_, token)| TITLE_WEIGHT * rarity.get(token).copied().unwrap_or(1.0))
        .fold(0.0, f32::max);
    let by_text = clause
        .alternatives
        .iter()
        .map(|alternative| {
            let total: f32 = alternative
                .iter()
                .map(|code| field_weight(doc, *code) * rarity.get(code).copied().unwrap_or(1.0))
                .sum();
            total / alternative.len().max(1) as f32
        })
        .fold(0.0, f32::max);
    by_category + by_text
}

fn relevance(doc: &Doc, plan: &Plan, rarity: &HashMap<u32, f32>) -> f32 {
    plan.clauses
        .iter()
        .map(|clause| clause_score(doc, clause, rarity))
        .sum()
}

/// The page `offset..offset + limit` of the hits, in `sort` order, and their number.
pub(super) fn page(
    index: &MemoryIndex,
    plan: &Plan,
    filter: &SearchFilter,
    sort: SearchSort,
    offset: u64,
    limit: u64,
) -> SearchPage {
    let pass = run(index, plan, filter, false);
    let total = pass.hits.len() as u64;
    let docs = &index.docs;
    let newest = |a: &Doc, b: &Doc| {
        b.published_at
            .cmp(&a.published_at)
            .then_with(|| b.id.cmp(&a.id))
    };
    let mut keyed: Vec<(f32, u32)> = if sort == SearchSort::Relevance && plan.has_clauses() {
        let rarity = rarities(index, plan);
        pass.hits
            .iter()
            .map(|slot| (relevance(&docs[*slot as usize], plan, &rarity), *slot))
            .collect()
    } else {
        pass.hits.iter().map(|slot| (0.0, *slot)).collect()
    };
    let order = |a: &(f32, u32), b: &(f32, u32)| -> Ordering {
        let (da, db) = (&docs[a.1 as usize], &docs[b.1 as usize]);
        match sort {
            SearchSort::Salary => {
                // Highest yearly maximum first, postings without a yen salary last.
                let by_salary = match (da.salary_max_yearly, db.salary_max_yearly) {
                    (Some(x), Some(y)) => y.cmp(&x),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                };
                by_salary.then_with(|| newest(da, db))
            }
            _ => b.0.total_cmp(&a.0).then_with(|| newest(da, db)),
        }
    };
    let end = (offset + limit).min(total) as usize;
    let start = (offset as usize).min(end);
    if end == 0 {
        keyed.clear();
    } else if end < keyed.len() {
        // Only the first `end` need ordering.
        keyed.select_nth_unstable_by(end - 1, order);
        keyed.truncate(end);
    }
    keyed.sort_unstable_by(order);
    SearchPage {
        ids: keyed[start..end]
            .iter()
            .map(|(_, slot)| docs[*slot as usize].id)
            .collect(),
        total,
        ..SearchPage::default()
    }
}

/// The facet counts of a search, most first (ties by value), skills cut to the top 20.
pub(super) fn facets(
    index: &MemoryIndex,
    plan: &Plan,
    filter: &SearchFilter,
) -> Vec<(Facet, Vec<FacetCount>)> {
    let counts = run(index, plan, filter, true).counts.unwrap_or_default();
    FACETS
        .iter()
        .zip(counts)
        .map(|(facet, counted)| {
            let mut list: Vec<FacetCount> = counted
                .into_iter()
                .enumerate()
                .filter(|(_, count)| *count > 0)
                .map(|(key, count)| FacetCount {
                    value: value_name(index, *facet, key as u32),
                    count,
                })
                .collect();
            list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            if *facet == Facet::Skill {
                list.truncate(TOP_SKILLS);
            }
            (*facet, list)
        })
        .collect()
}

fn value_name(index: &MemoryIndex, facet: Facet, key: u32) -> String {
    match facet {
        Facet::JlptLevel if key == NO_JLPT as u32 => "none".into(),
        Facet::JlptLevel => format!("N{key}"),
        Facet::SalaryBand => SALARY_BANDS[key as usize].0.into(),
        _ => index.values.name(key).into(),
    }
}
