//! The in-memory engine's answers on a small hand-made index: facets counted without their own
//! filter, unknown values, paging and sorts, ranking, and replaced or removed postings.

use super::evaluate::{facets, page};
use super::facets::Facet;
use super::index::{NO_JLPT, SKILL};
use super::memory::{MemoryIndex, Row};
use super::plan::{IndexWords, Plan, plan};
use super::query::{SearchFilter, SearchSort};
use super::tokens::indexed;
use crate::service::EmploymentType;
use chrono::{Duration, TimeZone, Utc};
use entities::jobs::{job_search, job_search_term};
use uuid::Uuid;

struct Spec {
    n: u128,
    title: &'static str,
    description: &'static str,
    prefecture: &'static str,
    employment: &'static str,
    salary_max: Option<i64>,
    skills: &'static [&'static str],
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn row(spec: &Spec) -> Row {
    let published =
        Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap() + Duration::days(spec.n as i64);
    Row {
        search: job_search::Model {
            posting_id: id(spec.n),
            company_id: Uuid::nil(),
            published_at: published,
            prefecture: Some(spec.prefecture.into()),
            city: None,
            remote_option: "none".into(),
            employment_type: spec.employment.into(),
            industry: None,
            company_size: None,
            salary_min_yearly: spec.salary_max.map(|max| max / 2),
            salary_max_yearly: spec.salary_max,
            min_experience_years: 0,
            jlpt_level: NO_JLPT,
            visa_sponsorship: false,
            night_shifts: None,
            title_tokens: indexed(spec.title),
            skill_tokens: indexed(&spec.skills.join(" ")),
            company_tokens: String::new(),
            description_tokens: indexed(spec.description),
        },
        terms: spec
            .skills
            .iter()
            .map(|skill| job_search_term::Model {
                kind: SKILL.into(),
                value: (*skill).into(),
                posting_id: id(spec.n),
            })
            .collect(),
    }
}

/// The plan of `query` as the engine reads it (none for a blank query).
fn plan_of(index: &MemoryIndex, query: &str) -> Plan {
    if query.trim().is_empty() {
        return Plan::default();
    }
    plan(index, &lexicon::understand(query, &IndexWords(index)))
}

fn sample() -> MemoryIndex {
    let specs = [
        Spec {
            n: 1,
            title: "Rust Engineer",
            description: "東京のオフィス",
            prefecture: "tokyo",
            employment: "full_time",
            salary_max: Some(9_000_000),
            skills: &["Rust"],
        },
        Spec {
            n: 2,
            title: "介護職員",
            description: "Care work in Osaka",
            prefecture: "osaka",
            employment: "full_time",
            salary_max: Some(3_500_000),
            skills: &["Caregiving"],
        },
        Spec {
            n: 3,
            title: "Sales",
            description: "介護サービスの営業、東京",
            prefecture: "tokyo",
            employment: "contract",
            salary_max: None,
            skills: &["Sales"],
        },
        Spec {
            n: 4,
            title: "Backend Engineer",
            description: "Rust and Go in Osaka",
            prefecture: "osaka",
            employment: "contract",
            salary_max: Some(7_000_000),
            skills: &["Go", "Rust"],
        },
        Spec {
            n: 5,
            title: "Frontend Engineer",
            description: "React",
            prefecture: "fukuoka",
            employment: "part_time",
            salary_max: Some(5_000_000),
            skills: &["React"],
        },
    ];
    let mut index = MemoryIndex::default();
    for spec in &specs {
        index.upsert(&row(spec));
    }
    index
}

fn ids(found: &[Uuid]) -> Vec<u128> {
    found.iter().map(|id| id.as_u128()).collect()
}

fn search(
    index: &MemoryIndex,
    query: &str,
    filter: &SearchFilter,
    sort: SearchSort,
) -> (Vec<u128>, u64) {
    let result = page(index, &plan_of(index, query), filter, sort, 0, 50);
    (ids(&result.ids), result.total)
}

fn counts(
    index: &MemoryIndex,
    query: &str,
    filter: &SearchFilter,
    facet: Facet,
) -> Vec<(String, i64)> {
    facets(index, &plan_of(index, query), filter)
        .into_iter()
        .find(|(counted, _)| *counted == facet)
        .map(|(_, values)| {
            values
                .into_iter()
                .map(|value| (value.value, value.count))
                .collect()
        })
        .unwrap_or_default()
}

fn pairs(expected: &[(&str, i64)]) -> Vec<(String, i64)> {
    expected
        .iter()
        .map(|(value, count)| (value.to_string(), *count))
        .collect()
}

#[test]
fn each_facet_is_counted_without_its_own_filter() {
    let index = sample();
    let filter = SearchFilter {
        prefectures: vec!["tokyo".into()],
        employment_types: vec![EmploymentType::FullTime],
        ..SearchFilter::default()
    };
    assert_eq!(
        search(&index, "", &filter, SearchSort::Newest),
        (vec![1], 1)
    );
    // Prefectures of the full-time postings; employment types of the Tokyo ones.
    assert_eq!(
        counts(&index, "", &filter, Facet::Prefecture),
        pairs(&[("osaka", 1), ("tokyo", 1)])
    );
    assert_eq!(
        counts(&index, "", &filter, Facet::EmploymentType),
        pairs(&[("contract", 1), ("full_time", 1)])
    );
    // A posting failing two filters counts nowhere; skills follow both filters.
    assert_eq!(
        counts(&index, "", &filter, Facet::Skill),
        pairs(&[("Rust", 1)])
    );
    assert_eq!(
        counts(&index, "", &SearchFilter::default(), Facet::SalaryBand),
        pairs(&[("7m_to_10m", 2), ("3m_to_5m", 1), ("5m_to_7m", 1)])
    );
    assert_eq!(
        counts(&index, "rust", &SearchFilter::default(), Facet::JlptLevel),
        pairs(&[("none", 2)])
    );
}

#[test]
fn unknown_words_and_values_match_nothing() {
    let index = sample();
    assert_eq!(
        search(
            &index,
            "haskell",
            &SearchFilter::default(),
            SearchSort::Relevance
        ),
        (vec![], 0)
    );
    assert_eq!(
        search(
            &index,
            "rust haskell",
            &SearchFilter::default(),
            SearchSort::Relevance
        ),
        (vec![], 0)
    );
    let unknown = SearchFilter {
        prefectures: vec!["atlantis".into()],
        ..SearchFilter::default()
    };
    assert_eq!(search(&index, "", &unknown, SearchSort::Newest).1, 0);
    let all_of = SearchFilter {
        skills_all: vec!["Rust".into(), "Cobol".into()],
        ..SearchFilter::default()
    };
    assert_eq!(search(&index, "", &all_of, SearchSort::Newest).1, 0);
    let all_of = SearchFilter {
        skills_all: vec!["Rust".into(), "Go".into()],
        ..SearchFilter::default()
    };
    assert_eq!(
        search(&index, "", &all_of, SearchSort::Newest),
        (vec![4], 1)
    );
    let any_of = SearchFilter {
        skills_any: vec!["Rust".into(), "Cobol".into()],
        ..SearchFilter::default()
    };
    assert_eq!(
        search(&index, "", &any_of, SearchSort::Newest),
        (vec![4, 1], 2)
    );
}

#[test]
fn keywords_rank_title_hits_first_and_sorts_page() {
    let index = sample();
    // 介護 names an occupation: 2 has it in its title; 3 (sales) only mentions it in its
    // description. 東京 names a place: the prefecture field decides (newest first).
    assert_eq!(
        search(
            &index,
            "介護",
            &SearchFilter::default(),
            SearchSort::Relevance
        ),
        (vec![2], 1)
    );
    // A word naming no field matches any text, title hits first.
    assert_eq!(
        search(
            &index,
            "サービス",
            &SearchFilter::default(),
            SearchSort::Relevance
        ),
        (vec![3], 1)
    );
    assert_eq!(
        search(
            &index,
            "東京",
            &SearchFilter::default(),
            SearchSort::Relevance
        ),
        (vec![3, 1], 2)
    );
    assert_eq!(
        search(
            &index,
            "rust",
            &SearchFilter::default(),
            SearchSort::Relevance
        ),
        (vec![1, 4], 2)
    );
    assert_eq!(
        search(&index, "rust", &SearchFilter::default(), SearchSort::Newest),
        (vec![4, 1], 2)
    );
    assert_eq!(
        search(&index, "", &SearchFilter::default(), SearchSort::Salary).0,
        vec![1, 4, 5, 2, 3]
    );
    let second = page(
        &index,
        &Plan::default(),
        &SearchFilter::default(),
        SearchSort::Salary,
        2,
        2,
    );
    assert_eq!((ids(&second.ids), second.total), (vec![5, 2], 5));
    let past_the_end = page(
        &index,
        &Plan::default(),
        &SearchFilter::default(),
        SearchSort::Salary,
        7,
        2,
    );
    assert_eq!((ids(&past_the_end.ids), past_the_end.total), (vec![], 5));
}

#[test]
fn replaced_and_removed_postings_leave_no_trace() {
    let mut index = sample();
    index.upsert(&row(&Spec {
        n: 1,
        title: "Go Engineer",
        description: "大阪",
        prefecture: "osaka",
        employment: "full_time",
        salary_max: None,
        skills: &["Go"],
    }));
    assert_eq!(
        search(&index, "rust", &SearchFilter::default(), SearchSort::Newest),
        (vec![4], 1)
    );
    assert_eq!(
        search(&index, "go", &SearchFilter::default(), SearchSort::Newest),
        (vec![4, 1], 2)
    );
    index.remove(id(4));
    index.remove(id(99));
    assert_eq!(
        search(&index, "go", &SearchFilter::default(), SearchSort::Newest),
        (vec![1], 1)
    );
    assert_eq!(
        counts(&index, "", &SearchFilter::default(), Facet::Prefecture),
        pairs(&[("osaka", 2), ("fukuoka", 1), ("tokyo", 1)])
    );
    assert_eq!(index.len(), 4);
    assert_eq!(index.wasted(), 2);
}
